import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/ports.ts';
import { CookieBrowser } from '../../scripts/testing/cookie-browser.ts';
import { startTestIdentityProvider, throughIdentityProvider, type TestIdentityProvider } from '../../scripts/testing/identity-provider.ts';
import type { Database } from '../db/database.ts';
import { buildGateway } from '../http/app.ts';
import { refusedPort, testConfig } from '../test-helpers.ts';
import { addTestAccount, testDatabase } from '../test-gateway.ts';
import { SESSION_COOKIE } from './access.ts';
import { findAccountByUsername } from './accounts.ts';
import { FLOW_COOKIE } from './oidc-routes.ts';
import { searchChain } from '../audit/queries.ts';
import type { AuditEvent } from '../audit/record.ts';

/** Single sign-on against a real OpenID Connect provider on loopback, driven over HTTP like a browser. */

const users: Record<string, Record<string, unknown>> = {
  ada: { name: 'Ada Okafor', given_name: 'Ada', family_name: 'Okafor', preferred_username: 'ada.okafor', groups: ['reading-radiologists', 'staff'] },
  eve: { name: 'Eve Visitor', preferred_username: 'eve', groups: ['cafeteria'] },
  mallory: { name: 'Mallory', preferred_username: 'localadmin', groups: ['reading-radiologists'] },
};

let idp: TestIdentityProvider;
let app: FastifyInstance;
let db: Database;
let gateway: string;

/** The Login records of a user, newest first: outcome, description and display name. */
async function signIns(userId: string) {
  const rows = await searchChain(db, { user: userId, limit: 100 });
  return rows
    .map((row) => JSON.parse(row.record) as AuditEvent)
    .filter((event) => event.eventId.code === '110114')
    .map((event) => ({ outcome: event.outcome, description: event.outcomeDescription, userName: event.participants[0]?.userName }));
}

beforeAll(async () => {
  gateway = `http://127.0.0.1:${await freePort()}`;
  idp = await startTestIdentityProvider({ redirectUris: [`${gateway}/api/auth/oidc/test/callback`], users });
  const provider = { label: 'Test IdP', clientId: idp.clientId, clientSecret: idp.clientSecret, scopes: ['openid', 'profile', 'groups'], roleClaim: 'groups' };
  const config = testConfig({
    oidc: [
      { ...provider, id: 'test', issuer: idp.issuer, roleMapping: { 'reading-radiologists': ['radiologist'], 'pacs-admins': ['admin'] } },
      { ...provider, id: 'down', label: 'Offline IdP', issuer: `http://127.0.0.1:${await refusedPort()}`, roleMapping: { x: ['qa'] } },
    ],
  });
  db = await testDatabase();
  app = await buildGateway(config, { db });
  await app.listen({ host: '127.0.0.1', port: Number(new URL(gateway).port) });
});

afterAll(async () => {
  await app?.close();
  await idp?.close();
});

/** Signs in at the provider as `login` and stops at the redirect back to Readroom (not yet requested). */
function throughProvider(browser: CookieBrowser, login: string, next?: string, options: { cancel?: boolean } = {}) {
  return throughIdentityProvider(
    browser,
    new URL(`/api/auth/oidc/test/start${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`, gateway),
    login,
    options,
  );
}

async function signedInAs(browser: CookieBrowser): Promise<{ status: number; body: unknown }> {
  const response = await browser.request(new URL('/api/session', gateway), { accept: 'application/json' });
  return { status: response.status, body: await response.json() };
}

