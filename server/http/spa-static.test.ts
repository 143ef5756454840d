import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { brotliDecompressSync } from 'node:zlib';
import { precompressDir } from '../../scripts/lib/precompress-assets.ts';
import { testGateway } from '../test-gateway.ts';
import { IMMUTABLE } from './spa-static.ts';
import { testConfig } from '../test-helpers.ts';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-4f3a2b1c.js"></script></head><body><div id="root"></div></body></html>';
let dir: string;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'readroom-dist-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  writeFileSync(path.join(dir, 'assets', 'index-4f3a2b1c.js'), 'console.log("app")');
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(dir, 'assets', 'viewer-9a8b7c6d.js'), `export const big = ${JSON.stringify('x'.repeat(50_000))};`);
  mkdirSync(path.join(dir, '.vite'));
  const manifest = {
    'index.html': { file: 'assets/index-4f3a2b1c.js', isEntry: true, dynamicImports: ['src/viewer/ViewerPage.tsx'] },
    'src/viewer/ViewerPage.tsx': { file: 'assets/viewer-9a8b7c6d.js', isDynamicEntry: true, imports: ['index.html'], css: ['assets/viewer-1c2d.css'] },
    'src/app/launch.ts': { file: 'assets/launch-5e6f.js', isEntry: true },
  };
  writeFileSync(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
  precompressDir(dir);
  app = (await testGateway(testConfig({ staticDir: dir }))).app;
});

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The configuration the page carries inline (server/http/index-html.ts). */
function inlineConfig(body: string): unknown {
  const match = /<script type="application\/json" id="rr-runtime-config">(.*?)<\/script>/s.exec(body);
  return match ? JSON.parse(match[1]!) : undefined;
}

async function configJson(): Promise<unknown> {
  return (await app.inject({ url: '/app-config.json' })).json();
}

/** What the page of a signed-in user carries: the public configuration plus who is signed in. */
async function pageConfigJson(): Promise<unknown> {
  const session = (await app.inject({ url: '/api/session' })).json() as { personName: string };
  return { ...((await configJson()) as object), session, user: session.personName };
}

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('static SPA', () => {
  it('serves index.html at / with revalidation', async () => {
    const res = await app.inject({ url: '/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<script type="module" src="/assets/index-4f3a2b1c.js"></script>');
    expect(inlineConfig(res.body)).toEqual(await pageConfigJson());
    expect(res.body).not.toContain('modulepreload');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    // The page names the signed-in user: never kept by a shared cache.
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves hashed assets with long immutable caching', async () => {
    const res = await app.inject({ url: '/assets/index-4f3a2b1c.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
  });

  it("serves the build's precompressed twins by Accept-Encoding, and plain bytes otherwise", async () => {
    const br = await app.inject({ url: '/assets/viewer-9a8b7c6d.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(br.rawPayload.length).toBeLessThan(1000);
    expect(brotliDecompressSync(br.rawPayload).toString()).toContain('export const big');
    const gz = await app.inject({ url: '/assets/viewer-9a8b7c6d.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ url: '/assets/viewer-9a8b7c6d.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(50_000);
  });

  it('preloads the viewer chunk and its style sheet on viewer URLs only, and never serves index.html raw', async () => {
    const viewer = await app.inject({ url: '/viewer?StudyInstanceUIDs=1.2.3', headers: html });
    expect(viewer.body).toContain('<link rel="modulepreload" href="/assets/viewer-9a8b7c6d.js" />');
    expect(viewer.body).toContain('<link rel="preload" as="style" crossorigin href="/assets/viewer-1c2d.css" />');
    expect(viewer.body).not.toContain('href="/assets/index-4f3a2b1c.js"');
    expect(viewer.body).toContain('<script type="module" async crossorigin src="/assets/launch-5e6f.js"></script>');
    const worklist = await app.inject({ url: '/worklist', headers: html });
    expect(worklist.body).not.toContain('modulepreload');
    expect(worklist.body).not.toContain('launch-5e6f.js');
    const raw = await app.inject({ url: '/index.html', headers: html });
    expect(inlineConfig(raw.body)).toEqual(await pageConfigJson());
    expect((await app.inject({ url: '/.vite/manifest.json' })).statusCode).toBe(404);
  });

  it('revalidates other top-level files', async () => {
    const res = await app.inject({ url: '/favicon.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for client-side routes a browser navigates to', async () => {
    for (const url of ['/worklist', '/viewer?StudyInstanceUIDs=1.2.3', '/viewer/deep/link']) {
      const res = await app.inject({ url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(inlineConfig(res.body), url).toEqual(await pageConfigJson());
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const head = await app.inject({ method: 'HEAD', url: '/worklist', headers: html });
    expect(head.statusCode).toBe(200);
  });

  it('sends a signed-out browser to the sign-in page and back to where it was going', async () => {
    for (const url of ['/', '/worklist?modality=CT', '/viewer?StudyInstanceUIDs=1.2.3&dataSource=main']) {
      const res = await app.inject({ url, headers: { ...html, cookie: '' } });
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location, url).toBe(`/sign-in?next=${encodeURIComponent(url)}`);
    }
    const signIn = await app.inject({ url: '/sign-in?next=%2Fworklist', headers: { ...html, cookie: '' } });
    expect(signIn.statusCode).toBe(200);
    // Nobody's name or roles on a signed-out page, and no viewer launch.
    expect(inlineConfig(signIn.body)).toEqual(await configJson());
    expect(signIn.body).not.toContain('launch-5e6f.js');
  });

  it('answers 404 JSON for unknown assets, API paths and non-HTML requests', async () => {
    for (const [url, accept] of [
      ['/assets/index-00000000.js', 'text/html'],
      ['/assets/missing.css', '*/*'],
      ['/api/unknown', 'text/html'],
      ['/sources', 'text/html'],
      ['/worklist', 'application/json'],
      ['/worklist', '*/*'],
    ] as const) {
      const res = await app.inject({ url, headers: { accept } });
      expect(res.statusCode, `${url} ${accept}`).toBe(404);
      expect(res.json()).toMatchObject({ error: 'not_found' });
    }
    const post = await app.inject({ method: 'POST', url: '/worklist', headers: html });
    expect(post.statusCode).toBe(404);
  });

  it('does not serve files outside the build folder', async () => {
    const res = await app.inject({ url: '/assets/%2e%2e/%2e%2e/etc/passwd' });
    expect([403, 404]).toContain(res.statusCode);
    expect(res.body).not.toContain('root:');
  });
});

describe('static SPA before `npm run build`', () => {
  it('answers 503 with instructions when index.html is missing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'readroom-empty-'));
    const gateway = (await testGateway(testConfig({ staticDir: path.join(empty, 'dist') }))).app;
    try {
      for (const url of ['/', '/worklist']) {
        const res = await gateway.inject({ url, headers: html });
        expect(res.statusCode, url).toBe(503);
        expect(res.body).toContain('npm run build');
        expect(res.headers['content-type']).toMatch(/^text\/plain/);
      }
      expect((await gateway.inject({ url: '/app-config.json' })).statusCode).toBe(200);
    } finally {
      await gateway.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
