import { describe, expect, it } from 'vitest';
import { fetchSignInProviders, providerStartUrl, signIn, signOut } from './sign-in-api.ts';

const answer = (status: number, body?: unknown) =>
  (async () => new Response(body === undefined ? null : JSON.stringify(body), { status })) as unknown as typeof fetch;

describe('signIn', () => {
  it('posts the credentials as JSON and returns the session', async () => {
    let sent: RequestInit | undefined;
    const impl = (async (_url: string, init?: RequestInit) => {
      sent = init;
      return new Response(JSON.stringify({ username: 'qa', displayName: 'Quinn Reviewer', personName: 'Reviewer^Quinn', roles: ['qa', 'auditor'] }), {
        status: 200,
      });
    }) as typeof fetch;
    const outcome = await signIn({ username: 'qa', password: 'correct horse battery' }, impl);
    expect(outcome).toEqual({ kind: 'signed-in', session: { username: 'qa', displayName: 'Quinn Reviewer', personName: 'Reviewer^Quinn', roles: ['qa'] } });
    expect(sent?.method).toBe('POST');
    expect(JSON.parse(String(sent?.body))).toEqual({ username: 'qa', password: 'correct horse battery' });
  });

  it('turns every refusal into a message, the server’s own where it gives one', async () => {
    expect(await signIn({ username: 'a', password: 'b' }, answer(401, { error: 'invalid_credentials', message: 'Wrong username or password.' }))).toEqual({
      kind: 'invalid',
      message: 'Wrong username or password.',
    });
    expect(await signIn({ username: 'a', password: 'b' }, answer(401, { error: 'totp_required', message: 'Enter the code.' }))).toEqual({
      kind: 'totp-required',
      message: 'Enter the code.',
    });
    expect(
      await signIn({ username: 'a', password: 'b' }, answer(429, { error: 'locked', message: 'Too many failed sign-ins. Try again in 15 minutes.' })),
    ).toEqual({
      kind: 'locked',
      message: 'Too many failed sign-ins. Try again in 15 minutes.',
    });
    expect((await signIn({ username: 'a', password: 'b' }, answer(502))).kind).toBe('failed');
    expect((await signIn({ username: 'a', password: 'b' }, answer(200, { nobody: true }))).kind).toBe('failed');
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await signIn({ username: 'a', password: 'b' }, down)).toEqual({ kind: 'failed', message: expect.stringMatching(/not reachable/) });
  });
});

describe('signOut', () => {
  it('says whether the gateway ended the session', async () => {
    expect(await signOut(answer(204))).toBe(true);
    expect(await signOut(answer(500))).toBe(false);
  });
});

describe('sign-in providers', () => {
  const origin = 'https://readroom.example.org';
  it('lists the providers started on this site; none when the gateway has no such address', async () => {
    const providers = [
      { id: 'hospital', label: 'Hospital account', startUrl: '/api/auth/oidc/hospital/start' },
      { id: 'elsewhere', label: 'Elsewhere', startUrl: 'https://evil.example/start' },
      { id: 'sneaky', label: 'Sneaky', startUrl: '//evil.example/start' },
    ];
    expect((await fetchSignInProviders(origin, undefined, answer(200, providers))).map((p) => p.id)).toEqual(['hospital']);
    expect(await fetchSignInProviders(origin, undefined, answer(404, { error: 'not_found' }))).toEqual([]);
    expect(await fetchSignInProviders(origin, undefined, answer(200, { not: 'a list' }))).toEqual([]);
  });

  it('carries next to the provider', () => {
    const provider = { id: 'h', label: 'H', startUrl: '/api/auth/oidc/h/start' };
    expect(providerStartUrl(provider, '/viewer?StudyInstanceUIDs=1.2')).toBe('/api/auth/oidc/h/start?next=%2Fviewer%3FStudyInstanceUIDs%3D1.2');
    expect(providerStartUrl({ ...provider, startUrl: '/start?x=1' }, '/')).toBe('/start?x=1&next=%2F');
    expect(providerStartUrl(provider, undefined)).toBe('/api/auth/oidc/h/start');
  });
});
