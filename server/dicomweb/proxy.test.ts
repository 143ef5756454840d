import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testGateway } from '../test-gateway.ts';
import { listen, rawRequest, refusedPort, startFakeUpstream, testConfig, timeout, type FakeUpstream, testSession } from '../test-helpers.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function gatewayFor(
  upstreamRoot: string,
  extra: Record<string, unknown> = {},
  upstreamExtra: Record<string, unknown> = {},
): Promise<{ app: FastifyInstance; url: string }> {
  const app = (
    await testGateway(
      testConfig({
        sources: [{ id: 'main', label: 'Test archive', upstream: { root: upstreamRoot, ...upstreamExtra } }],
        ...extra,
      }),
    )
  ).app;
  cleanups.push(() => app.close());
  return { app, url: await listen(app) };
}

async function fake(handler: http.RequestListener): Promise<FakeUpstream> {
  const upstream = await startFakeUpstream(handler);
  cleanups.push(() => upstream.close());
  return upstream;
}

describe('DICOMweb proxy: failures before the response', () => {
  it('answers 502 archive_unreachable at once when the archive refuses connections', async () => {
    const port = await refusedPort();
    const { app } = await gatewayFor(`http://127.0.0.1:${port}/dicom-web`, {}, { username: 'reader', password: 's3cret-pw' });
    const started = Date.now();
    const res = await app.inject({ url: '/dicom-web/studies' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.statusCode).toBe(502);
    const body = res.json();
    expect(body.error).toBe('archive_unreachable');
    expect(body.message).toMatch(/^The image archive is not reachable\./);
    expect(body.message).toContain('Test archive');
    expect(res.body).not.toContain('s3cret-pw');
    expect(res.body).not.toContain('reader');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 502 when the archive host name does not resolve', async () => {
    const { app } = await gatewayFor('http://readroom-archive.invalid/dicom-web');
    const started = Date.now();
    const res = await app.inject({ url: '/dicom-web/studies' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.statusCode).toBe(502);
    expect(res.json().error).toBe('archive_unreachable');
  });

  it('answers 504 archive_timeout within the bound when the archive accepts but never answers', async () => {
    const upstream = await fake(() => {
      /* accept, read, never answer */
    });
    const { app } = await gatewayFor(`${upstream.url}/dicom-web`, { timeouts: { responseMs: 300 } });
    const started = Date.now();
    const res = await app.inject({ url: '/dicom-web/studies?PatientName=X*' });
    const elapsed = Date.now() - started;
    expect(res.statusCode).toBe(504);
    expect(res.json()).toMatchObject({ error: 'archive_timeout' });
    expect(res.json().message).toContain('Test archive');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2500);
  });
});

describe('DICOMweb proxy: streaming', () => {
  it('aborts the client response when the archive dies mid-body (fixed length)', async () => {
    const upstream = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '1000000' });
      res.write(Buffer.alloc(10_000, 1), () => setTimeout(() => res.socket?.destroy(), 50));
    });
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`);
    const res = await timeout(rawRequest(url, '/dicom-web/studies/1/series/2/instances/3/frames/1'), 5000, 'client response end');
    expect(res.status).toBe(200);
    expect(res.aborted).toBe(true);
    expect(res.body.length).toBeLessThan(1_000_000);
  });

  it('aborts the client response when the archive dies mid-body (chunked)', async () => {
    const upstream = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'multipart/related; type="application/octet-stream"; boundary=b' });
      res.write('--b\r\ncontent-type: application/octet-stream\r\n\r\n' + 'x'.repeat(5000), () => setTimeout(() => res.socket?.destroy(), 50));
    });
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`);
    const res = await timeout(rawRequest(url, '/dicom-web/studies/1/series/2/instances/3/frames/1'), 5000, 'client response end');
    expect(res.status).toBe(200);
    expect(res.aborted).toBe(true);
  });

  it('delivers the first bytes before the archive has finished sending (no buffering)', async () => {
    let releaseUpstream!: () => void;
    const released = new Promise<void>((resolve) => (releaseUpstream = resolve));
    let upstreamFinished = false;
    const upstream = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(64 * 1024, 7));
      // The rest only comes once the test says so (or after 4 s, which would make the test fail).
      void Promise.race([released, new Promise((r) => setTimeout(r, 4000))]).then(() => {
        upstreamFinished = true;
        res.end(Buffer.alloc(1024 * 1024, 8));
      });
    });
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`);

    const result = await new Promise<{ firstBytesBeforeUpstreamFinished: boolean; total: number }>((resolve, reject) => {
      const base = new URL(url);
      const req = http.get(
        {
          host: base.hostname,
          port: base.port,
          path: '/dicom-web/studies/1/series/2/instances/3/frames/1',
          headers: { cookie: testSession.cookie },
          agent: false,
        },
        (res) => {
          let total = 0;
          let first: boolean | undefined;
          res.on('data', (chunk: Buffer) => {
            if (first === undefined) {
              first = !upstreamFinished;
              releaseUpstream();
            }
            total += chunk.length;
          });
          res.on('end', () => resolve({ firstBytesBeforeUpstreamFinished: first ?? false, total }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
    });
    expect(result.firstBytesBeforeUpstreamFinished).toBe(true);
    expect(result.total).toBe(64 * 1024 + 1024 * 1024);
  });

  it('stops the archive request when the browser goes away mid-download', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    const upstream = await fake((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const timer = setInterval(() => res.write(Buffer.alloc(16 * 1024)), 20);
      res.on('close', () => {
        clearInterval(timer);
        upstreamClosed();
      });
    });
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`);
    const base = new URL(url);
    const req = http.get(
      {
        host: base.hostname,
        port: base.port,
        path: '/dicom-web/studies/1/series/2/instances/3/frames/1',
        headers: { cookie: testSession.cookie },
        agent: false,
      },
      (res) => {
        res.once('data', () => req.destroy());
      },
    );
    req.on('error', () => {});
    await timeout(closed, 3000, 'archive connection closed after the browser left');
  });
});

