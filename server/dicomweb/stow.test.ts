import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { testGateway } from '../test-gateway.ts';
import { stowBody } from './multipart-test-helpers.ts';
import { listen, rawRequest, refusedPort, startFakeUpstream, testConfig, timeout, testSession } from '../test-helpers.ts';

/** STOW through the gateway against stand-in archives: spooling, limits, checks and the archive's answer. */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const STORED = '{"00081199":{"vr":"SQ","Value":[{"00081155":{"vr":"UI","Value":["1.2.3.4"]}}]}}';
const NOTHING = '{"00080005":{"vr":"CS","Value":["ISO_IR 100"]},"00081198":{"vr":"SQ"},"00081199":{"vr":"SQ"}}';
const DICOM = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(2000, 5)]);

interface Received {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function archiveAnswering(status: number, answer: string): Promise<{ url: string; received: Received[]; arrived: () => number }> {
  const received: Received[] = [];
  let arrived = 0;
  const upstream = await startFakeUpstream((req, res) => {
    arrived++;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(status, { 'content-type': 'application/dicom+json' });
      res.end(answer);
    });
  });
  cleanups.push(() => upstream.close());
  return { url: `${upstream.url}/dicom-web`, received, arrived: () => arrived };
}

async function gateway(upstreamRoot: string, extra: Record<string, unknown> = {}): Promise<{ url: string; spoolDir: string }> {
  const spoolDir = mkdtempSync(path.join(tmpdir(), 'readroom-stow-test-'));
  cleanups.push(() => rmSync(spoolDir, { recursive: true, force: true }));
  const app = (
    await testGateway(testConfig({ sources: [{ id: 'main', label: 'Test archive', upstream: { root: upstreamRoot } }], uploadSpoolDir: spoolDir, ...extra }))
  ).app;
  cleanups.push(() => app.close());
  return { url: await listen(app), spoolDir };
}

function post(url: string, body: Buffer, contentType = stowBody([]).contentType, path = '/dicom-web/studies') {
  return rawRequest(url, path, {
    method: 'POST',
    headers: { 'content-type': contentType, 'content-length': body.length, accept: 'application/dicom+json' },
    body,
  });
}

interface OpenUpload {
  request: http.ClientRequest;
  response: Promise<{ status: number; body: string } | string>;
}

/** An upload whose body the test writes itself (and may never finish). */
function openUpload(url: string, headers: http.OutgoingHttpHeaders): OpenUpload {
  const base = new URL(url);
  const request = http.request({
    host: base.hostname,
    port: base.port,
    method: 'POST',
    path: '/dicom-web/studies',
    headers: { cookie: testSession.cookie, ...headers },
    agent: false,
  });
  const response = new Promise<{ status: number; body: string } | string>((resolve) => {
    request.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on('error', (error) => resolve(error.message));
  });
  cleanups.push(() => void request.destroy());
  return { request, response };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  await timeout(
    (async () => {
      while (!condition()) await sleep(10);
    })(),
    3000,
    what,
  );
}

const spoolFiles = (dir: string) => readdirSync(dir);

