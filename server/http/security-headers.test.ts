import { describe, expect, it } from 'vitest';
import { testGateway } from '../test-gateway.ts';
import { contentSecurityPolicy, normalizeFrameAncestors, securityHeaders } from './security-headers.ts';
import { refusedPort, testConfig } from '../test-helpers.ts';

describe('security policy', () => {
  it('allows no inline script, only same-origin network access, and no framing by default', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; frame-src blob:; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'",
    );
    expect(contentSecurityPolicy()).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(securityHeaders()).toEqual({
      'content-security-policy': contentSecurityPolicy("'none'"),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
  });

  it('follows a configured frame-ancestors list and drops X-Frame-Options when it cannot express it', () => {
    expect(securityHeaders("'self'")['x-frame-options']).toBe('SAMEORIGIN');
    const headers = securityHeaders("'self' https://ris.example.org");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'self' https://ris.example.org");
    expect(headers['x-frame-options']).toBeUndefined();
  });

  it('normalizes and validates frame-ancestors values', () => {
    expect(normalizeFrameAncestors('none')).toBe("'none'");
    expect(normalizeFrameAncestors('  self   https://ris.example.org:8443 ')).toBe("'self' https://ris.example.org:8443");
    expect(normalizeFrameAncestors('https://*.example.org')).toBe('https://*.example.org');
    expect(() => normalizeFrameAncestors("'none'; script-src *")).toThrow(/not a valid frame-ancestors source/);
    expect(() => normalizeFrameAncestors("'none' https://a.example")).toThrow(/cannot be combined/);
    expect(() => normalizeFrameAncestors('   ')).toThrow(/must not be empty/);
  });
});

describe('security headers on gateway responses', () => {
  it('are present on JSON, 404, proxy error and SPA responses', async () => {
    const port = await refusedPort();
    const app = (await testGateway(testConfig({ sources: [{ id: 'main', label: 'A', upstream: { root: `http://127.0.0.1:${port}/dicom-web` } }] }))).app;
    try {
      for (const [url, accept, status] of [
        ['/app-config.json', 'application/json', 200],
        ['/api/health', 'application/json', 200],
        ['/api/nope', 'application/json', 404],
        ['/dicom-web/studies', 'application/dicom+json', 502],
        ['/worklist', 'text/html', 503],
      ] as const) {
        const res = await app.inject({ url, headers: { accept } });
        expect(res.statusCode, url).toBe(status);
        expect(res.headers['content-security-policy'], url).toBe(contentSecurityPolicy("'none'"));
        expect(res.headers['x-content-type-options'], url).toBe('nosniff');
        expect(res.headers['referrer-policy'], url).toBe('no-referrer');
        expect(res.headers['x-frame-options'], url).toBe('DENY');
      }
    } finally {
      await app.close();
    }
  });

  it('use READROOM_FRAME_ANCESTORS-style configuration', async () => {
    const app = (await testGateway(testConfig({ frameAncestors: "'self' https://ris.example.org" }))).app;
    try {
      const res = await app.inject({ url: '/app-config.json' });
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self' https://ris.example.org");
      expect(res.headers['x-frame-options']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
