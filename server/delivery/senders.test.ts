import { createServer, type Server } from 'node:http';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedPort } from '../test-helpers.ts';
import type { OutboxRow } from './outbox-store.ts';
import { sampleReport } from './sample-report.ts';
import { fhirSender, hl7Sender, isPermanentHttpStatus, srSender } from './senders.ts';
import { startFhirReceiver, startMllpReceiver, type FhirReceiver, type MllpReceiver } from './test-receivers.ts';

/** Each sender against a receiver on loopback: what counts as delivered, worth a retry, or failed. */

function row(destination: OutboxRow['destination'], messageId: string): OutboxRow {
  const report = sampleReport();
  return {
    id: '1',
    reportId: report.reportId,
    reportVersion: 1,
    sourceId: 'main',
    studyUid: report.studyInstanceUid,
    destination,
    report: { ...report, sourceId: 'main' },
    messageId,
    state: 'pending',
    attempts: 1,
    nextAttemptAt: new Date().toISOString(),
    lastError: null,
    lastAttemptAt: null,
    deliveredAt: null,
    createdAt: new Date().toISOString(),
  };
}

const never = new AbortController().signal;

describe('FHIR sender', () => {
  let fhir: FhirReceiver;
  beforeAll(async () => {
    fhir = await startFhirReceiver();
  });
  afterAll(async () => fhir.stop());

  it('delivers on 201 with the authorization header, and a second send of the same report finds it (200, one copy)', async () => {
    const send = fhirSender({ url: fhir.url, authorization: 'Bearer s3cret', timeoutMs: 2000 });
    expect(await send(row('fhir', 'rpt-0001'), never)).toEqual({ kind: 'delivered', detail: `HTTP 201 ${fhir.url}/DiagnosticReport/1/_history/1` });
    expect(fhir.stored[0]!.headers['authorization']).toBe('Bearer s3cret');
    expect(fhir.stored[0]!.headers['if-none-exist']).toBe('identifier=urn%3Areadroom%3Areport-id|rpt-0001');
    expect(await send(row('fhir', 'rpt-0001'), never)).toEqual({ kind: 'delivered', detail: 'HTTP 200' });
    expect(fhir.stored).toHaveLength(1);
  });

  it('retries on 5xx, 408 and 429 with the server’s diagnostics; fails on another 4xx', async () => {
    const send = fhirSender({ url: fhir.url, timeoutMs: 2000 });
    for (const status of [500, 503, 408, 429]) {
      fhir.failNext.push(status);
      expect(await send(row('fhir', 'x'), never)).toEqual({ kind: 'retry', error: `HTTP ${status}: Test receiver answers ${status}` });
    }
    for (const status of [400, 401, 403, 422]) {
      fhir.failNext.push(status);
      expect(await send(row('fhir', 'x'), never)).toEqual({ kind: 'failed', error: `HTTP ${status}: Test receiver answers ${status}` });
    }
    expect(isPermanentHttpStatus(404)).toBe(true);
    expect(isPermanentHttpStatus(500)).toBe(false);
  });

  it('retries when the server is down', async () => {
    const send = fhirSender({ url: `http://127.0.0.1:${await refusedPort()}/fhir`, timeoutMs: 2000 });
    expect(await send(row('fhir', 'x'), never)).toEqual({
      kind: 'retry',
      error: 'FHIR server not reached: the receiver refused the connection (is it running?)',
    });
  });
});

