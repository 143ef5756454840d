import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readManifest } from '../../scripts/samples/manifest.ts';
import { runValidator } from '../../scripts/testing/gsps-tools.ts';
import { parseWithPythonHl7 } from '../../scripts/testing/python-hl7.ts';
import { sharedArchive } from '../../scripts/testing/shared-archive.ts';
import { parseConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { buildGateway } from '../http/app.ts';
import { addTestAccount, signInCookie, testDatabase } from '../test-gateway.ts';
import { fhirSchemaErrors } from './fhir-schema.ts';
import { deliveriesOfStudy, type OutboxRow } from './outbox-store.ts';
import type { SignedReport } from './signed-report.ts';
import { srUids } from './sr-uids.ts';
import { startFhirReceiver, startMllpReceiver, type FhirReceiver, type MllpReceiver } from './test-receivers.ts';

/**
 * A signed report leaves the building through the gateway's real outbox worker: to the real archive as an
 * SR (read back, dciodvfy clean), to a FHIR server and an MLLP receiver that the test runs on loopback
 * (stopped and answering errors on purpose). The ORU^R01 is read back by python3-hl7, a parser that has
 * nothing to do with Readroom's writer; the DiagnosticReport is checked against the official R4 schema.
 */

const archive = sharedArchive();
const manifest = readManifest(inject('manifestPath'));
const study = manifest.studies.find((s) => s.key === 'ct-chest-current')!;
const ct = study.series.find((s) => s.modality === 'CT')!;
const dir = mkdtempSync(join(tmpdir(), 'readroom-delivery-'));

let counter = 0;
function signedReport(overrides: Partial<SignedReport> = {}): SignedReport {
  counter += 1;
  return {
    reportId: `it-${process.pid}-${Date.now()}-${counter}`,
    version: 1,
    status: 'final',
    sourceId: 'dev',
    studyInstanceUid: study.studyInstanceUID,
    accessionNumber: study.accessionNumber,
    patient: { id: study.patientId, issuer: study.issuerOfPatientId, name: study.patientName, birthDate: '', sex: '' },
    study: { date: study.studyDate, time: study.studyTime, description: study.description, modalities: ['CT'], referringPhysician: '' },
    author: { username: 'radiologist', displayName: 'Ada Reader' },
    signedAt: new Date().toISOString(),
    sections: [
      { title: 'Findings', text: `Run ${counter}: 6 mm nodule | RUL ^ apex ~ stable & unchanged \\ since prior.\nNo effusion.` },
      { title: 'Impression', text: 'Stable pulmonary nodule. Straße clear.' },
    ],
    references: ct.instances
      .slice(0, 2)
      .map((i) => ({ seriesInstanceUid: ct.seriesInstanceUID, sopClassUid: i.sopClassUID, sopInstanceUid: i.sopInstanceUID })),
    ...overrides,
  };
}

async function storedSr(sopInstanceUid: string): Promise<ArrayBuffer | undefined> {
  const [match] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: sopInstanceUid })).json()) as Array<{ ID: string; Type: string }>;
  if (!match) return undefined;
  return (await archive.adminFetch(`/instances/${match.ID}/file`)).arrayBuffer();
}

