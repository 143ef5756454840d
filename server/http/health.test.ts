import { afterEach, describe, expect, it } from 'vitest';
import { HEALTH_QUERY } from './health.ts';
import { testGateway } from '../test-gateway.ts';
import { refusedPort, startFakeUpstream, testConfig, type FakeUpstream } from '../test-helpers.ts';

const upstreams: FakeUpstream[] = [];
afterEach(async () => {
  while (upstreams.length) await upstreams.pop()!.close();
});

describe('/api/health', () => {
  it('reports each source: reachable, refused, wrong credentials, silent', async () => {
    const seen: Array<{ url?: string; authorization?: string }> = [];
    const ok = await startFakeUpstream((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end('[]');
    });
    const denied = await startFakeUpstream((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="Orthanc"' });
      res.end();
    });
    const silent = await startFakeUpstream(() => {});
    upstreams.push(ok, denied, silent);
    const refused = await refusedPort();

    const app = (
      await testGateway(
        testConfig({
          timeouts: { healthMs: 300 },
          sources: [
            { id: 'ok', label: 'Good archive', upstream: { root: `${ok.url}/dicom-web`, username: 'gw', password: 'health-secret' } },
            { id: 'down', label: 'Down archive', upstream: { root: `http://127.0.0.1:${refused}/dicom-web` } },
            { id: 'denied', label: 'Locked archive', upstream: { root: `${denied.url}/dicom-web` } },
            { id: 'silent', label: 'Silent archive', upstream: { root: `${silent.url}/dicom-web` } },
          ],
        }),
      )
    ).app;
    try {
      const started = Date.now();
      const res = await app.inject({ url: '/api/health' });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json();
      expect(body.gateway).toBe('ok');
      const [good, down, locked, quiet] = body.sources;
      expect(good).toMatchObject({ id: 'ok', label: 'Good archive', reachable: true });
      expect(good.latencyMs).toBeTypeOf('number');
      expect(down).toMatchObject({ id: 'down', reachable: false });
      expect(down.message).toMatch(/not reachable.*Down archive/);
      expect(locked).toMatchObject({ id: 'denied', reachable: false });
      expect(locked.message).toMatch(/refused the gateway's credentials \(HTTP 401\)/);
      expect(quiet).toMatchObject({ id: 'silent', reachable: false });
      expect(quiet.message).toMatch(/did not answer within 300 ms/);
      expect(res.body).not.toContain('health-secret');
      expect(seen[0]).toEqual({ url: `/dicom-web${HEALTH_QUERY}`, authorization: `Basic ${Buffer.from('gw:health-secret').toString('base64')}` });
    } finally {
      await app.close();
    }
  });

  it('notices when the archive comes back', async () => {
    const port = await refusedPort();
    const app = (await testGateway(testConfig({ sources: [{ id: 'main', label: 'A', upstream: { root: `http://127.0.0.1:${port}/dicom-web` } }] }))).app;
    try {
      expect((await app.inject({ url: '/api/health' })).json().sources[0].reachable).toBe(false);
      const { default: http } = await import('node:http');
      const server = http.createServer((_req, res) => res.end('[]'));
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      try {
        expect((await app.inject({ url: '/api/health' })).json().sources[0].reachable).toBe(true);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    } finally {
      await app.close();
    }
  });
});