describe('DICOMweb proxy: requests as the archive sees them', () => {
  function echoUpstream(seen: Array<{ url?: string; headers: IncomingHttpHeaders }>) {
    return fake((req, res) => {
      seen.push({ url: req.url, headers: req.headers });
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/dicom+json' });
        res.end('[]');
      });
    });
  }

  it('keeps path and query string byte for byte, below the archive root path', async () => {
    const seen: Array<{ url?: string; headers: IncomingHttpHeaders }> = [];
    const upstream = await echoUpstream(seen);
    const { url } = await gatewayFor(`${upstream.url}/orthanc/dicom-web/`);
    const query = '?PatientName=Doe^J*&PatientID=A?B&StudyDate=20200101-&StudyDescription=CT%20HEAD+NECK&x=%5E%2A&includefield=00081030&limit=25';
    const res = await rawRequest(url, `/dicom-web/studies${query}`);
    expect(res.status).toBe(200);
    expect(seen[0]?.url).toBe(`/orthanc/dicom-web/studies${query}`);
  });

  it('routes /sources/<id>/dicom-web to that source and /dicom-web to the first one', async () => {
    const seenA: Array<{ url?: string; headers: IncomingHttpHeaders }> = [];
    const seenB: Array<{ url?: string; headers: IncomingHttpHeaders }> = [];
    const a = await echoUpstream(seenA);
    const b = await echoUpstream(seenB);
    const app = (
      await testGateway(
        testConfig({
          sources: [
            { id: 'local', label: 'Local', upstream: { root: `${a.url}/dicom-web` } },
            { id: 'remote', label: 'Remote', upstream: { root: `${b.url}/pacs/rs`, authorization: 'Bearer remote-token' } },
          ],
        }),
      )
    ).app;
    cleanups.push(() => app.close());
    const url = await listen(app);
    expect((await rawRequest(url, '/dicom-web/studies?PatientName=A^B')).status).toBe(200);
    expect((await rawRequest(url, '/sources/local/dicom-web/studies/1.2/series')).status).toBe(200);
    expect((await rawRequest(url, '/sources/remote/dicom-web/studies?PatientName=C^D')).status).toBe(200);
    expect((await rawRequest(url, '/sources/nope/dicom-web/studies')).status).toBe(404);
    expect(seenA.map((s) => s.url)).toEqual(['/dicom-web/studies?PatientName=A^B', '/dicom-web/studies/1.2/series']);
    expect(seenB.map((s) => s.url)).toEqual(['/pacs/rs/studies?PatientName=C^D']);
    expect(seenA[0]?.headers.authorization).toBeUndefined();
    expect(seenB[0]?.headers.authorization).toBe('Bearer remote-token');
  });

  it('adds the configured credentials, drops the browser credentials and hop-by-hop headers, sends Forwarded', async () => {
    const seen: Array<{ url?: string; headers: IncomingHttpHeaders }> = [];
    const upstream = await echoUpstream(seen);
    const { url } = await gatewayFor(`${upstream.url}/dicom-web`, {}, { username: 'gateway', password: 'pa:ss' });
    const res = await rawRequest(url, '/dicom-web/studies', {
      headers: {
        accept: 'application/dicom+json',
        authorization: 'Bearer browser-token',
        cookie: `${testSession.cookie}; session=browser-cookie`,
        connection: 'keep-alive, x-private-hop',
        'x-private-hop': 'secret',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        forwarded: 'host=evil.example;proto=https',
        'x-forwarded-for': '10.0.0.1',
        'accept-encoding': 'gzip',
        'x-anything-else': 'not for the archive',
      },
    });
    expect(res.status).toBe(200);
    const headers = seen[0]!.headers;
    expect(headers.authorization).toBe(`Basic ${Buffer.from('gateway:pa:ss').toString('base64')}`);
    expect(headers.cookie).toBeUndefined();
    expect(headers['x-private-hop']).toBeUndefined();
    expect(headers['keep-alive']).toBeUndefined();
    expect(headers.te).toBeUndefined();
    expect(headers['x-forwarded-for']).toBeUndefined();
    expect(headers['x-anything-else']).toBeUndefined();
    expect(headers.forwarded).toBe(`host=${new URL(url).host};proto=http`);
    expect(headers.accept).toBe('application/dicom+json');
    expect(headers['accept-encoding']).toBe('gzip');
  });

  it('passes archive error statuses and bodies through, without WWW-Authenticate or cookies', async () => {
    const upstream = await fake((req, res) => {
      if (req.url?.includes('/studies/1.2.404/')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"HttpError":"Not Found","Message":"Accessing an inexistent study"}');
      } else {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="Orthanc"', 'set-cookie': 'a=b', 'content-type': 'text/plain' });
        res.end('Unauthorized');
      }
    });
    const { app } = await gatewayFor(`${upstream.url}/dicom-web`);
    const missing = await app.inject({ url: '/dicom-web/studies/1.2.404/metadata' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ HttpError: 'Not Found', Message: 'Accessing an inexistent study' });
    const denied = await app.inject({ url: '/dicom-web/studies' });
    expect(denied.statusCode).toBe(401);
    expect(denied.body).toBe('Unauthorized');
    expect(denied.headers['www-authenticate']).toBeUndefined();
    expect(denied.headers['set-cookie']).toBeUndefined();
  });

  it('refuses paths that would leave the DICOMweb root (404) and methods a resource does not take (405)', async () => {
    const seen: Array<{ url?: string; headers: IncomingHttpHeaders }> = [];
    const upstream = await echoUpstream(seen);
    const { url, app } = await gatewayFor(`${upstream.url}/dicom-web`);
    for (const path of [
      '/dicom-web/../tools/execute-script',
      '/dicom-web/%2e%2e/system',
      '/dicom-web/studies/..%2f..%2fsystem',
      '/dicom-web/studies/%2E%2E/x',
      '/dicom-web/a\\..\\b',
    ]) {
      const res = await rawRequest(url, path);
      expect(res.status, path).toBe(404);
    }
    const del = await app.inject({ method: 'DELETE', url: '/dicom-web/studies/1.2.3' });
    expect(del.statusCode).toBe(405);
    expect(del.headers.allow).toBe('GET, POST');
    expect(seen).toEqual([]);
  });
});
