import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/lib/ports.ts';
import { CookieBrowser } from '../../scripts/testing/cookie-browser.ts';
import { startTestIdentityProvider, throughIdentityProvider, type TestIdentityProvider } from '../../scripts/testing/identity-provider.ts';
import { createTestDatabase } from '../../scripts/testing/postgres-server.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { buildGateway } from '../http/app.ts';
import { testConfig } from '../test-helpers.ts';
import { addTestAccount, signInCookie } from '../test-gateway.ts';
import { DEFAULT_SESSION_SETTINGS } from './sessions.ts';
import { currentTotp } from './totp.ts';
import { runUsersCommand } from './users-cli.ts';

/** Single sign-on, admin API, TOTP and the users CLI on a real PostgreSQL server (the unit tests use the embedded one). */

let idp: TestIdentityProvider;
let app: FastifyInstance;
let db: Database;
let gateway: string;

beforeAll(async () => {
  db = await openDatabase({ kind: 'postgres', url: await createTestDatabase(inject('postgresUrl'), `identity_${process.pid}`) });
  await migrate(db);
  gateway = `http://127.0.0.1:${await freePort()}`;
  idp = await startTestIdentityProvider({
    redirectUris: [`${gateway}/api/auth/oidc/pg/callback`],
    users: { ada: { name: 'Ada Okafor', preferred_username: 'ada', groups: ['readers'] } },
  });
  const config = testConfig({
    oidc: [
      {
        id: 'pg',
        label: 'Test IdP',
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        scopes: ['openid', 'profile', 'groups'],
        roleClaim: 'groups',
        roleMapping: { readers: ['radiologist'] },
      },
    ],
  });
  app = await buildGateway(config, { db });
  await app.listen({ host: '127.0.0.1', port: Number(new URL(gateway).port) });
});

afterAll(async () => {
  await app?.close();
  await idp?.close();
  await db?.close();
});

describe('identity on PostgreSQL', () => {
  it('signs in through the provider; an administrator sees the session and revokes it', async () => {
    const browser = new CookieBrowser();
    const { callbackUrl } = await throughIdentityProvider(browser, new URL('/api/auth/oidc/pg/start?next=/worklist', gateway), 'ada');
    expect((await browser.request(callbackUrl)).status).toBe(200);
    const session = () => browser.request(new URL('/api/session', gateway), { accept: 'application/json' });
    expect(await (await session()).json()).toMatchObject({ username: 'ada', roles: ['radiologist'] });

    const admin = await addTestAccount(db, ['admin']);
    const cookie = await signInCookie(app, admin.username);
    const sessions = (await app.inject({ method: 'GET', url: '/api/admin/sessions', headers: { cookie } })).json<
      Array<{ id: string; username: string; method: string }>
    >();
    const adas = sessions.find((s) => s.username === 'ada')!;
    expect(adas.method).toBe('oidc:pg');
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/sessions/${adas.id}`, headers: { cookie } })).statusCode).toBe(204);
    expect((await session()).status).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/admin/users/ada/disable', headers: { cookie } })).statusCode).toBe(204);
    const again = new CookieBrowser();
    const refused = await again.request((await throughIdentityProvider(again, new URL('/api/auth/oidc/pg/start', gateway), 'ada')).callbackUrl, {
      accept: 'application/json',
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'account_disabled' });
  });

  it('sets up a second factor through the API', async () => {
    const reader = await addTestAccount(db, ['radiologist']);
    const cookie = await signInCookie(app, reader.username);
    const { secret } = (await app.inject({ method: 'POST', url: '/api/session/totp', headers: { cookie } })).json<{ secret: string }>();
    expect(
      (await app.inject({ method: 'POST', url: '/api/session/totp/confirm', headers: { cookie }, payload: { code: currentTotp(secret) } })).statusCode,
    ).toBe(204);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/admin/users',
          headers: { cookie: await signInCookie(app, (await addTestAccount(db, ['admin'])).username) },
        })
      ).json(),
    ).toEqual(expect.arrayContaining([expect.objectContaining({ username: reader.username, signIn: 'password+totp' })]));
  });

  it('runs the users commands', async () => {
    const lines: string[] = [];
    const context = {
      db,
      session: DEFAULT_SESSION_SETTINGS,
      sourceIds: ['main'],
      out: (line: string) => lines.push(line),
      readPassword: async () => 'a long enough password',
    };
    await runUsersCommand(['add', 'pgadmin', '--role', 'admin', '--name', 'Pat Admin', '--institution', 'North Clinic'], context);
    await signInCookie(app, 'pgadmin', 'a long enough password');
    await runUsersCommand(['sessions', 'pgadmin'], context);
    await runUsersCommand(['revoke', 'pgadmin'], context);
    await runUsersCommand(['scope', 'pgadmin', '--all'], context);
    await runUsersCommand(['list'], context);
    expect(lines[0]).toBe('Added pgadmin (Pat Admin) with role admin.');
    expect(lines[2]).toMatch(/ pgadmin\s+password\s/);
    expect(lines).toContain('Ended 1 session of pgadmin.');
    expect(lines).toContain('pgadmin sees sources: every; institutions: every.');
    expect(lines.find((line) => line.startsWith('pgadmin ') && line.includes('Pat Admin'))).toMatch(
      /^pgadmin\s+Pat Admin\s+admin\s+password\s+every\s+every\s+-\s+active$/,
    );
  });
});