describe('single sign-on with OpenID Connect', () => {
  it('lists the providers for the sign-in page', async () => {
    const response = await fetch(`${gateway}/api/auth/providers`);
    expect(await response.json()).toEqual([
      { id: 'test', label: 'Test IdP', startUrl: '/api/auth/oidc/test/start' },
      { id: 'down', label: 'Offline IdP', startUrl: '/api/auth/oidc/down/start' },
    ]);
  });

  it('signs in through the provider and starts a Readroom session with the mapped roles', async () => {
    const browser = new CookieBrowser();
    const { authorizationUrl, callbackUrl } = await throughProvider(browser, 'ada', "/viewer?StudyInstanceUIDs=1.2.3&SeriesInstanceUIDs=4.5'6");
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    for (const param of ['state', 'nonce', 'code_challenge']) expect(authorizationUrl.searchParams.get(param)).toMatch(/^[\w-]{20,}$/);
    expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(`${gateway}/api/auth/oidc/test/callback`);
    expect(browser.cookieHeader(callbackUrl)).toContain(`${FLOW_COOKIE}=`);

    const done = await browser.request(callbackUrl);
    expect(done.status).toBe(200);
    expect(CookieBrowser.metaRefresh(await done.text(), callbackUrl)?.href).toBe(`${gateway}/viewer?StudyInstanceUIDs=1.2.3&SeriesInstanceUIDs=4.5%276`);
    expect(done.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/i);
    expect(browser.cookie(FLOW_COOKIE)).toBeUndefined();
    expect(await signedInAs(browser)).toEqual({
      status: 200,
      body: { username: 'ada.okafor', displayName: 'Ada Okafor', personName: 'Okafor^Ada', roles: ['radiologist'], arbiter: false },
    });
    const [session] = await db.query<{ auth_method: string }>(
      'SELECT s.auth_method FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.username = $1',
      ['ada.okafor'],
    );
    expect(session?.auth_method).toBe('oidc:test');
    expect(await signIns('ada.okafor')).toContainEqual({ outcome: 0, description: 'single sign-on through test', userName: 'Ada Okafor' });
  });

  it('keeps one account per identity and takes its roles from the provider at every sign-in', async () => {
    users['ada']!['groups'] = ['pacs-admins'];
    try {
      const browser = new CookieBrowser();
      await browser.request((await throughProvider(browser, 'ada')).callbackUrl);
      expect(await signedInAs(browser)).toMatchObject({ status: 200, body: { username: 'ada.okafor', roles: ['admin'] } });
      const accounts = await db.query('SELECT id FROM accounts WHERE oidc_subject = $1', ['ada']);
      expect(accounts).toHaveLength(1);
    } finally {
      users['ada']!['groups'] = ['reading-radiologists', 'staff'];
    }
  });

  it('refuses a user none of whose groups is mapped: no account, no session', async () => {
    const browser = new CookieBrowser();
    const response = await browser.request((await throughProvider(browser, 'eve')).callbackUrl);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('none of your groups or roles at Test IdP is allowed to use Readroom');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await findAccountByUsername(db, 'eve')).toBeUndefined();
    expect((await signedInAs(browser)).status).toBe(401);
    const [record] = await signIns('eve');
    expect(record).toMatchObject({ outcome: 4 });
    expect(record?.description).toMatch(/^single sign-on through test refused \(no_role\)/);
  });

  it('starts no session when the sign-in cannot be recorded (503)', async () => {
    await db.exec('ALTER TABLE audit_events ADD CONSTRAINT audit_broken CHECK (false) NOT VALID');
    try {
      const browser = new CookieBrowser();
      const response = await browser.request((await throughProvider(browser, 'ada')).callbackUrl);
      expect(response.status).toBe(503);
      expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    } finally {
      await db.exec('ALTER TABLE audit_events DROP CONSTRAINT audit_broken');
    }
  });

  it('answers JSON to a client that asks for it', async () => {
    const browser = new CookieBrowser();
    const response = await browser.request((await throughProvider(browser, 'eve')).callbackUrl, { accept: 'application/json' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'no_role' });
  });

  it('never takes over an existing local account of the same username', async () => {
    const local = await addTestAccount(db, ['admin'], { username: 'localadmin' });
    const browser = new CookieBrowser();
    const response = await browser.request((await throughProvider(browser, 'mallory')).callbackUrl);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('already has an account named');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await findAccountByUsername(db, 'localadmin')).toMatchObject({ id: local.id, roles: ['admin'], oidcIssuer: null });
  });

  it('refuses a callback whose state was tampered with, and the flow is then gone', async () => {
    const browser = new CookieBrowser();
    const { callbackUrl } = await throughProvider(browser, 'ada');
    const flowToken = browser.cookie(FLOW_COOKIE)!;
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', 'x'.repeat(43));
    const response = await browser.request(tampered);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('could not be verified');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();

    browser.setCookie(callbackUrl, FLOW_COOKIE, flowToken, '/api/auth/oidc/');
    const genuine = await browser.request(callbackUrl);
    expect(genuine.status).toBe(400);
    expect(await genuine.text()).toContain('expired or was already used');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a replayed callback, with or without the flow cookie', async () => {
    const browser = new CookieBrowser();
    const { callbackUrl } = await throughProvider(browser, 'ada');
    const flowToken = browser.cookie(FLOW_COOKIE)!;
    expect((await browser.request(callbackUrl)).status).toBe(200);

    const replay = new CookieBrowser();
    replay.setCookie(callbackUrl, FLOW_COOKIE, flowToken, '/api/auth/oidc/');
    const again = await replay.request(callbackUrl, { accept: 'application/json' });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'sign_in_expired' });
    expect(replay.cookie(SESSION_COOKIE)).toBeUndefined();
    const stranger = new CookieBrowser();
    expect((await stranger.request(callbackUrl)).status).toBe(400);
    expect(stranger.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a flow that has expired', async () => {
    const browser = new CookieBrowser();
    const { callbackUrl } = await throughProvider(browser, 'ada');
    await db.query("UPDATE oidc_flows SET expires_at = now() - interval '1 second'");
    const response = await browser.request(callbackUrl);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('expired or was already used');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  it('ignores a next address on another site', async () => {
    for (const next of ['https://evil.example', '//evil.example/x', '/\\evil.example']) {
      const browser = new CookieBrowser();
      const { callbackUrl } = await throughProvider(browser, 'ada', next);
      const done = await browser.request(callbackUrl);
      expect(CookieBrowser.metaRefresh(await done.text(), callbackUrl)?.href).toBe(`${gateway}/`);
    }
  });

  it('says so when the user cancels at the provider', async () => {
    const browser = new CookieBrowser();
    const response = await browser.request((await throughProvider(browser, 'ada', '/', { cancel: true })).callbackUrl);
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('Test IdP did not sign you in (End-User aborted interaction)');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  it('says so when the provider cannot be reached, and starts nothing', async () => {
    const browser = new CookieBrowser();
    const response = await browser.request(new URL('/api/auth/oidc/down/start', gateway));
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('Offline IdP cannot be reached at the moment');
    expect(browser.cookie(FLOW_COOKIE)).toBeUndefined();
    expect((await browser.request(new URL('/api/auth/oidc/nope/start', gateway))).status).toBe(404);
  });
});
