import { beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../test-helpers.ts';
import { addTestAccount, testDatabase, testGateway, TEST_PASSWORD } from '../test-gateway.ts';
import { SESSION_COOKIE } from './access.ts';
import { findAccountById } from './accounts.ts';
import { createSession, DEFAULT_SESSION_SETTINGS } from './sessions.ts';
import { currentTotp, newTotpSecret, totpMatches, totpUri } from './totp.ts';

describe('TOTP codes', () => {
  it('makes an otpauth URI authenticator apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri(secret, 'ada'));
    expect(`${uri.protocol}//${uri.host}${decodeURIComponent(uri.pathname)}`).toBe('otpauth://totp/Readroom:ada');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: 'Readroom', secret, algorithm: 'SHA1', digits: '6', period: '30' });
  });

  it('accepts the code of this period and its neighbours only', () => {
    const secret = newTotpSecret();
    const now = Date.now();
    expect(totpMatches(secret, currentTotp(secret, now))).toBe(true);
    expect(totpMatches(secret, currentTotp(secret, now - 30_000))).toBe(true);
    expect(totpMatches(secret, currentTotp(secret, now - 120_000))).toBe(false);
    expect(totpMatches(secret, currentTotp(newTotpSecret(), now))).toBe(false);
    expect(totpMatches(secret, 'abcdef')).toBe(false);
  });
});

describe('setting up a second factor through the API', () => {
  // Loading the file's database and hashing the test password take seconds on a busy machine: hook time, not test time.
  beforeAll(async () => {
    await addTestAccount(await testDatabase(), ['qa']);
  });

  it('activates it only with a code from the app; sign-in then asks for the code', async () => {
    const { app, db, account } = await testGateway(testConfig());
    const other = `${SESSION_COOKIE}=${(await createSession(db, account.id, { method: 'password', clientAddress: '10.0.0.8', userAgent: 'other browser' }, DEFAULT_SESSION_SETTINGS)).token}`;
    const started = await app.inject({ method: 'POST', url: '/api/session/totp' });
    expect(started.statusCode).toBe(200);
    const { uri, secret } = started.json<{ uri: string; secret: string }>();
    expect(uri).toContain(`secret=${secret}`);

    const wrong = await app.inject({ method: 'POST', url: '/api/session/totp/confirm', payload: { code: currentTotp(newTotpSecret()) } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'wrong_code' });
    expect((await findAccountById(db, account.id))!.totpSecret).toBeNull();

    expect((await app.inject({ method: 'POST', url: '/api/session/totp/confirm', payload: { code: currentTotp(secret) } })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: other } })).json()).toMatchObject({ error: 'session_expired' });

    const withoutCode = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: account.username, password: TEST_PASSWORD },
      headers: { cookie: '' },
    });
    expect(withoutCode.json()).toMatchObject({ error: 'totp_required' });
    const withCode = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: account.username, password: TEST_PASSWORD, totp: currentTotp(secret) },
      headers: { cookie: '' },
    });
    expect(withCode.statusCode).toBe(200);

    const again = await app.inject({ method: 'POST', url: '/api/session/totp' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'totp_active' });
    await app.close();
  });

  it('forgets an enrollment not confirmed in time', async () => {
    const { app, db, account } = await testGateway(testConfig());
    const { secret } = (await app.inject({ method: 'POST', url: '/api/session/totp' })).json<{ secret: string }>();
    await db.query("UPDATE totp_enrollments SET expires_at = now() - interval '1 second' WHERE account_id = $1", [account.id]);
    const late = await app.inject({ method: 'POST', url: '/api/session/totp/confirm', payload: { code: currentTotp(secret) } });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: 'not_started' });
    await app.close();
  });

  it('is for signed-in users with a password', async () => {
    const { app, db, account } = await testGateway(testConfig());
    expect((await app.inject({ method: 'POST', url: '/api/session/totp', headers: { cookie: '' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/session/totp/confirm', payload: { code: '123456' }, headers: { cookie: '' } })).statusCode).toBe(401);
    await db.query("UPDATE accounts SET oidc_issuer = 'https://idp.example.org', oidc_subject = 'x', password_hash = NULL WHERE id = $1", [account.id]);
    expect((await app.inject({ method: 'POST', url: '/api/session/totp' })).json()).toMatchObject({ error: 'not_local' });
    await app.close();
  });
});
