import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testGateway } from '../test-gateway.ts';
import { isAllowedHost, parseHost } from './host-check.ts';
import { listen, rawRequest, startFakeUpstream, testConfig } from '../test-helpers.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('isAllowedHost', () => {
  const loopbackOnly = { allowedHosts: [], listenHost: '127.0.0.1' };

  it('accepts the loopback names on the port the request arrived on, and only there', () => {
    for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'LOCALHOST:8080']) expect(isAllowedHost(host, loopbackOnly, 8080), host).toBe(true);
    for (const host of ['localhost:8081', '127.0.0.1:80', 'localhost', '[::1]:9']) expect(isAllowedHost(host, loopbackOnly, 8080), host).toBe(false);
    expect(isAllowedHost('localhost', loopbackOnly, 80)).toBe(true);
    expect(isAllowedHost('localhost', loopbackOnly, 443, 'https')).toBe(true);
  });

  it('refuses other names, rebinding names included, whatever the port', () => {
    for (const host of [
      'attacker.example:8080',
      'attacker.example',
      'localhost.attacker.example:8080',
      '127.0.0.1.nip.io:8080',
      'localhost.:8080',
      '127.0.0.2:8080',
      '[::2]:8080',
      '0.0.0.0:8080',
    ]) {
      expect(isAllowedHost(host, loopbackOnly, 8080), host).toBe(false);
    }
  });

  it('refuses a missing or malformed Host', () => {
    for (const host of [undefined, '', ' ', 'localhost:8080:1', 'user@localhost:8080', 'localhost/x', 'localhost:80a', '[::1', 'local host']) {
      expect(isAllowedHost(host, loopbackOnly, 8080), String(host)).toBe(false);
    }
  });

  it('accepts the listen host on its port, not a wildcard address', () => {
    expect(isAllowedHost('10.1.2.3:8080', { allowedHosts: [], listenHost: '10.1.2.3' }, 8080)).toBe(true);
    expect(isAllowedHost('[fd00::5]:8080', { allowedHosts: [], listenHost: 'fd00::5' }, 8080)).toBe(true);
    expect(isAllowedHost('0.0.0.0:8080', { allowedHosts: [], listenHost: '0.0.0.0' }, 8080)).toBe(false);
    expect(isAllowedHost('[::]:8080', { allowedHosts: [], listenHost: '::' }, 8080)).toBe(false);
    expect(isAllowedHost('localhost:8080', { allowedHosts: [], listenHost: '0.0.0.0' }, 8080)).toBe(true);
  });

  it('accepts configured names on any port, or on the port they name', () => {
    const policy = { allowedHosts: ['readroom.example.org', 'pacs-view.example.org:8443', '[fd00::1]:8080'], listenHost: '127.0.0.1' };
    expect(isAllowedHost('readroom.example.org', policy, 8080, 'https')).toBe(true);
    expect(isAllowedHost('Readroom.Example.org:9999', policy, 8080)).toBe(true);
    expect(isAllowedHost('pacs-view.example.org:8443', policy, 8080)).toBe(true);
    expect(isAllowedHost('pacs-view.example.org', policy, 8080, 'https')).toBe(false);
    expect(isAllowedHost('[fd00::1]:8080', policy, 1234)).toBe(true);
    expect(isAllowedHost('sub.readroom.example.org', policy, 8080)).toBe(false);
    expect(isAllowedHost('example.org', policy, 8080)).toBe(false);
  });

  it('matches any port for requests that came through no socket (inject in tests)', () => {
    expect(isAllowedHost('localhost:80', loopbackOnly, undefined)).toBe(true);
    expect(isAllowedHost('attacker.example:80', loopbackOnly, undefined)).toBe(false);
  });

  it('parses Host values with their default port', () => {
    expect(parseHost('Example.ORG')).toEqual({ name: 'example.org', port: 80 });
    expect(parseHost('example.org', 'https')).toEqual({ name: 'example.org', port: 443 });
    expect(parseHost('[::1]:3000')).toEqual({ name: '[::1]', port: 3000 });
    expect(parseHost('a b')).toBeUndefined();
  });
});

describe('Host check in the gateway', () => {
  async function gateway(extra: Record<string, unknown> = {}): Promise<{ app: FastifyInstance; url: string; port: number; asked: () => number }> {
    let asked = 0;
    const upstream = await startFakeUpstream((_req, res) => {
      asked++;
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end('[]');
    });
    cleanups.push(() => upstream.close());
    const app = (await testGateway(testConfig({ sources: [{ id: 'main', label: 'Test archive', upstream: { root: `${upstream.url}/dicom-web` } }], ...extra })))
      .app;
    cleanups.push(() => app.close());
    const url = await listen(app);
    return { app, url, port: Number(new URL(url).port), asked: () => asked };
  }

  it('answers 421 to a request addressed to another name, before the archive or the app is asked', async () => {
    const { url, port, asked } = await gateway();
    for (const path of ['/dicom-web/studies?PatientName=*', '/app-config.json', '/api/health', '/', '/dicom-web/servers']) {
      for (const host of [`attacker.example:${port}`, 'attacker.example', `localhost:${port + 1}`]) {
        const res = await rawRequest(url, path, { headers: { host } });
        expect(res.status, `${host} ${path}`).toBe(421);
        expect(JSON.parse(res.body.toString())).toMatchObject({ error: 'host_not_allowed' });
        expect(res.headers['content-security-policy']).toBeDefined();
      }
    }
    expect(asked()).toBe(0);
  });

  it('answers the loopback names on the port it listens on', async () => {
    const { url, port, asked } = await gateway();
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      const res = await rawRequest(url, '/dicom-web/studies', { headers: { host } });
      expect(res.status, host).toBe(200);
    }
    expect(asked()).toBe(3);
  });

  it('answers a configured name, and behind a trusted proxy checks the forwarded host', async () => {
    const direct = await gateway({ allowedHosts: ['readroom.example.org'] });
    expect((await rawRequest(direct.url, '/app-config.json', { headers: { host: 'readroom.example.org' } })).status).toBe(200);
    expect((await rawRequest(direct.url, '/app-config.json', { headers: { host: 'other.example.org' } })).status).toBe(421);

    const proxied = await gateway({ allowedHosts: ['readroom.example.org'], trustProxy: true });
    const local = `127.0.0.1:${proxied.port}`;
    expect(
      (
        await rawRequest(proxied.url, '/app-config.json', {
          headers: { host: local, 'x-forwarded-host': 'readroom.example.org', 'x-forwarded-proto': 'https' },
        })
      ).status,
    ).toBe(200);
    expect((await rawRequest(proxied.url, '/app-config.json', { headers: { host: local, 'x-forwarded-host': 'attacker.example' } })).status).toBe(421);
  });
});
