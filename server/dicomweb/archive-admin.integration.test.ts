import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startOrthanc, type OrthancHandle } from '../../scripts/archive/orthanc.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { testGateway } from '../test-gateway.ts';
import { parseConfig } from '../config.ts';
import { listen, rawRequest } from '../test-helpers.ts';

/**
 * The DICOMweb plugin's `/servers` routes are the archive's admin API (register a peer, push studies to it,
 * make the archive fetch any URL, delete peers), and Orthanc turns a GET into a DELETE with `?_method=` and
 * any request into another with `X-HTTP-Method-Override`. None of it may work through the gateway.
 *
 * The project's archive refuses all of it on its own too (its request filter, tested in
 * scripts/archive/archive-access.integration.test.ts). This test proves the gateway's refusal alone: its
 * archive runs without the filter, so that whatever the gateway let through would reach the peer routes.
 * Each test checks the archive's own list of peers afterwards, asked directly.
 */

const PEER = 'readroom-test-peer';
const INTRUDER = 'readroom-test-intruder';
let dataDir: string;
let archive: OrthancHandle;
let app: FastifyInstance;
let gatewayUrl: string;

async function peers(): Promise<string[]> {
  const res = await archive.adminFetch('/dicom-web/servers');
  expect(res.status).toBe(200);
  return (await res.json()) as string[];
}

async function registerPeerDirectly(name: string): Promise<void> {
  const res = await archive.adminFetch(`/dicom-web/servers/${name}`, { method: 'PUT', body: JSON.stringify({ Url: 'http://127.0.0.1:9/dicom-web' }) });
  await res.arrayBuffer();
  expect(res.status).toBe(200);
}

async function deletePeerDirectly(name: string): Promise<void> {
  await (await archive.adminFetch(`/dicom-web/servers/${name}`, { method: 'DELETE' })).arrayBuffer();
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'readroom-archive-admin-'));
  archive = await startOrthanc({ dataDir, httpPort: await freePort(), dicomPort: 0, requestFilter: false });
  const config = parseConfig(
    {
      logLevel: 'silent',
      sources: [
        {
          id: 'dev',
          label: 'Development archive',
          upstream: { root: archive.dicomWebRoot, authorization: archive.gatewayAuthorization },
          quirks: { queryValueEncoding: 'literal' },
        },
      ],
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

beforeEach(() => registerPeerDirectly(PEER));
afterEach(async () => {
  await deletePeerDirectly(PEER);
  await deletePeerDirectly(INTRUDER);
});

describe('the archive admin API through the gateway', () => {
  it('a GET with ?_method=DELETE does not delete a peer', async () => {
    const statuses: number[] = [];
    for (const query of ['?_method=DELETE', '?_METHOD=delete', '?%5Fmethod=DELETE', '?x=1&_method=DELETE']) {
      statuses.push((await rawRequest(gatewayUrl, `/dicom-web/servers/${PEER}${query}`)).status);
    }
    expect(await peers()).toContain(PEER);
    expect(statuses).toEqual([400, 400, 400, 400]);
  });

  it('X-HTTP-Method-Override does not turn a POST or GET into a DELETE', async () => {
    const statuses: number[] = [];
    for (const method of ['POST', 'GET']) {
      const res = await rawRequest(gatewayUrl, `/dicom-web/servers/${PEER}`, {
        method,
        headers: { 'x-http-method-override': 'DELETE', 'content-type': 'application/json', 'content-length': 2 },
        body: Buffer.from('{}'),
      });
      statuses.push(res.status);
    }
    expect(await peers()).toContain(PEER);
    expect(statuses).toEqual([404, 404]);
  });

  it('no peer can be registered, by PUT or by an overridden POST', async () => {
    const body = Buffer.from(JSON.stringify({ Url: 'http://attacker.invalid/dicom-web' }));
    const headers = { 'content-type': 'application/json', 'content-length': body.length };
    const put = await rawRequest(gatewayUrl, `/dicom-web/servers/${INTRUDER}`, { method: 'PUT', headers, body });
    const overridden = await rawRequest(gatewayUrl, `/dicom-web/servers/${INTRUDER}`, {
      method: 'POST',
      headers: { ...headers, 'X-HTTP-Method-Override': 'PUT' },
      body,
    });
    const viaQuery = await rawRequest(gatewayUrl, `/dicom-web/servers/${INTRUDER}?_method=PUT`, { method: 'GET' });
    expect(await peers()).not.toContain(INTRUDER);
    expect([put.status, overridden.status, viaQuery.status]).toEqual([404, 404, 400]);
  });

  it('the peer list and the peer actions are not reachable', async () => {
    const list = await rawRequest(gatewayUrl, '/dicom-web/servers');
    expect(list.status).toBe(404);
    expect(list.body.toString()).not.toContain(PEER);
    const body = Buffer.from(JSON.stringify({ Resources: [], Uri: '/studies' }));
    for (const action of ['stow', 'get', 'post', 'retrieve', 'qido', 'wado', 'delete']) {
      const res = await rawRequest(gatewayUrl, `/dicom-web/servers/${PEER}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
        body,
      });
      expect(res.status, action).toBe(404);
    }
  });
});
