import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.ts';
import { testConfig } from '../test-helpers.ts';
import { addTestAccount, signInCookie, testDatabase, testGateway, TEST_PASSWORD } from '../test-gateway.ts';
import { SESSION_COOKIE } from './access.ts';
import { createSession, DEFAULT_SESSION_SETTINGS, hashToken } from './sessions.ts';

const SOME_ID = 'a'.repeat(43);

describe('admin API for sessions and accounts', () => {
  // Loading the file's database and hashing the test password take seconds on a busy machine: hook time, not test time.
  beforeAll(async () => {
    await addTestAccount(await testDatabase(), ['qa']);
  });

  it('is open to users:manage only (every route × role)', async () => {
    const { app, db } = await testGateway(testConfig(), ['admin']);
    const target = await addTestAccount(db, ['qa']);
    const routes = [
      { method: 'GET', url: '/api/admin/sessions', ok: 200 },
      { method: 'DELETE', url: `/api/admin/sessions/${SOME_ID}`, ok: 404 },
      { method: 'GET', url: '/api/admin/users', ok: 200 },
      { method: 'POST', url: `/api/admin/users/${target.username}/disable`, ok: 204 },
      { method: 'POST', url: `/api/admin/users/${target.username}/enable`, ok: 204 },
      { method: 'POST', url: `/api/admin/users/${target.username}/unlock`, ok: 204 },
    ] as const;
    const cookies: Array<[string, string]> = [['anonymous', '']];
    for (const role of ['radiologist', 'qa', 'referrer', 'admin'] as Role[]) {
      const session = await createSession(
        db,
        (await addTestAccount(db, [role])).id,
        { method: 'password', clientAddress: '10.0.0.9', userAgent: 'test' },
        DEFAULT_SESSION_SETTINGS,
      );
      cookies.push([role, `${SESSION_COOKIE}=${session.token}`]);
    }
    for (const route of routes) {
      for (const [who, cookie] of cookies) {
        const expected = who === 'anonymous' ? 401 : who === 'admin' ? route.ok : 403;
        const res = await app.inject({ method: route.method, url: route.url, headers: { cookie } });
        expect(res.statusCode, `${route.method} ${route.url} as ${who}`).toBe(expected);
      }
    }
    await app.close();
  });

  it('lists active sessions by the hash of their token; a revoked one stops working at its next request', async () => {
    const { app, db, cookie: adminCookie } = await testGateway(testConfig(), ['admin']);
    const reader = await addTestAccount(db, ['radiologist']);
    const readerCookie = await signInCookie(app, reader.username);
    const token = readerCookie.slice(`${SESSION_COOKIE}=`.length);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: readerCookie } })).statusCode).toBe(200);

    const list = await app.inject({ method: 'GET', url: '/api/admin/sessions' });
    expect(list.headers['cache-control']).toBe('no-store');
    expect(list.body).not.toContain(token);
    const sessions = list.json<Array<Record<string, unknown>>>();
    const readers = sessions.find((s) => s['username'] === reader.username)!;
    expect(readers).toMatchObject({ id: hashToken(token), displayName: reader.displayName, method: 'password', clientAddress: '127.0.0.1', current: false });
    expect(Date.parse(String(readers['startedAt']))).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(String(readers['lastSeenAt']))).toBeGreaterThan(Date.now() - 60_000);
    expect(sessions.find((s) => s['id'] === hashToken(adminCookie.slice(`${SESSION_COOKIE}=`.length)))).toMatchObject({ current: true });

    expect((await app.inject({ method: 'DELETE', url: `/api/admin/sessions/${hashToken(token)}` })).statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: readerCookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: 'session_expired' });
    expect((await app.inject({ method: 'GET', url: '/api/admin/sessions' })).json<Array<{ id: string }>>().map((s) => s.id)).not.toContain(hashToken(token));
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/sessions/${hashToken(token)}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/sessions/${token}x` })).statusCode).toBe(404);
    await app.close();
  });

  it('sets the arbiter flag of a qa account and a radiologist’s review quota (peer review)', async () => {
    const { app, db } = await testGateway(testConfig(), ['admin']);
    const qa = await addTestAccount(db, ['qa']);
    const reader = await addTestAccount(db, ['radiologist']);
    const put = (username: string, payload: unknown) =>
      app.inject({ method: 'PUT', url: `/api/admin/users/${username}/peer-review`, payload: payload as object });
    const made = await put(qa.username, { arbiter: true });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toMatchObject({ username: qa.username, arbiter: true, reviewQuota: 0 });
    expect((await put(reader.username, { reviewQuota: 8 })).json()).toMatchObject({ arbiter: false, reviewQuota: 8 });
    expect((await put(reader.username, { arbiter: true })).statusCode).toBe(409);
    expect((await put(reader.username, { reviewQuota: -1 })).statusCode).toBe(400);
    expect((await put('nobody-here', { arbiter: false })).statusCode).toBe(404);
    // The flag takes effect at the account's next request.
    const cookie = await signInCookie(app, qa.username);
    expect((await app.inject({ method: 'GET', url: '/api/peer-review/arbitration', headers: { cookie } })).statusCode).toBe(200);
    await put(qa.username, { arbiter: false });
    expect((await app.inject({ method: 'GET', url: '/api/peer-review/arbitration', headers: { cookie } })).statusCode).toBe(403);
    await app.close();
  });

  it('lists accounts, and disables, enables and unlocks them', async () => {
    const { app, db, account: admin } = await testGateway(testConfig(), ['admin']);
    const reader = await addTestAccount(db, ['radiologist'], { scopeInstitutions: ['North Clinic'] });
    const readerCookie = await signInCookie(app, reader.username);
    const users = (await app.inject({ method: 'GET', url: '/api/admin/users' })).json<Array<Record<string, unknown>>>();
    expect(users.find((u) => u['username'] === reader.username)).toEqual({
      username: reader.username,
      displayName: reader.displayName,
      roles: ['radiologist'],
      signIn: 'password',
      oidcIssuer: null,
      scope: { sources: null, institutions: ['North Clinic'] },
      disabled: false,
      lockedUntil: null,
      demo: false,
      arbiter: false,
      reviewQuota: 0,
    });
    expect(JSON.stringify(users)).not.toMatch(/scrypt|passwordHash|totpSecret/);

    const signIn = () =>
      app.inject({ method: 'POST', url: '/api/session', payload: { username: reader.username, password: TEST_PASSWORD }, headers: { cookie: '' } });
    expect((await app.inject({ method: 'POST', url: `/api/admin/users/${reader.username}/disable` })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: readerCookie } })).statusCode).toBe(401);
    expect((await signIn()).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: `/api/admin/users/${reader.username}/enable` })).statusCode).toBe(204);
    expect((await signIn()).statusCode).toBe(200);

    await db.query("UPDATE accounts SET failed_sign_ins = 5, locked_until = now() + interval '10 minutes' WHERE id = $1", [reader.id]);
    const locked = (await app.inject({ method: 'GET', url: '/api/admin/users' }))
      .json<Array<Record<string, unknown>>>()
      .find((u) => u['username'] === reader.username)!;
    expect(Date.parse(String(locked['lockedUntil']))).toBeGreaterThan(Date.now());
    expect((await signIn()).statusCode).toBe(429);
    expect((await app.inject({ method: 'POST', url: `/api/admin/users/${reader.username}/unlock` })).statusCode).toBe(204);
    expect((await signIn()).statusCode).toBe(200);

    const own = await app.inject({ method: 'POST', url: `/api/admin/users/${admin.username}/disable` });
    expect(own.statusCode).toBe(409);
    expect(own.json()).toMatchObject({ error: 'own_account' });
    expect((await app.inject({ method: 'POST', url: '/api/admin/users/nobody/disable' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/admin/users/${reader.username}/delete` })).statusCode).toBe(404);
    await app.close();
  });
});
