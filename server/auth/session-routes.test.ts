import { describe, expect, it } from 'vitest';
import * as OTPAuth from 'otpauth';
import { testConfig } from '../test-helpers.ts';
import { addTestAccount, TEST_PASSWORD, testGateway } from '../test-gateway.ts';
import { SESSION_COOKIE } from './access.ts';
import { ACCOUNT_LOCK_AFTER, CLIENT_MAX_FAILURES } from './sign-in.ts';

const anonymous = { cookie: '' };

describe('POST/GET/DELETE /api/session', () => {
  it('signs in with username and password, setting an HttpOnly SameSite=Strict session cookie', async () => {
    const { app, db } = await testGateway(testConfig());
    const account = await addTestAccount(db, ['radiologist', 'qa'], { displayName: 'Ada Okafor' });
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: anonymous,
      payload: { username: account.username.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      username: account.username,
      displayName: 'Ada Okafor',
      personName: 'Okafor^Ada',
      roles: ['radiologist', 'qa'],
      arbiter: false,
    });
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.value.length).toBeGreaterThanOrEqual(43);
    const me = await app.inject({ url: '/api/session', headers: { cookie: `${SESSION_COOKIE}=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: account.username, roles: ['radiologist', 'qa'] });
    await app.close();
  });

  it('marks the cookie Secure behind TLS (trusted proxy)', async () => {
    const { app, db } = await testGateway(testConfig({ trustProxy: true }));
    const account = await addTestAccount(db, ['radiologist']);
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { ...anonymous, 'x-forwarded-proto': 'https' },
      payload: { username: account.username, password: TEST_PASSWORD },
    });
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBe(true);
    await app.close();
  });

  it('answers 401 with a JSON error for a wrong password, an unknown user and no session', async () => {
    const { app, db } = await testGateway(testConfig());
    const account = await addTestAccount(db, ['radiologist']);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/session',
      headers: anonymous,
      payload: { username: account.username, password: 'not the password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'invalid_credentials', message: 'Wrong username or password.' });
    expect(wrong.cookies).toHaveLength(0);
    const unknown = await app.inject({ method: 'POST', url: '/api/session', headers: anonymous, payload: { username: 'nobody', password: TEST_PASSWORD } });
    expect(unknown.json()).toEqual(wrong.json());
    const me = await app.inject({ url: '/api/session', headers: anonymous });
    expect(me.statusCode).toBe(401);
    expect(me.json()).toMatchObject({ error: 'unauthenticated' });
    expect((await app.inject({ method: 'POST', url: '/api/session', headers: anonymous, payload: { username: 'x' } })).statusCode).toBe(400);
    await app.close();
  });

  it(`locks an account after ${ACCOUNT_LOCK_AFTER} failures in a row (429, even with the right password) until an admin resets it`, async () => {
    const { app, db } = await testGateway(testConfig());
    const account = await addTestAccount(db, ['radiologist']);
    const attempt = (password: string) =>
      app.inject({ method: 'POST', url: '/api/session', headers: anonymous, payload: { username: account.username, password } });
    for (let i = 1; i < ACCOUNT_LOCK_AFTER; i++) expect((await attempt(`wrong ${i}`)).statusCode).toBe(401);
    const locking = await attempt('wrong again');
    expect(locking.statusCode).toBe(429);
    expect(locking.json().message).toMatch(/Too many failed sign-ins\. Try again in 15 minutes/);
    expect(Number(locking.headers['retry-after'])).toBeGreaterThan(800);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(429);
    await db.query('UPDATE accounts SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1', [account.id]);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
    await app.close();
  });

  it('limits failures per client address across usernames', async () => {
    const { app, db } = await testGateway(testConfig());
    const account = await addTestAccount(db, ['radiologist']);
    const from = (ip: string, username: string, password: string) =>
      app.inject({ method: 'POST', url: '/api/session', remoteAddress: ip, headers: anonymous, payload: { username, password } });
    for (let i = 0; i < CLIENT_MAX_FAILURES; i++) await from('10.9.8.7', `guess${i}`, 'password guess');
    expect((await from('10.9.8.7', account.username, TEST_PASSWORD)).statusCode).toBe(429);
    expect((await from('10.9.8.6', account.username, TEST_PASSWORD)).statusCode).toBe(200);
    await app.close();
  });

  it('asks for the TOTP code of an account that has one, and refuses a wrong one', async () => {
    const { app, db } = await testGateway(testConfig());
    const account = await addTestAccount(db, ['radiologist']);
    const secret = new OTPAuth.Secret();
    await db.query('UPDATE accounts SET totp_secret = $2 WHERE id = $1', [account.id, secret.base32]);
    const signIn = (totp?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/session',
        headers: anonymous,
        payload: { username: account.username, password: TEST_PASSWORD, ...(totp ? { totp } : {}) },
      });
    const first = await signIn();
    expect(first.statusCode).toBe(401);
    expect(first.json().error).toBe('totp_required');
    expect(first.cookies).toHaveLength(0);
    const code = new OTPAuth.TOTP({ secret }).generate();
    expect((await signIn(code === '000000' ? '111111' : '000000')).json().error).toBe('invalid_credentials');
    expect((await signIn(code)).statusCode).toBe(200);
    await app.close();
  });

  it('signs out: the session ends on the server, not just in the browser', async () => {
    const { app, cookie } = await testGateway(testConfig());
    const out = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    const again = await app.inject({ url: '/api/session', headers: { cookie } });
    expect(again.statusCode).toBe(401);
    expect(again.json().error).toBe('session_expired');
    expect((await app.inject({ method: 'DELETE', url: '/api/session', headers: anonymous })).statusCode).toBe(204);
    await app.close();
  });
});

describe('session lifetime', () => {
  it('ends a session idle for longer than the idle timeout, and one past its absolute lifetime', async () => {
    const { app, db, cookie, account } = await testGateway(testConfig({ sessionIdleMinutes: 30, sessionMaxHours: 12 }));
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
    await db.query("UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE account_id = $1", [account.id]);
    const idle = await app.inject({ url: '/dicom-web/studies', headers: { cookie } });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error).toBe('session_expired');

    await db.query("UPDATE sessions SET last_seen_at = now(), expires_at = now() - interval '1 second' WHERE account_id = $1", [account.id]);
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
    await app.close();
  });

  it('ends the sessions of a disabled account at once', async () => {
    const { app, db, cookie, account } = await testGateway(testConfig());
    await db.query('UPDATE accounts SET disabled = true WHERE id = $1', [account.id]);
    expect((await app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
    await app.close();
  });
});
