import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startOrthanc, type OrthancHandle } from '../../scripts/archive/orthanc.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { testGateway } from '../test-gateway.ts';
import { parseConfig } from '../config.ts';
import { multipartParts, stowBody } from './multipart-test-helpers.ts';
import { listen, rawRequest } from '../test-helpers.ts';

/**
 * A private Orthanc (so STOW does not change the shared archive), with the generated credentials of its
 * `gateway` user: the gateway holds them, the browser never does.
 */

let USER: string;
let PASSWORD: string;
const CT_SMALL = '/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm';
const CT_SOP_UID = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';

type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

let dataDir: string;
let archive: OrthancHandle;
let withCredentials: FastifyInstance;
let withoutCredentials: FastifyInstance;
let gatewayUrl: string;
let gatewayWithoutCredentialsUrl: string;

function gatewayConfig(upstream: Record<string, unknown>) {
  return parseConfig(
    {
      logLevel: 'warn',
      sources: [{ id: 'secured', label: 'Secured archive', upstream: { root: archive.dicomWebRoot, ...upstream }, quirks: { queryValueEncoding: 'literal' } }],
    },
    { origin: 'integration test' },
  );
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-auth-archive-'));
  archive = await startOrthanc({ dataDir, httpPort: await freePort(), dicomPort: await freePort() });
  ({ username: USER, password: PASSWORD } = archive.credentials.gateway);
  withCredentials = (await testGateway(gatewayConfig({ username: USER, password: PASSWORD }))).app;
  gatewayUrl = await listen(withCredentials);
  withoutCredentials = (await testGateway(gatewayConfig({}))).app;
  gatewayWithoutCredentialsUrl = await listen(withoutCredentials);
});

afterAll(async () => {
  await withCredentials?.close();
  await withoutCredentials?.close();
  await archive?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

// The tests run in order: the QIDO and metadata tests read the instance the STOW test stored.
describe('gateway with archive credentials', () => {
  it('the archive refuses requests without credentials (401)', async () => {
    const res = await fetch(`${archive.dicomWebRoot}/studies`);
    await res.arrayBuffer();
    expect(res.status).toBe(401);
  });

  it('stores an instance sent by STOW through the gateway', async () => {
    const { body, contentType } = stowBody([readFileSync(CT_SMALL)]);
    const res = await rawRequest(gatewayUrl, '/dicom-web/studies', {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/dicom+json', 'content-length': body.length },
      body,
    });
    expect(res.status).toBe(200);
    const result = JSON.parse(res.body.toString()) as DicomJson;
    expect(result['00081198']?.Value ?? []).toEqual([]); // FailedSOPSequence (Orthanc sends it empty)
    const referenced = (result['00081199']?.Value ?? []) as DicomJson[];
    expect(referenced.map((item) => item['00081155']?.Value?.[0])).toEqual([CT_SOP_UID]);

    // Check directly at the archive (with the credentials) that it is really there.
    const direct = await fetch(`${archive.dicomWebRoot}/instances?SOPInstanceUID=${CT_SOP_UID}`, {
      headers: { authorization: archive.gatewayAuthorization, accept: 'application/dicom+json' },
    });
    expect(direct.status).toBe(200);
    expect(((await direct.json()) as unknown[]).length).toBe(1);
  });

  it('answers 200 to QIDO through the gateway, with literal ^ and * matching', async () => {
    const res = await rawRequest(gatewayUrl, '/dicom-web/studies?PatientName=CompressedSamples^CT*', { headers: { accept: 'application/dicom+json' } });
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body.toString()) as unknown[]).length).toBe(1);
    // Orthanc does not percent-decode: the encoded form finds nothing (why the source's quirk is 'literal').
    const encoded = await rawRequest(gatewayUrl, '/dicom-web/studies?PatientName=CompressedSamples%5ECT*', { headers: { accept: 'application/dicom+json' } });
    expect(JSON.parse(encoded.body.toString())).toEqual([]);
  });

  it('BulkDataURIs in metadata point back at the gateway', async () => {
    const res = await rawRequest(gatewayUrl, `/dicom-web/studies/1.3.6.1.4.1.5962.1.2.1.20040119072730.12322/metadata`, {
      headers: { accept: 'application/dicom+json' },
    });
    expect(res.status).toBe(200);
    const uris = [...res.body.toString().matchAll(/"BulkDataURI"\s*:\s*"([^"]+)"/g)].map((m) => m[1]);
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(uri).toMatch(new RegExp(`^${gatewayUrl}/dicom-web/`));
    const bulk = await rawRequest(gatewayUrl, new URL(uris[0]!).pathname, { headers: { accept: 'multipart/related; type="application/octet-stream"' } });
    expect(bulk.status).toBe(200);
  });

  it("frame batches ask the archive with the gateway's credentials, never the browser's", async () => {
    const study = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
    const series = await rawRequest(gatewayUrl, `/dicom-web/studies/${study}/series`, { headers: { accept: 'application/dicom+json' } });
    const seriesUid = String((JSON.parse(series.body.toString()) as DicomJson[])[0]!['0020000E']!.Value![0]);
    const path = `/dicom-web/studies/${study}/series/${seriesUid}/frames-batch?frame=${CT_SOP_UID}:1`;
    const accept = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
    const res = await rawRequest(gatewayUrl, path, { headers: { accept } });
    expect(res.status).toBe(200);
    const [part] = multipartParts(res.body, String(res.headers['content-type']));
    expect(part!.headers['readroom-frame-status']).toBeUndefined();
    expect(part!.body.length).toBe(128 * 128 * 2);

    const browserCredentials = { accept, authorization: archive.gatewayAuthorization };
    const refused = await rawRequest(gatewayWithoutCredentialsUrl, path, { headers: browserCredentials });
    expect(refused.status).toBe(200);
    expect(refused.headers['www-authenticate']).toBeUndefined();
    const [refusedPart] = multipartParts(refused.body, String(refused.headers['content-type']));
    expect(refusedPart!.headers['readroom-frame-status']).toBe('401');
  });

  it('/app-config.json and /api/health never contain the password or the archive address', async () => {
    for (const endpoint of ['/app-config.json', '/api/health']) {
      const res = await rawRequest(gatewayUrl, endpoint);
      expect(res.status).toBe(200);
      const body = res.body.toString();
      expect(body).not.toContain(PASSWORD);
      // The user is called `gateway`, a word /api/health uses for itself: look for the pair.
      expect(body).not.toContain(`${USER}:`);
      expect(body).not.toContain(archive.gatewayAuthorization.slice('Basic '.length));
      expect(body).not.toContain(new URL(archive.httpUrl).host);
    }
    const health = JSON.parse((await rawRequest(gatewayUrl, '/api/health')).body.toString());
    expect(health.sources[0]).toMatchObject({ id: 'secured', reachable: true });
  });

  it('without configured credentials the gateway passes the 401 on, without a login prompt', async () => {
    const res = await rawRequest(gatewayWithoutCredentialsUrl, '/dicom-web/studies', {
      headers: { authorization: archive.gatewayAuthorization },
    });
    // Even the right credentials from the browser are dropped: only the gateway's own count.
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBeUndefined();
    const health = JSON.parse((await rawRequest(gatewayWithoutCredentialsUrl, '/api/health')).body.toString());
    expect(health.sources[0]).toMatchObject({ id: 'secured', reachable: false });
    expect(health.sources[0].message).toMatch(/refused the gateway's credentials \(HTTP 401\)/);
  });
});
