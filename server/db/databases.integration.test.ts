import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../scripts/testing/postgres-server.ts';
import { createAccount, findAccountByUsername, setDisabled } from '../auth/accounts.ts';
import { hashPassword } from '../auth/passwords.ts';
import { createSession, DEFAULT_SESSION_SETTINGS, lookupSession, revokeSession } from '../auth/sessions.ts';
import { ACCOUNT_LOCK_AFTER, signInWithPassword } from '../auth/sign-in.ts';
import { readHint, writeHint } from '../worklist/worklist-hints.ts';
import { hangingProtocolSchema } from '../../src/hanging-protocols/hanging-protocol.ts';
import { personalProtocols, PROTOCOLS_PER_ACCOUNT, savePersonalProtocol } from '../hanging-protocols/personal-protocols.ts';
import { openDatabase, type Database, type DatabaseLocation } from './database.ts';
import { migrate, readMigrations } from './migrate.ts';

/** The gateway's queries on both databases it supports: the embedded default and a PostgreSQL server. */

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function location(kind: 'embedded' | 'postgres'): Promise<DatabaseLocation> {
  if (kind === 'embedded') {
    const dir = mkdtempSync(path.join(tmpdir(), 'readroom-db-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return { kind: 'embedded', dir: path.join(dir, 'gateway-db') };
  }
  return { kind: 'postgres', url: await createTestDatabase(inject('postgresUrl'), `readroom_${process.pid}_${Date.now()}`) };
}

describe.each(['embedded', 'postgres'] as const)('the gateway database (%s)', (kind) => {
  let db: Database;
  let where: DatabaseLocation;

  it('applies every migration once, also when started twice at the same time', async () => {
    where = await location(kind);
    db = await openDatabase(where);
    cleanups.push(() => db.close());
    if (kind === 'postgres') {
      const second = await openDatabase(where);
      const [a, b] = await Promise.all([migrate(db), migrate(second)]);
      await second.close();
      expect([...a, ...b].sort()).toEqual(readMigrations().map((m) => m.version));
    } else {
      expect(await migrate(db)).toEqual(readMigrations().map((m) => m.version));
    }
    expect(await migrate(db)).toEqual([]);
  });

  it('keeps its data across a restart', async () => {
    await createAccount(db, { username: 'persist', displayName: 'Per Sist', roles: ['qa'] });
    await db.close();
    db = await openDatabase(where);
    cleanups.push(() => db.close());
    expect((await findAccountByUsername(db, 'PERSIST'))?.roles).toEqual(['qa']);
  });

  it('refuses a second account with the same username in any case', async () => {
    await createAccount(db, { username: 'Unique', displayName: 'U', roles: [] });
    await expect(createAccount(db, { username: 'UNIQUE', displayName: 'U2', roles: [] })).rejects.toThrow();
  });

  it('signs in, locks after repeated failures, and keeps sessions server-side', async () => {
    const account = await createAccount(db, {
      username: 'reader',
      displayName: 'Rea Der',
      roles: ['radiologist'],
      passwordHash: await hashPassword('the right password'),
    });
    const ok = await signInWithPassword(db, { username: 'reader', password: 'the right password', clientAddress: '127.0.0.1' });
    expect(ok.kind).toBe('ok');
    const session = await createSession(db, account.id, { method: 'password', clientAddress: '127.0.0.1', userAgent: 'test' }, DEFAULT_SESSION_SETTINGS);
    const found = await lookupSession(db, session.token, DEFAULT_SESSION_SETTINGS);
    expect(found.status === 'valid' && found.account.username).toBe('reader');
    expect((await lookupSession(db, `${session.token}x`, DEFAULT_SESSION_SETTINGS)).status).toBe('none');
    await revokeSession(db, session.id);
    expect((await lookupSession(db, session.token, DEFAULT_SESSION_SETTINGS)).status).toBe('expired');

    const again = await createSession(db, account.id, { method: 'password', clientAddress: '127.0.0.1', userAgent: 'test' }, DEFAULT_SESSION_SETTINGS);
    await setDisabled(db, account.id, true);
    expect((await lookupSession(db, again.token, DEFAULT_SESSION_SETTINGS)).status).toBe('expired');
    await setDisabled(db, account.id, false);

    for (let i = 0; i < ACCOUNT_LOCK_AFTER; i++) await signInWithPassword(db, { username: 'reader', password: 'wrong', clientAddress: '127.0.0.2' });
    expect((await signInWithPassword(db, { username: 'reader', password: 'the right password', clientAddress: '127.0.0.3' })).kind).toBe('locked');
  });

  it("keeps each account's worklist hints apart", async () => {
    const a = await createAccount(db, { username: 'hint-a', displayName: 'A', roles: ['radiologist'] });
    const b = await createAccount(db, { username: 'hint-b', displayName: 'B', roles: ['radiologist'] });
    await writeHint(db, a.id, 'k1', '20240102');
    await writeHint(db, a.id, 'k1', '20240103');
    expect(await readHint(db, a.id, 'k1')).toBe('20240103');
    expect(await readHint(db, b.id, 'k1')).toBeUndefined();
  });

  it("keeps each reader's hanging protocols apart, replaces by id, and keeps at most the limit", async () => {
    const a = await createAccount(db, { username: 'hang-a', displayName: 'A', roles: ['radiologist'] });
    const b = await createAccount(db, { username: 'hang-b', displayName: 'B', roles: ['radiologist'] });
    const protocol = (id: string, layout: '1x1' | '1x2') =>
      hangingProtocolSchema.parse({ id, name: id, match: { modalities: ['CT'] }, layout, viewports: [{ preset: 'Lung' }] });
    expect(await savePersonalProtocol(db, a.id, protocol('mine', '1x1'))).toBe(true);
    expect(await savePersonalProtocol(db, a.id, protocol('mine', '1x2'))).toBe(true);
    expect((await personalProtocols(db, a.id)).map((p) => [p.id, p.layout])).toEqual([['mine', '1x2']]);
    expect(await personalProtocols(db, b.id)).toEqual([]);
    for (let i = 1; i < PROTOCOLS_PER_ACCOUNT; i += 1) await savePersonalProtocol(db, a.id, protocol(`p${i}`, '1x1'));
    expect(await savePersonalProtocol(db, a.id, protocol('over', '1x1'))).toBe(false);
    expect(await personalProtocols(db, a.id)).toHaveLength(PROTOCOLS_PER_ACCOUNT);
  });
});
