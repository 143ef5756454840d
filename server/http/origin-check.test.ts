import { describe, expect, it } from 'vitest';
import { testConfig } from '../test-helpers.ts';
import { testGateway } from '../test-gateway.ts';
import { crossSiteReason } from './origin-check.ts';

const request = (method: string, headers: Record<string, string>) => ({ method, headers, protocol: 'https' as const, host: 'readroom.example.org' });

describe('cross-site request check', () => {
  it('lets same-origin and header-less requests through and refuses another site', () => {
    expect(crossSiteReason(request('POST', { origin: 'https://readroom.example.org' }))).toBeUndefined();
    expect(crossSiteReason(request('POST', {}))).toBeUndefined();
    expect(crossSiteReason(request('GET', { origin: 'https://evil.example' }))).toBeUndefined();
    expect(crossSiteReason(request('POST', { origin: 'https://evil.example' }))).toBe('origin');
    expect(crossSiteReason(request('DELETE', { origin: 'null' }))).toBe('origin');
    expect(crossSiteReason(request('PUT', { referer: 'https://evil.example/page' }))).toBe('referer');
    expect(crossSiteReason(request('PUT', { referer: 'https://readroom.example.org/viewer' }))).toBeUndefined();
    expect(crossSiteReason(request('POST', { 'sec-fetch-site': 'cross-site' }))).toBe('sec-fetch-site');
    expect(crossSiteReason(request('POST', { origin: 'http://readroom.example.org' }))).toBe('origin');
  });

  it('refuses a cross-site sign-in, sign-out and STOW before anything happens', async () => {
    const { app } = await testGateway(testConfig());
    const evil = { origin: 'https://evil.example' };
    expect(
      (await app.inject({ method: 'POST', url: '/api/session', headers: { ...evil, cookie: '' }, payload: { username: 'a', password: 'b' } })).statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: '/api/session', headers: evil })).statusCode).toBe(403);
    const stow = await app.inject({
      method: 'POST',
      url: '/dicom-web/studies',
      headers: { ...evil, 'content-type': 'multipart/related; type="application/dicom"; boundary=x' },
      payload: 'x',
    });
    expect(stow.statusCode).toBe(403);
    expect(stow.json().error).toBe('cross_origin');
    // The session survived the refused sign-out.
    expect((await app.inject({ url: '/api/session' })).statusCode).toBe(200);
    await app.close();
  });
});