describe('STOW: the archive sees only complete uploads', () => {
  it('spools the upload and sends it to the archive only once it is complete, with its length', async () => {
    const archive = await archiveAnswering(200, STORED);
    const { url, spoolDir } = await gateway(archive.url);
    const { body, contentType } = stowBody([DICOM, DICOM]);
    const upload = openUpload(url, { 'content-type': contentType, 'content-length': body.length });
    const half = Math.floor(body.length / 2);
    upload.request.write(body.subarray(0, half));
    await until(() => spoolFiles(spoolDir).some((file) => statSync(path.join(spoolDir, file)).size === half), 'the first half in the spool file');
    expect(archive.arrived()).toBe(0);
    upload.request.end(body.subarray(half));
    expect(await upload.response).toEqual({ status: 200, body: STORED });
    expect(archive.received).toHaveLength(1);
    expect(archive.received[0]).toMatchObject({ method: 'POST', url: '/dicom-web/studies' });
    expect(archive.received[0]!.headers['content-length']).toBe(String(body.length));
    expect(archive.received[0]!.headers['content-type']).toBe(contentType);
    expect(archive.received[0]!.headers['transfer-encoding']).toBeUndefined();
    expect(archive.received[0]!.body.equals(body)).toBe(true);
    expect(spoolFiles(spoolDir)).toEqual([]);
  });

  it('sends a chunked upload with its length, and a STOW to one study to that study', async () => {
    const archive = await archiveAnswering(200, STORED);
    const { url } = await gateway(archive.url);
    const { body, contentType } = stowBody([DICOM]);
    const upload = openUpload(url, { 'content-type': contentType, 'transfer-encoding': 'chunked' });
    upload.request.end(body);
    expect(await upload.response).toMatchObject({ status: 200 });
    expect(archive.received[0]!.headers['content-length']).toBe(String(body.length));
    expect((await post(url, body, contentType, '/dicom-web/studies/1.2.3')).status).toBe(200);
    expect(archive.received[1]!.url).toBe('/dicom-web/studies/1.2.3');
  });

  it('never asks the archive for an upload the browser abandons, and removes its spool file', async () => {
    const archive = await archiveAnswering(200, STORED);
    const { url, spoolDir } = await gateway(archive.url);
    const { body, contentType } = stowBody([DICOM]);
    const upload = openUpload(url, { 'content-type': contentType, 'content-length': body.length });
    upload.request.write(body.subarray(0, 1000));
    await until(() => spoolFiles(spoolDir).length === 1, 'a spool file');
    upload.request.destroy();
    await until(() => spoolFiles(spoolDir).length === 0, 'the spool file removed');
    expect(archive.arrived()).toBe(0);
  });
});

describe('STOW: uploads refused before the archive is asked', () => {
  it('refuses what is not a complete multipart/related body of DICOM parts (400, 415)', async () => {
    const archive = await archiveAnswering(200, NOTHING);
    const { url, spoolDir } = await gateway(archive.url);
    const { body, contentType } = stowBody([DICOM]);
    const cases: Array<[string, Buffer, string, number, string]> = [
      ['no closing delimiter', body.subarray(0, body.length - 30), contentType, 400, 'bad_multipart'],
      ['not multipart', Buffer.from('garbage'), contentType, 400, 'bad_multipart'],
      ['empty', Buffer.alloc(0), contentType, 400, 'bad_multipart'],
      ['form-data', body, 'multipart/form-data; boundary=readroom-stow-boundary', 415, 'unsupported_media_type'],
      ['no type', body, 'multipart/related; boundary=readroom-stow-boundary', 415, 'unsupported_media_type'],
      ['a single file', DICOM, 'application/dicom', 415, 'unsupported_media_type'],
      [
        'a part of another type',
        Buffer.from(body.toString('latin1').replace('application/dicom', 'text/plain'), 'latin1'),
        contentType,
        415,
        'unsupported_media_type',
      ],
    ];
    for (const [name, payload, type, status, error] of cases) {
      const res = await post(url, payload, type);
      expect({ name, status: res.status, error: JSON.parse(res.body.toString()).error }).toEqual({ name, status, error });
    }
    expect(archive.arrived()).toBe(0);
    expect(spoolFiles(spoolDir)).toEqual([]);
  });

  it('refuses an upload larger than maxUploadBytes with 413, from its Content-Length or while reading', async () => {
    const archive = await archiveAnswering(200, STORED);
    const { url, spoolDir } = await gateway(archive.url, { maxUploadBytes: 4096 });
    const { body, contentType } = stowBody([DICOM, DICOM, DICOM]);
    const declared = await post(url, body, contentType);
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe('close');
    expect(JSON.parse(declared.body.toString())).toEqual({ error: 'upload_too_large', message: expect.stringContaining('larger than the') });

    const chunked = openUpload(url, { 'content-type': contentType, 'transfer-encoding': 'chunked' });
    chunked.request.write(body.subarray(0, 3000));
    chunked.request.write(body.subarray(3000));
    expect(await chunked.response).toMatchObject({ status: 413 });
    expect(archive.arrived()).toBe(0);
    await until(() => spoolFiles(spoolDir).length === 0, 'the spool file removed');
    expect((await post(url, stowBody([DICOM]).body, contentType)).status).toBe(200);
  });

  it('answers 408 to an upload that stalls, and to one that arrives too slowly', async () => {
    const archive = await archiveAnswering(200, STORED);
    // One limit at a time, so that a slow machine cannot make the other one answer first.
    const { url } = await gateway(archive.url, { uploadIdleTimeoutMs: 300, uploadMinBytesPerSecond: 1 });
    // The rate is judged once the idle bound has passed (here 1 s, far above the 50 ms between drips).
    const { url: rateLimited } = await gateway(archive.url, { uploadIdleTimeoutMs: 1000, uploadMinBytesPerSecond: 1000 });
    const { body, contentType } = stowBody([DICOM]);

    const stalled = openUpload(url, { 'content-type': contentType, 'content-length': body.length });
    stalled.request.write(body.subarray(0, 100));
    const stalledAnswer = await timeout(stalled.response, 3000, 'an answer to the stalled upload');
    expect(stalledAnswer).toMatchObject({ status: 408 });
    expect(JSON.parse((stalledAnswer as { body: string }).body).error).toBe('upload_timeout');

    const slow = openUpload(rateLimited, { 'content-type': contentType, 'content-length': body.length });
    let sent = 0;
    const drip = setInterval(() => slow.request.write(body.subarray(sent, ++sent)), 50);
    cleanups.push(() => clearInterval(drip));
    const slowAnswer = await timeout(slow.response, 10_000, 'an answer to the slow upload');
    expect(slowAnswer).toMatchObject({ status: 408 });
    expect(JSON.parse((slowAnswer as { body: string }).body).error).toBe('upload_too_slow');
    expect(archive.arrived()).toBe(0);
  });
});