describe('report delivery to real receivers', () => {
  let app: FastifyInstance;
  let db: Database;
  let fhir: FhirReceiver;
  let mllp: MllpReceiver;
  let radiologist: string;
  let admin: string;
  const enqueued: SignedReport[] = [];

  const rows = async (report: SignedReport): Promise<Record<string, OutboxRow>> =>
    Object.fromEntries(
      (await deliveriesOfStudy(db, report.sourceId, report.studyInstanceUid)).filter((r) => r.reportId === report.reportId).map((r) => [r.destination, r]),
    );
  const states = async (report: SignedReport) => Object.fromEntries(Object.entries(await rows(report)).map(([d, r]) => [d, r.state]));
  const enqueue = async (report: SignedReport) => {
    enqueued.push(report);
    // What signing a report calls: one row per configured destination, and the worker woken.
    await app.reportDelivery.enqueue(report);
  };
  const delivered = async (report: SignedReport) =>
    expect.poll(() => states(report), { timeout: 60_000, interval: 200 }).toEqual({ 'archive-sr': 'delivered', fhir: 'delivered', hl7: 'delivered' });
  const fhirOf = (report: SignedReport) =>
    fhir.stored.filter((s) => (s.resource['identifier'] as Array<{ value: string }>).some((i) => i.value === report.reportId)).map((s) => s.resource);
  const hl7Of = async (report: SignedReport) => {
    const controlId = (await rows(report))['hl7']!.messageId;
    return mllp.received.filter((m) => m.split('\r')[0]!.split('|')[9] === controlId);
  };

  beforeAll(async () => {
    fhir = await startFhirReceiver();
    mllp = await startMllpReceiver();
    db = await testDatabase();
    const config = parseConfig(
      {
        logLevel: 'warn',
        sources: [
          { id: 'dev', label: 'Development archive', upstream: { root: inject('dicomWebRoot'), authorization: inject('archiveGatewayAuthorization') } },
        ],
        delivery: {
          fhirUrl: fhir.url,
          hl7Mllp: `${mllp.host}:${mllp.port}`,
          hl7ReceivingApplication: 'RIS',
          hl7ReceivingFacility: 'HOSPITAL',
          retryBaseMs: 200,
          retryCapMs: 1000,
          timeoutMs: 3000,
          maxAttempts: 100,
        },
      },
      { origin: 'integration test' },
    );
    app = await buildGateway(config, { db });
    expect(app.reportDelivery.destinations).toEqual(['archive-sr', 'fhir', 'hl7']);
    radiologist = await signInCookie(app, (await addTestAccount(db, ['radiologist'])).username);
    admin = await signInCookie(app, (await addTestAccount(db, ['admin'])).username);
  });

  afterAll(async () => {
    await app?.close();
    await fhir?.stop();
    await mllp?.stop();
    // Other integration tests count the study's series: take the report series out again.
    for (const report of enqueued) {
      const [match] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: srUids(report.reportId).seriesInstanceUid })).json()) as Array<{
        ID: string;
      }>;
      if (match) await archive.adminFetch(`/series/${match.ID}`, { method: 'DELETE' });
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a final report to all three: an SR in the archive that dciodvfy accepts, a valid DiagnosticReport, an ORU^R01 read back by python3-hl7', async () => {
    const report = signedReport();
    await enqueue(report);
    await delivered(report);

    const sr = await storedSr(srUids(report.reportId).sopInstanceUid);
    expect(sr).toBeDefined();
    const file = join(dir, 'final-sr.dcm');
    writeFileSync(file, new Uint8Array(sr!));
    const { output } = await runValidator('dciodvfy', [file]);
    expect(output).toMatch(/BasicTextSR/);
    expect(output.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);

    const [resource, ...more] = fhirOf(report);
    expect(more).toEqual([]);
    const { id: _serverId, ...sent } = resource!;
    expect(fhirSchemaErrors(sent)).toEqual([]);
    expect(sent).toMatchObject({ resourceType: 'DiagnosticReport', status: 'final', conclusion: 'Stable pulmonary nodule. Straße clear.' });
    expect((sent['imagingStudy'] as Array<{ identifier: { value: string } }>)[0]!.identifier.value).toBe(`urn:oid:${study.studyInstanceUID}`);

    const [message, ...again] = await hl7Of(report);
    expect(again).toEqual([]);
    const oru = parseWithPythonHl7(message!);
    expect(oru).toMatchObject({
      version: '2.5.1',
      patientId: study.patientId,
      placerOrder: study.accessionNumber,
      fillerOrder: study.accessionNumber,
      resultStatus: 'F',
    });
    expect(study.accessionNumber).not.toBe('');
    expect(oru.texts).toEqual([report.sections[0]!.text, report.sections[1]!.text]);
    expect(oru.obxStatuses).toEqual(['F', 'F']);
    expect(oru.controlId).toBe((await rows(report))['hl7']!.messageId);

    const state = await app.inject({ method: 'GET', url: `/api/deliveries?study=${study.studyInstanceUID}&source=dev`, headers: { cookie: radiologist } });
    expect(state.statusCode).toBe(200);
    const entry = (
      state.json() as { reports: Array<{ reportId: string; destinations: Array<{ destination: string; state: string; deliveredAt: string }> }> }
    ).reports.find((r) => r.reportId === report.reportId)!;
    expect(entry.destinations.map((d) => [d.destination, d.state]).sort()).toEqual([
      ['archive-sr', 'delivered'],
      ['fhir', 'delivered'],
      ['hl7', 'delivered'],
    ]);
  });

  it('keeps an ORU while the HL7 receiver is down ("retrying" meanwhile), and delivers it exactly once when it is back', async () => {
    await mllp.stop();
    const report = signedReport();
    await enqueue(report);
    await expect.poll(async () => (await rows(report))['hl7']?.state, { timeout: 30_000, interval: 100 }).toBe('retrying');
    const state = await app.inject({ method: 'GET', url: `/api/deliveries?study=${study.studyInstanceUID}&source=dev`, headers: { cookie: radiologist } });
    const hl7State = (state.json() as { reports: Array<{ reportId: string; destinations: Array<Record<string, unknown>> }> }).reports
      .find((r) => r.reportId === report.reportId)!
      .destinations.find((d) => d['destination'] === 'hl7')!;
    expect(hl7State).toMatchObject({ state: 'retrying', lastError: 'HL7 receiver: the receiver refused the connection (is it running?)' });
    expect(hl7State['nextAttemptAt']).toEqual(expect.any(String));
    // Let it fail a few times more before the receiver comes back.
    await expect.poll(async () => (await rows(report))['hl7']!.attempts, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    expect(await hl7Of(report)).toEqual([]);

    await mllp.start();
    await delivered(report);
    // A few more worker rounds: nothing is sent again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const messages = await hl7Of(report);
    expect(messages).toHaveLength(1);
    expect(parseWithPythonHl7(messages[0]!).texts[1]).toBe('Stable pulmonary nodule. Straße clear.');
  });

  it('retries a FHIR server that answered 500, and ends with one DiagnosticReport', async () => {
    const before = fhir.posts;
    fhir.failNext.push(500);
    const report = signedReport();
    await enqueue(report);
    await delivered(report);
    expect(fhir.posts - before).toBe(2);
    expect(fhirOf(report)).toHaveLength(1);
    const row = (await rows(report))['fhir']!;
    expect(row.attempts).toBe(2);
  });

  it('sends the same DiagnosticReport again after a lost answer, and the conditional create keeps one copy', async () => {
    const report = signedReport();
    await enqueue(report);
    await delivered(report);
    // As if the 201 had been lost: the row is due again and the worker sends the same resource.
    await db.query(`UPDATE report_outbox SET state = 'retrying', next_attempt_at = now() WHERE report_id = $1 AND destination = 'fhir'`, [report.reportId]);
    const before = fhir.posts;
    await expect.poll(async () => (await rows(report))['fhir']!.state, { timeout: 30_000, interval: 100 }).toBe('delivered');
    expect(fhir.posts - before).toBe(1);
    expect(fhirOf(report)).toHaveLength(1);
  });

  it('an addendum goes out as FHIR status amended, HL7 result status C, and an SR naming its predecessor', async () => {
    const original = signedReport();
    await enqueue(original);
    await delivered(original);
    const addendum = signedReport({
      version: 2,
      status: 'amended',
      addendum: { text: 'Addendum: a healing rib fracture on the left.', amendsReportId: original.reportId },
    });
    await enqueue(addendum);
    await delivered(addendum);

    const [resource] = fhirOf(addendum);
    expect(resource!['status']).toBe('amended');
    const { id: _id, ...sent } = resource!;
    expect(fhirSchemaErrors(sent)).toEqual([]);

    const [message] = await hl7Of(addendum);
    const oru = parseWithPythonHl7(message!);
    expect(oru.resultStatus).toBe('C');
    expect(oru.obxStatuses).toEqual(['C', 'C', 'C']);
    expect(oru.texts.at(-1)).toBe('Addendum: a healing rib fracture on the left.');

    const sr = await storedSr(srUids(addendum.reportId).sopInstanceUid);
    const file = join(dir, 'addendum-sr.dcm');
    writeFileSync(file, new Uint8Array(sr!));
    const { output } = await runValidator('dciodvfy', [file]);
    expect(output.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);
    expect(Buffer.from(sr!).includes(Buffer.from(srUids(original.reportId).sopInstanceUid))).toBe(true);
  });

  it('fails a message the HL7 receiver rejects (AR) with its words, shows it to the admin, and "retry now" delivers it', async () => {
    mllp.answer = { code: 'AR', text: 'Unknown order' };
    const report = signedReport();
    await enqueue(report);
    await expect.poll(async () => (await rows(report))['hl7']?.state, { timeout: 30_000, interval: 100 }).toBe('failed');
    mllp.answer = { code: 'AA' };

    const list = await app.inject({ method: 'GET', url: '/api/admin/deliveries', headers: { cookie: admin } });
    expect(list.statusCode).toBe(200);
    const failed = (list.json() as { deliveries: Array<Record<string, unknown>> }).deliveries.find((d) => d['reportId'] === report.reportId)!;
    expect(failed).toMatchObject({ destination: 'hl7', state: 'failed', lastError: 'HL7 receiver rejected the message (AR): Unknown order' });
    expect((await app.inject({ method: 'GET', url: '/api/admin/deliveries', headers: { cookie: radiologist } })).statusCode).toBe(403);

    const retry = await app.inject({ method: 'POST', url: `/api/admin/deliveries/${String(failed['id'])}/retry`, headers: { cookie: admin } });
    expect(retry.statusCode).toBe(200);
    await delivered(report);
    const again = await app.inject({ method: 'POST', url: `/api/admin/deliveries/${String(failed['id'])}/retry`, headers: { cookie: admin } });
    expect(again.statusCode).toBe(409);
    // The same message both times (same control id), and the retry is in the audit trail.
    expect(await hl7Of(report)).toHaveLength(2);
    const audit = await db.query<{ record: string }>(`SELECT record::text AS record FROM audit_events ORDER BY seq`);
    const texts = audit.map((a) => (JSON.parse(a.record) as { outcomeDescription?: string }).outcomeDescription ?? '');
    expect(texts).toContain('Report delivery retry requested (HL7 ORU^R01)');
    expect(texts).toContain('Report delivery to HL7 ORU^R01 failed (attempt 1): HL7 receiver rejected the message (AR): Unknown order');
  });
});
