import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../lib/ports.ts';
import { requestKind, sharedCacheKey, startCountingProxy, type CountingProxy } from './counting-proxy.ts';

describe('requestKind', () => {
  it('sorts DICOMweb requests by what they fetch', () => {
    expect(requestKind('/dicom-web/studies/1.2/series/3.4/instances/5.6/frames/1')).toBe('frame');
    expect(requestKind('/dicom-web/studies/1.2/series/3.4/frames-batch')).toBe('frame');
    expect(requestKind('/dicom-web/studies/1.2/series/3.4/metadata')).toBe('metadata');
    expect(requestKind('/dicom-web/studies/1.2/series/3.4/rendered')).toBe('rendered');
    expect(requestKind('/dicom-web/studies/1.2/series/3.4/instances/5.6/frames/1/rendered')).toBe('preview');
    expect(requestKind('/dicom-web/studies')).toBe('qido');
    expect(requestKind('/assets/index-abc.js')).toBe('app');
  });
});

describe('sharedCacheKey', () => {
  it('keeps no copy of a per-session answer', () => {
    expect(sharedCacheKey('/viewer', { 'cache-control': 'no-store' })).toBeUndefined();
    expect(sharedCacheKey('/viewer', { 'cache-control': 'private, max-age=60' })).toBeUndefined();
    expect(sharedCacheKey('/viewer', { vary: 'accept-encoding, Cookie' })).toBeUndefined();
    expect(sharedCacheKey('/assets/a.js', { 'cache-control': 'public, max-age=31536000, immutable', etag: '"x"' })).toBe('/assets/a.js "x"');
  });
});

describe('startCountingProxy', () => {
  let upstream: http.Server;
  let proxy: CountingProxy;
  let staticProxy: CountingProxy;
  const frame = Buffer.alloc(100_000, 7);

  beforeAll(async () => {
    // The upstream stands in for the gateway: one frame and one script.
    upstream = http.createServer((req, res) => {
      if (req.url?.endsWith('/frames/1')) {
        res.writeHead(200, { 'content-type': 'multipart/related' });
        res.end(frame);
      } else if (req.url?.startsWith('/viewer')) {
        // A page per session, as the gateway's: it names the session it was asked with.
        res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store', vary: 'cookie' });
        res.end(`<!doctype html><title>${String(req.headers.cookie)}</title>`.padEnd(2000, ' '));
      } else {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end('console.log("x");'.repeat(1000));
      }
    });
    const upPort = await freePort();
    await new Promise<void>((resolve) => upstream.listen(upPort, '127.0.0.1', resolve));
    proxy = await startCountingProxy({ port: await freePort(), upstream: `http://127.0.0.1:${upPort}`, compressApp: true });
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-proxy-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>peer</title>');
    staticProxy = await startCountingProxy({
      port: await freePort(),
      upstream: `http://127.0.0.1:${upPort}`,
      staticDir: dir,
      overrides: { '/app-config.js': { body: 'window.config = {};', type: 'text/javascript' } },
    });
  });

  afterAll(async () => {
    await proxy.stop();
    await staticProxy.stop();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('counts every byte it sends and records each request', async () => {
    proxy.reset();
    const res = await fetch(`${proxy.url}/dicom-web/studies/1/series/2/instances/3/frames/1`);
    expect((await res.arrayBuffer()).byteLength).toBe(frame.length);
    const { records, socketBytes } = proxy.snapshot();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'frame', status: 200 });
    expect(records[0]!.bytes).toBeGreaterThan(frame.length);
    expect(socketBytes).toBeGreaterThanOrEqual(frame.length);
    proxy.reset();
    expect(proxy.snapshot().records).toHaveLength(0);
  });

  it('gzips app files when asked, passes DICOMweb through', async () => {
    proxy.reset();
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      http
        .get(`${proxy.url}/assets/app.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toBe('console.log("x");'.repeat(1000));
    expect(proxy.snapshot().records[0]!.bytes).toBeLessThan(2000);
  });

  it('compresses a per-session page afresh for each request, never one session’s page for another', async () => {
    const page = (cookie: string) =>
      new Promise<string>((resolve, reject) => {
        http
          .get(`${proxy.url}/viewer?StudyInstanceUIDs=1.2`, { headers: { 'accept-encoding': 'gzip', cookie } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve(gunzipSync(Buffer.concat(chunks)).toString()));
          })
          .on('error', reject);
      });
    expect(await page('share=one')).toContain('<title>share=one</title>');
    expect(await page('share=two')).toContain('<title>share=two</title>');
  });

  it('serves a peer viewer from its folder with overrides and an index.html fallback', async () => {
    expect(await (await fetch(`${staticProxy.url}/app-config.js`)).text()).toBe('window.config = {};');
    expect(await (await fetch(`${staticProxy.url}/viewer?StudyInstanceUIDs=1.2`)).text()).toContain('<title>peer</title>');
    expect((await fetch(`${staticProxy.url}/missing.js`)).status).toBe(404);
    expect((await fetch(`${staticProxy.url}/dicom-web/studies/1/series/2/instances/3/frames/1`)).status).toBe(200);
  });
});