describe('HL7 sender', () => {
  let mllp: MllpReceiver;
  beforeAll(async () => {
    mllp = await startMllpReceiver();
  });
  afterAll(async () => mllp.stop());
  const target = () => ({
    host: mllp.host,
    port: mllp.port,
    sendingFacility: 'TELERAD',
    receivingApplication: 'RIS',
    receivingFacility: 'H',
    connectTimeoutMs: 2000,
    answerTimeoutMs: 2000,
  });

  it('AA: delivered; AE: retry; AR: failed, each with the receiver’s text', async () => {
    const send = hl7Sender(target());
    mllp.answer = { code: 'AA' };
    expect(await send(row('hl7', 'RRA1'), never)).toEqual({ kind: 'delivered', detail: 'ACK AA' });
    expect(mllp.received.at(-1)!.split('\r')[0]!.split('|')[9]).toBe('RRA1');
    mllp.answer = { code: 'AE', text: 'Busy' };
    expect(await send(row('hl7', 'RRA2'), never)).toEqual({ kind: 'retry', error: 'HL7 receiver reported an error (AE): Busy' });
    mllp.answer = { code: 'AR', text: 'Unknown patient' };
    expect(await send(row('hl7', 'RRA3'), never)).toEqual({ kind: 'failed', error: 'HL7 receiver rejected the message (AR): Unknown patient' });
    mllp.answer = { code: 'AA' };
  });

  it('retries when the receiver is down', async () => {
    const send = hl7Sender({ ...target(), port: await refusedPort() });
    expect(await send(row('hl7', 'RRA4'), never)).toEqual({ kind: 'retry', error: 'HL7 receiver: the receiver refused the connection (is it running?)' });
  });
});

describe('SR sender', () => {
  let server: Server;
  let port = 0;
  const answers: Array<[number, string]> = [];
  const seen: Array<{ url: string; authorization: string | undefined; contentType: string | undefined }> = [];
  const agent = new Agent();
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push({ url: req.url ?? '', authorization: req.headers['authorization'], contentType: req.headers['content-type'] });
        const [status, body] = answers.shift() ?? [200, '{}'];
        res.writeHead(status, { 'content-type': 'application/dicom+json' }).end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await agent.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const send = () =>
    srSender(
      {
        sources: [
          {
            id: 'main',
            label: 'Test archive',
            upstream: { root: `http://127.0.0.1:${port}/dicom-web`, authorization: 'Basic Z3c6cHc=' },
            quirks: { queryValueEncoding: 'percent' },
            lossyPreview: 'none',
            frameStreaming: false,
          },
        ],
        organization: 'Readroom',
        timeoutMs: 2000,
      },
      agent,
    );

  it('stores to the study with the archive’s credentials; a failed SOP in the answer, 5xx: retry; 4xx: failed', async () => {
    expect(await send()(row('archive-sr', 'x'), never)).toEqual({ kind: 'delivered', detail: 'HTTP 200' });
    expect(seen[0]).toMatchObject({ url: `/dicom-web/studies/${sampleReport().studyInstanceUid}`, authorization: 'Basic Z3c6cHc=' });
    expect(seen[0]!.contentType).toMatch(/^multipart\/related; type="application\/dicom"; boundary=/);
    answers.push([202, JSON.stringify({ '00081198': { vr: 'SQ', Value: [{ '00081197': { vr: 'US', Value: [272] } }] } })]);
    expect(await send()(row('archive-sr', 'x'), never)).toEqual({ kind: 'retry', error: 'Archive "Test archive" did not store the SR (reason 272)' });
    answers.push([503, 'busy']);
    expect(await send()(row('archive-sr', 'x'), never)).toEqual({ kind: 'retry', error: 'Archive "Test archive" answered HTTP 503: busy' });
    answers.push([403, 'forbidden']);
    expect(await send()(row('archive-sr', 'x'), never)).toEqual({ kind: 'failed', error: 'Archive "Test archive" answered HTTP 403: forbidden' });
    expect(await send()({ ...row('archive-sr', 'x'), studyUid: '1.2/../../tools' }, never)).toEqual({
      kind: 'failed',
      error: 'The study has no valid Study Instance UID',
    });
    expect(await send()({ ...row('archive-sr', 'x'), sourceId: 'gone' }, never)).toEqual({
      kind: 'failed',
      error: 'No data source "gone" is configured for this study',
    });
  });
});
