import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startOrthanc, type OrthancHandle } from '../../scripts/archive/orthanc.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { testGateway } from '../test-gateway.ts';
import { parseConfig } from '../config.ts';
import { stowBody } from './multipart-test-helpers.ts';
import { listen, rawRequest, testSession, timeout } from '../test-helpers.ts';

/**
 * Uploads through the gateway to a private Orthanc with only four HTTP threads (so that a handful of slow
 * uploads would take them all), starting empty so that "nothing was stored" can be checked directly.
 */

const CT_SMALL = '/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm';
const CT_SOP_UID = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';
const ORTHANC_THREADS = 4;

let dataDir: string;
let archive: OrthancHandle;
let app: FastifyInstance;
let gatewayUrl: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-stow-archive-'));
  archive = await startOrthanc({ dataDir, httpPort: await freePort(), dicomPort: await freePort(), httpThreads: ORTHANC_THREADS });
  const config = parseConfig(
    {
      logLevel: 'silent',
      sources: [
        {
          id: 'private',
          label: 'Private archive',
          upstream: { root: archive.dicomWebRoot, authorization: archive.gatewayAuthorization },
          quirks: { queryValueEncoding: 'literal' },
        },
      ],
      // Short enough that a gateway which let uploads hold the archive fails here instead of hanging.
      timeouts: { responseMs: 5000, bodyIdleMs: 5000 },
      uploadIdleTimeoutMs: 2000,
      uploadMinBytesPerSecond: 1,
      uploadSpoolDir: dataDir,
      archiveMaxConcurrent: ORTHANC_THREADS - 1,
      archiveMaxPerClient: ORTHANC_THREADS - 1,
    },
    { origin: 'integration test' },
  );
  app = (await testGateway(config)).app;
  gatewayUrl = await listen(app);
});

afterAll(async () => {
  await app?.close();
  await archive?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function storedInstances(): Promise<number> {
  const res = await archive.adminFetch('/dicom-web/instances', { headers: { accept: 'application/dicom+json' } });
  expect(res.status).toBe(200);
  return ((await res.json()) as unknown[]).length;
}

function post(body: Buffer, contentType: string, extra: http.OutgoingHttpHeaders = {}) {
  return rawRequest(gatewayUrl, '/dicom-web/studies', {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/dicom+json', 'content-length': body.length, ...extra },
    body,
  });
}

interface SlowUpload {
  /** Resolves once the request line, headers and first bytes are on their way. */
  started: Promise<void>;
  answered(): boolean;
  stop(): void;
}

/** An upload that announces 100 kB and sends one byte every 200 ms. */
function slowUpload(): SlowUpload {
  const { contentType } = stowBody([]);
  const base = new URL(gatewayUrl);
  let answered = false;
  const req = http.request(
    {
      host: base.hostname,
      port: base.port,
      method: 'POST',
      path: '/dicom-web/studies',
      headers: { cookie: testSession.cookie, 'content-type': contentType, 'content-length': 100_000 },
      agent: false,
    },
    (res) => {
      answered = true;
      res.resume();
    },
  );
  req.on('error', () => undefined);
  const started = new Promise<void>((resolve) => req.write('--readroom-stow-boundary\r\nContent-Type: application/dicom\r\n\r\n', () => resolve()));
  const drip = setInterval(() => req.write('x'), 200);
  return {
    started,
    answered: () => answered,
    stop: () => {
      clearInterval(drip);
      req.destroy();
    },
  };
}

describe('uploads through the gateway', () => {
  it("slow uploads do not keep a reader's search from the archive", async () => {
    const uploads = Array.from({ length: ORTHANC_THREADS + 2 }, () => slowUpload());
    try {
      await Promise.all(uploads.map((upload) => upload.started));
      // Time for a gateway that forwards uploads as they arrive to hand each of them to an archive thread.
      await sleep(500);
      const search = await rawRequest(gatewayUrl, '/dicom-web/studies', { headers: { accept: 'application/dicom+json' } });
      expect(search.status).toBe(200);
      expect(JSON.parse(search.body.toString())).toEqual([]);
      expect(uploads.filter((upload) => upload.answered())).toEqual([]);
    } finally {
      for (const upload of uploads) upload.stop();
    }
  });

  it('refuses an upload without its closing delimiter (400), and the archive stores nothing', async () => {
    const { body, contentType } = stowBody([readFileSync(CT_SMALL)]);
    const cut = body.subarray(0, body.length - '--readroom-stow-boundary--\r\n'.length);
    const res = await post(cut, contentType);
    expect(await storedInstances()).toBe(0);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: 'bad_multipart' });
  });

  it('refuses a multipart/form-data upload (415) and a body that is not multipart (400)', async () => {
    const form = await post(stowBody([readFileSync(CT_SMALL)]).body, 'multipart/form-data; boundary=readroom-stow-boundary');
    const garbage = await post(Buffer.from('this is not a multipart body'), stowBody([]).contentType);
    expect(await storedInstances()).toBe(0);
    expect([form.status, garbage.status]).toEqual([415, 400]);
  });

  it('answers 408 to an upload that stops short of its announced length', async () => {
    const { body, contentType } = stowBody([readFileSync(CT_SMALL)]);
    const base = new URL(gatewayUrl);
    const status = await timeout(
      new Promise<number | string>((resolve) => {
        const req = http.request(
          {
            host: base.hostname,
            port: base.port,
            method: 'POST',
            path: '/dicom-web/studies',
            headers: { cookie: testSession.cookie, 'content-type': contentType, 'content-length': body.length },
            agent: false,
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', (error) => resolve(error.message));
        req.write(body.subarray(0, body.length - 100));
      }),
      20_000,
      'an answer to the stalled upload',
    );
    expect(await storedInstances()).toBe(0);
    expect(status).toBe(408);
  });

  it('answers 502 when the archive says 200 but stored none of the parts', async () => {
    // Orthanc 1.10 skips a part whose Content-Type has parameters, and still answers 200.
    const file = readFileSync(CT_SMALL);
    const boundary = 'readroom-stow-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await post(body, stowBody([]).contentType);
    expect(await storedInstances()).toBe(0);
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: 'archive_stored_nothing', message: expect.stringContaining('none of its 1 instance') });
  });

  it("stores a complete upload and passes the archive's answer on", async () => {
    const { body, contentType } = stowBody([readFileSync(CT_SMALL)]);
    const res = await post(body, contentType);
    expect(res.status).toBe(200);
    const referenced = (JSON.parse(res.body.toString()) as Record<string, { Value?: Array<Record<string, { Value?: string[] }>> }>)['00081199']?.Value ?? [];
    expect(referenced.map((item) => item['00081155']?.Value?.[0])).toEqual([CT_SOP_UID]);
    expect(await storedInstances()).toBe(1);
  });
});
