import http, { type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { testGateway } from '../test-gateway.ts';
import { listen, rawRequest, startFakeUpstream, testConfig, timeout, testSession } from '../test-helpers.ts';

/**
 * Archive slots through the gateway: a stand-in archive holds every request until the test releases it.
 * Client addresses come from X-Forwarded-For (trustProxy), so one test machine can be several readers.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function holdingArchive(): Promise<{ url: string; held: ServerResponse[]; releaseOne: () => void }> {
  const held: ServerResponse[] = [];
  const upstream = await startFakeUpstream((_req, res) => void held.push(res));
  cleanups.push(() => upstream.close());
  return {
    url: `${upstream.url}/dicom-web`,
    held,
    releaseOne: () => {
      const res = held.shift();
      res?.writeHead(200, { 'content-type': 'application/dicom+json' });
      res?.end('[]');
    },
  };
}

async function gateway(archiveUrl: string, limits: Record<string, number>): Promise<string> {
  const app = (await testGateway(testConfig({ trustProxy: true, sources: [{ id: 'main', label: 'Test archive', upstream: { root: archiveUrl } }], ...limits })))
    .app;
  cleanups.push(() => app.close());
  return listen(app);
}

const asClient = (ip: string) => ({ headers: { 'x-forwarded-for': ip, accept: 'application/dicom+json' } });

async function until(condition: () => boolean, what: string): Promise<void> {
  await timeout(
    (async () => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
    })(),
    3000,
    what,
  );
}

describe('archive slots', () => {
  it('answers 429 with Retry-After to a client beyond its share, while another client is served', async () => {
    const archive = await holdingArchive();
    const url = await gateway(archive.url, { archiveMaxConcurrent: 3, archiveMaxPerClient: 2 });
    const first = [rawRequest(url, '/dicom-web/studies', asClient('10.0.0.1')), rawRequest(url, '/dicom-web/series', asClient('10.0.0.1'))];
    await until(() => archive.held.length === 2, 'two requests at the archive');
    const over = await rawRequest(url, '/dicom-web/instances', asClient('10.0.0.1'));
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toBe('2');
    expect(JSON.parse(over.body.toString())).toMatchObject({ error: 'too_many_requests' });
    const other = rawRequest(url, '/dicom-web/studies', asClient('10.0.0.2'));
    await until(() => archive.held.length === 3, 'the other client at the archive');
    while (archive.held.length) archive.releaseOne();
    expect((await other).status).toBe(200);
    expect((await Promise.all(first)).map((res) => res.status)).toEqual([200, 200]);
  });

  it('lets a request wait for a free slot, and answers 503 with Retry-After when the wait is too long', async () => {
    const archive = await holdingArchive();
    const url = await gateway(archive.url, { archiveMaxConcurrent: 2, archiveMaxPerClient: 2, archiveQueueTimeoutMs: 300 });
    const busy = [rawRequest(url, '/dicom-web/studies', asClient('10.0.0.1')), rawRequest(url, '/dicom-web/studies', asClient('10.0.0.2'))];
    await until(() => archive.held.length === 2, 'two requests at the archive');

    const tooLate = await rawRequest(url, '/dicom-web/studies', asClient('10.0.0.3'));
    expect(tooLate.status).toBe(503);
    expect(tooLate.headers['retry-after']).toBe('5');
    expect(JSON.parse(tooLate.body.toString())).toMatchObject({ error: 'archive_busy', message: expect.stringContaining('"Test archive" is busy') });
    expect(archive.held).toHaveLength(2);

    const waiting = rawRequest(url, '/dicom-web/studies', asClient('10.0.0.3'));
    archive.releaseOne();
    await until(() => archive.held.length === 2, 'the waiting request at the archive');
    while (archive.held.length) archive.releaseOne();
    expect((await waiting).status).toBe(200);
    expect((await Promise.all(busy)).map((res) => res.status)).toEqual([200, 200]);
  });

  it('frees each slot when its response ends, also on a kept-alive connection', async () => {
    const upstream = await startFakeUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end('[]');
    });
    cleanups.push(() => upstream.close());
    const url = await gateway(`${upstream.url}/dicom-web`, { archiveMaxConcurrent: 1, archiveMaxPerClient: 1, archiveQueueTimeoutMs: 5000 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(async () => agent.destroy());
    const base = new URL(url);
    const statuses: number[] = [];
    const sockets = new Set<unknown>();
    for (let i = 0; i < 5; i++) {
      statuses.push(
        await new Promise<number>((resolve, reject) => {
          const req = http.get({ host: base.hostname, port: base.port, path: '/dicom-web/studies', headers: { cookie: testSession.cookie }, agent }, (res) => {
            sockets.add(res.socket);
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
        }),
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(sockets.size).toBe(1);
  });

  it('frees the slot of a request whose browser went away', async () => {
    const archive = await holdingArchive();
    const url = await gateway(archive.url, { archiveMaxConcurrent: 1, archiveMaxPerClient: 1, archiveQueueTimeoutMs: 5000 });
    const base = new URL(url);
    const gone = http.get({
      host: base.hostname,
      port: base.port,
      path: '/dicom-web/studies',
      headers: { cookie: testSession.cookie, ...asClient('10.0.0.1').headers },
      agent: false,
    });
    gone.on('error', () => undefined);
    await until(() => archive.held.length === 1, 'the request at the archive');
    gone.destroy();
    await until(() => archive.held.length === 0 || archive.held[0]!.destroyed, 'the archive request aborted');
    archive.held.length = 0;
    const next = rawRequest(url, '/dicom-web/studies', asClient('10.0.0.1'));
    await until(() => archive.held.length === 1, 'the next request at the archive');
    archive.releaseOne();
    expect((await next).status).toBe(200);
  });
});
