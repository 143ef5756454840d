import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { inject } from 'vitest';
import type { Role } from '../src/auth/roles.ts';
import { createAccount, type Account } from './auth/accounts.ts';
import { hashPassword } from './auth/passwords.ts';
import { createSession } from './auth/sessions.ts';
import { SESSION_COOKIE } from './auth/access.ts';
import type { GatewayConfig } from './config.ts';
import { openDatabase, openDatabaseFrom, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { buildGateway, type GatewayOptions } from './http/app.ts';
import { testSession } from './test-helpers.ts';

/** Gateways with a database and signed-in users, for the gateway's tests (not used at runtime). */

let shared: Promise<Database> | undefined;

/**
 * One migrated in-memory database per test file (vitest isolates modules per file), loaded from the
 * template the unit project's global setup made (scripts/testing/database-template-setup.ts).
 */
export function testDatabase(): Promise<Database> {
  shared ??= (async () => {
    const template = inject('dbTemplatePath');
    if (!template) {
      const db = await openDatabase({ kind: 'embedded', dir: 'memory' });
      await migrate(db);
      return db;
    }
    const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(template)]) });
    const db = openDatabaseFrom(pglite);
    await migrate(db);
    return db;
  })();
  return shared;
}

let counter = 0;
export const TEST_PASSWORD = 'correct horse battery staple';

/** A fresh account (unique username) with `TEST_PASSWORD`; the hash is computed once per file. */
let hashed: Promise<string> | undefined;
export async function addTestAccount(
  db: Database,
  roles: readonly Role[],
  extra: { username?: string; displayName?: string; scopeInstitutions?: string[]; scopeSources?: string[] } = {},
): Promise<Account> {
  hashed ??= hashPassword(TEST_PASSWORD);
  counter += 1;
  return createAccount(db, {
    username: extra.username ?? `user${counter}-${process.pid}`,
    displayName: extra.displayName ?? `Test User${counter}`,
    roles,
    passwordHash: await hashed,
    ...(extra.scopeInstitutions ? { scopeInstitutions: extra.scopeInstitutions } : {}),
    ...(extra.scopeSources ? { scopeSources: extra.scopeSources } : {}),
  });
}

/** Signs in through the gateway's own route and returns the Cookie header value. */
export async function signInCookie(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('sign-in set no session cookie');
  return `${SESSION_COOKIE}=${cookie.value}`;
}

export interface TestGateway {
  app: FastifyInstance;
  db: Database;
  account: Account;
  /** `Cookie` header value of the account's session. */
  cookie: string;
}

/**
 * A gateway whose `inject()` sends the session cookie of a fresh account with `roles` unless the
 * request sets its own `cookie` header (pass `cookie: ''` for an anonymous request).
 */
export async function testGateway(config: GatewayConfig, roles: readonly Role[] = ['radiologist'], options: GatewayOptions = {}): Promise<TestGateway> {
  const db = await testDatabase();
  const app = await buildGateway(config, { ...options, db });
  const account = await addTestAccount(db, roles);
  // Straight into the database: the gateway is not made ready here, so tests may still add hooks.
  const session = await createSession(db, account.id, { method: 'password', clientAddress: '127.0.0.1', userAgent: 'test' }, config.session);
  const cookie = `${SESSION_COOKIE}=${session.token}`;
  testSession.cookie = cookie;
  const inject = app.inject.bind(app) as (opts: InjectOptions | string) => ReturnType<FastifyInstance['inject']>;
  (app as { inject: unknown }).inject = (opts: InjectOptions | string) => {
    const request = typeof opts === 'string' ? { url: opts } : opts;
    const headers = { ...(request.headers ?? {}) };
    if (!('cookie' in headers)) headers['cookie'] = cookie;
    else if (headers['cookie'] === '') delete headers['cookie'];
    return inject({ ...request, headers });
  };
  return { app, db, account, cookie };
}
