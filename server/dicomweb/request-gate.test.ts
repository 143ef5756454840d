import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testGateway } from '../test-gateway.ts';
import type { DicomwebRequest } from './request-gate.ts';
import { lines, listen, rawRequest, startFakeUpstream, testConfig, testSession } from '../test-helpers.ts';

/** The gate in front of the proxy: what it refuses never reaches the archive; what it allows is described. */

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const STUDY = '1.2.840.1';
const INSTANCE = `/studies/${STUDY}/series/1.2.840.1.2/instances/1.2.840.1.2.3`;

async function gatewayWithEchoArchive(
  logStream?: { write(line: string): void },
  beforeListen: (app: FastifyInstance) => void = () => {},
): Promise<{ app: FastifyInstance; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const upstream = await startFakeUpstream((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end('[]');
    });
  });
  cleanups.push(() => upstream.close());
  const app = (
    await testGateway(
      testConfig({
        logLevel: logStream ? 'info' : 'silent',
        sources: [
          { id: 'main', label: 'Test archive', upstream: { root: `${upstream.url}/dicom-web` } },
          { id: 'second', label: 'Second archive', upstream: { root: `${upstream.url}/second` } },
        ],
      }),
      undefined,
      logStream ? { logStream } : {},
    )
  ).app;
  cleanups.push(() => app.close());
  beforeListen(app);
  return { app, url: await listen(app), seen };
}

describe('DICOMweb gate: refused before the archive is asked', () => {
  it('refuses the archive admin routes, other archive paths and encoded tricks with 404', async () => {
    const { url, seen } = await gatewayWithEchoArchive();
    for (const path of [
      '/dicom-web',
      '/dicom-web/',
      '/dicom-web/servers',
      '/dicom-web/servers/peer',
      '/dicom-web/servers/peer/stow',
      '/dicom-web/servers/peer/get',
      '/sources/main/dicom-web/servers/peer',
      '/dicom-web/../tools/execute-script',
      '/dicom-web/%2e%2e/system',
      '/dicom-web/studies/..%2f..%2fsystem',
      '/dicom-web/a\\..\\b',
      '/dicom-web/%73tudies',
      '/dicom-web/studies/',
      '/dicom-web/STUDIES',
      '/dicom-web/studies/abc/metadata',
      '/dicom-web/system',
    ]) {
      for (const method of ['GET', 'POST']) {
        const res = await rawRequest(url, path, { method, headers: { 'content-type': 'application/json', 'content-length': 2 }, body: Buffer.from('{}') });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(JSON.parse(res.body.toString()), `${method} ${path}`).toMatchObject({ error: 'not_found' });
        expect(res.headers['cache-control']).toBe('no-store');
      }
    }
    expect(seen).toEqual([]);
  });

  it('refuses a request the router takes for a DICOMweb path but the gate does not (absolute-form target)', async () => {
    const { url, seen } = await gatewayWithEchoArchive();
    const { host, port } = new URL(url);
    const statusLine = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.write(`GET http://${host}/dicom-web/studies HTTP/1.1\r\nHost: ${host}\r\nCookie: ${testSession.cookie}\r\nConnection: close\r\n\r\n`),
      );
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('close', () => resolve(data.split('\r\n')[0]!));
      socket.on('error', reject);
    });
    expect(statusLine).toBe('HTTP/1.1 404 Not Found');
    expect(seen).toEqual([]);
  });

  it('refuses an unknown source with 404', async () => {
    const { url, seen } = await gatewayWithEchoArchive();
    for (const path of [
      '/sources/nope/dicom-web/studies',
      '/sources/MAIN/dicom-web/studies',
      '/sources/ma%69n/dicom-web/studies',
      '/sources//dicom-web/studies',
    ]) {
      const res = await rawRequest(url, path);
      expect(res.status, path).toBe(404);
    }
    expect(seen).toEqual([]);
  });

  it('refuses methods a resource does not take with 405 and Allow', async () => {
    const { app, seen } = await gatewayWithEchoArchive();
    const cases: Array<[string, string, string]> = [
      ['DELETE', `/dicom-web/studies/${STUDY}`, 'GET, POST'],
      ['PUT', '/dicom-web/studies', 'GET, POST'],
      ['PATCH', '/dicom-web/studies', 'GET, POST'],
      ['HEAD', '/dicom-web/studies', 'GET, POST'],
      ['OPTIONS', '/dicom-web/studies', 'GET, POST'],
      ['POST', `/dicom-web/studies/${STUDY}/metadata`, 'GET'],
      ['DELETE', `/dicom-web${INSTANCE}/frames/1`, 'GET'],
      ['PUT', `/sources/second/dicom-web/studies/${STUDY}`, 'GET, POST'],
    ];
    for (const [method, url, allow] of cases) {
      const res = await app.inject({ method: method as 'GET', url });
      expect(res.statusCode, `${method} ${url}`).toBe(405);
      expect(res.headers.allow, `${method} ${url}`).toBe(allow);
      if (method !== 'HEAD') expect(res.json()).toMatchObject({ error: 'method_not_allowed' });
    }
    expect(seen).toEqual([]);
  });

  it('refuses a query string with a _method parameter (Orthanc would turn the GET into a PUT or DELETE)', async () => {
    const { url, seen } = await gatewayWithEchoArchive();
    for (const query of ['_method=DELETE', '_METHOD=delete', '%5Fmethod=DELETE', 'limit=1&_method=PUT', '%255Fmethod=DELETE']) {
      const res = await rawRequest(url, `/dicom-web/studies/${STUDY}?${query}`);
      expect(res.status, query).toBe(400);
      expect(JSON.parse(res.body.toString())).toMatchObject({ error: 'method_override' });
    }
    expect(seen).toEqual([]);
  });
});