describe("STOW: the archive's answer", () => {
  it('answers 502 when the archive says 200 but confirms no instance', async () => {
    const archive = await archiveAnswering(200, NOTHING);
    const { url } = await gateway(archive.url);
    const { body, contentType } = stowBody([DICOM, DICOM]);
    const res = await post(url, body, contentType);
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body.toString())).toEqual({ error: 'archive_stored_nothing', message: expect.stringContaining('none of its 2 instances') });
    expect(archive.received).toHaveLength(1);
  });

  it("passes the archive's refusals on (409), and answers 502 when it cannot be reached", async () => {
    const conflict = await archiveAnswering(409, '{"HttpError":"Conflict"}');
    const { body, contentType } = stowBody([DICOM]);
    const res = await post((await gateway(conflict.url)).url, body, contentType, '/dicom-web/studies/1.2.3');
    expect(res.status).toBe(409);
    expect(JSON.parse(res.body.toString())).toEqual({ HttpError: 'Conflict' });

    const down = await gateway(`http://127.0.0.1:${await refusedPort()}/dicom-web`);
    const unreachable = await post(down.url, body, contentType);
    expect(unreachable.status).toBe(502);
    expect(JSON.parse(unreachable.body.toString()).error).toBe('archive_unreachable');
    expect(spoolFiles(down.spoolDir)).toEqual([]);
  });

  it('answers 504 within the bound when the archive stops reading the upload', async () => {
    const upstream = await startFakeUpstream((req) => req.pause());
    cleanups.push(() => upstream.close());
    const { url } = await gateway(`${upstream.url}/dicom-web`, { timeouts: { responseMs: 300 } });
    const { body, contentType } = stowBody([Buffer.alloc(32 * 1024 * 1024, 1)]);
    const started = Date.now();
    const res = await timeout(post(url, body, contentType), 8000, 'an answer to the stalled upload');
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(6000);
  });
});