describe('DICOMweb gate: paging values', () => {
  it('refuses a limit or offset that is not a whole number with 400 bad_query (the archive would answer 500)', async () => {
    const { url, seen } = await gatewayWithEchoArchive();
    for (const query of [
      'limit=-1',
      'offset=-1',
      'limit=1.5',
      'limit=abc',
      'limit=',
      'offset=%2D1',
      'LIMIT=-1',
      'limit=5&limit=-5',
      'limit=1e3',
      'limit=9999999999',
    ]) {
      const res = await rawRequest(url, `/dicom-web/studies?${query}`);
      expect(res.status, query).toBe(400);
      expect(JSON.parse(res.body.toString()), query).toEqual({ error: 'bad_query', message: 'limit and offset must be whole numbers (0 or more).' });
    }
    expect(seen).toEqual([]);
    for (const query of ['limit=0', 'limit=25&offset=50', 'offset=0', 'PatientName=limit']) {
      expect((await rawRequest(url, `/dicom-web/studies?${query}`)).status, query).toBe(200);
    }
    expect(seen.map((s) => s.url)).toEqual([
      '/dicom-web/studies?limit=0',
      '/dicom-web/studies?limit=25&offset=50',
      '/dicom-web/studies?offset=0',
      '/dicom-web/studies?PatientName=limit',
    ]);
  });
});

describe('DICOMweb gate: what goes through', () => {
  it('never passes a method-override header to the archive, and logs the method the browser really used', async () => {
    const log = lines();
    const { url, seen } = await gatewayWithEchoArchive(log.stream);
    const overrides = { 'X-HTTP-Method-Override': 'DELETE', 'x-http-method': 'DELETE', 'X-Method-Override': 'PUT', 'X-HTTP-METHOD-OVERRIDE': 'DELETE' };
    const get = await rawRequest(url, `/dicom-web/studies/${STUDY}/metadata`, { headers: overrides });
    expect(get.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('GET');
    for (const name of ['x-http-method-override', 'x-http-method', 'x-method-override']) expect(seen[0]!.headers[name], name).toBeUndefined();
    const text = log.text();
    expect(text).toContain(`"method":"GET","path":"/dicom-web/studies/${STUDY}/metadata"`);
    expect(text).not.toContain('DELETE');
  });

  it('publishes the source, kind and UIDs of what it allowed as request.dicomweb', async () => {
    const described: Array<DicomwebRequest | null> = [];
    const { url } = await gatewayWithEchoArchive(undefined, (app) =>
      app.addHook('onResponse', async (request) => {
        described.push(request.dicomweb);
      }),
    );
    await rawRequest(url, '/dicom-web/studies?PatientName=A*');
    await rawRequest(url, `/sources/second/dicom-web${INSTANCE}/frames/1,2`);
    await rawRequest(url, `/dicom-web/studies/${STUDY}/series`);
    await rawRequest(url, '/dicom-web/servers');
    await rawRequest(url, '/app-config.json');
    expect(described).toEqual([
      { sourceId: 'main', kind: 'search-studies' },
      { sourceId: 'second', kind: 'frames', studyUid: STUDY, seriesUid: '1.2.840.1.2', instanceUid: '1.2.840.1.2.3' },
      { sourceId: 'main', kind: 'search-series', studyUid: STUDY },
      null,
      null,
    ]);
  });
});
