import { describe, expect, it } from 'vitest';
import { addTestAccount, testDatabase } from '../test-gateway.ts';
import { findAccountByUsername } from './accounts.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, DEFAULT_SESSION_SETTINGS, listActiveSessions } from './sessions.ts';
import { currentTotp, totpMatches } from './totp.ts';
import { CliError, runUsersCommand, wantsHelp } from './users-cli.ts';

const NEW_PASSWORD = 'a long enough new password';

async function run(args: string[], password = NEW_PASSWORD): Promise<{ lines: string[]; fromStdin: boolean[] }> {
  const db = await testDatabase();
  const lines: string[] = [];
  const fromStdin: boolean[] = [];
  await runUsersCommand(args, {
    db,
    session: DEFAULT_SESSION_SETTINGS,
    sourceIds: ['main', 'hospital'],
    out: (line) => lines.push(line),
    readPassword: async (options) => {
      fromStdin.push(options.fromStdin);
      return password;
    },
  });
  return { lines, fromStdin };
}

async function sessionOf(username: string): Promise<string> {
  const db = await testDatabase();
  const account = (await findAccountByUsername(db, username))!;
  return (await createSession(db, account.id, { method: 'password', clientAddress: '10.0.0.7', userAgent: 'test' }, DEFAULT_SESSION_SETTINGS)).id;
}

async function activeSessionsOf(username: string): Promise<number> {
  const db = await testDatabase();
  const account = (await findAccountByUsername(db, username))!;
  return (await listActiveSessions(db, DEFAULT_SESSION_SETTINGS, account.id)).length;
}

describe('npm run users', () => {
  it('adds an account with roles, names, scope and a password', async () => {
    const { lines, fromStdin } = await run([
      'add',
      'Ada.Okafor',
      '--role',
      'radiologist',
      '--role',
      'qa',
      '--name',
      'Ada Okafor',
      '--person-name',
      'Okafor^Ada^^Dr',
      '--institution',
      'St. Mary Hospital',
      '--institution',
      'North Clinic',
      '--source',
      'hospital',
      '--password-stdin',
    ]);
    expect(lines).toEqual(['Added ada.okafor (Ada Okafor) with roles radiologist, qa.']);
    expect(fromStdin).toEqual([true]);
    const account = (await findAccountByUsername(await testDatabase(), 'ada.okafor'))!;
    expect(account).toMatchObject({
      displayName: 'Ada Okafor',
      personName: 'Okafor^Ada^^Dr',
      roles: ['radiologist', 'qa'],
      scopeInstitutions: ['St. Mary Hospital', 'North Clinic'],
      scopeSources: ['hospital'],
      disabled: false,
    });
    expect(await verifyPassword(NEW_PASSWORD, account.passwordHash!)).toBe(true);
  });

  it('refuses with one line what it cannot do, and changes nothing', async () => {
    const attempts: Array<[string[], RegExp, string?]> = [
      [['add', 'short', '--role', 'admin', '--name', 'S'], /at least 12 characters/, 'short'],
      [['add', 'bob', '--role', 'surgeon', '--name', 'Bob'], /Unknown role "surgeon" \(roles: radiologist, qa, referrer, admin\)/],
      [['add', 'bob', '--role', 'qa'], /--name/],
      [['add', 'bob', '--name', 'Bob'], /at least one --role/],
      [['add', 'bob', '--role', 'qa', '--name', 'Bob', '--source', 'elsewhere'], /Unknown source "elsewhere" \(configured: main, hospital\)/],
      [['add', 'Bob Smith', '--role', 'qa', '--name', 'Bob'], /A username has 1-64 characters/],
      [['add', 'bob', 'smith', '--role', 'qa', '--name', 'Bob'], /takes one username/],
      [['list', '--role', 'qa'], /list does not take --role/],
      [['add', 'bob', '--role'], /--role/],
      [['rename', 'bob'], /Unknown command "rename"/],
      [['disable', 'nobody'], /No account named "nobody"/],
      [['disable'], /Name the account/],
    ];
    for (const [args, message, password] of attempts) {
      await expect(run(args, password), args.join(' ')).rejects.toThrow(message);
      await expect(run(args, password)).rejects.toBeInstanceOf(CliError);
    }
    expect(await findAccountByUsername(await testDatabase(), 'short')).toBeUndefined();
    expect(await findAccountByUsername(await testDatabase(), 'bob')).toBeUndefined();
    await run(['add', 'taken', '--role', 'qa', '--name', 'Taken']);
    await expect(run(['add', 'TAKEN', '--role', 'qa', '--name', 'Again'])).rejects.toThrow('An account named "taken" already exists.');
  });

  it('lists accounts with roles, how they sign in, scope and status', async () => {
    await run(['add', 'lister', '--role', 'admin', '--name', 'Lee Lister', '--institution', 'North Clinic']);
    await run(['disable', 'lister']);
    const { lines } = await run(['list']);
    expect(lines[0]).toMatch(/^USERNAME\s+NAME\s+ROLES\s+SIGN-IN\s+SOURCES\s+INSTITUTIONS\s+PEER REVIEW\s+STATUS$/);
    expect(lines.find((line) => line.startsWith('lister '))).toMatch(/^lister\s+Lee Lister\s+admin\s+password\s+every\s+North Clinic\s+-\s+disabled$/);
    expect(wantsHelp([])).toBe(true);
    expect(wantsHelp(['list'])).toBe(false);
  });

  it('disables (ending the sessions) and enables an account', async () => {
    await run(['add', 'dana', '--role', 'radiologist', '--name', 'Dana']);
    await sessionOf('dana');
    expect((await run(['disable', 'dana'])).lines).toEqual(['Disabled dana; their sessions have ended.']);
    expect((await findAccountByUsername(await testDatabase(), 'dana'))!.disabled).toBe(true);
    await run(['enable', 'dana']);
    expect((await findAccountByUsername(await testDatabase(), 'dana'))!.disabled).toBe(false);
    expect(await activeSessionsOf('dana')).toBe(0);
  });

  it('resets a password: lockout lifted, sessions ended', async () => {
    const db = await testDatabase();
    const account = await addTestAccount(db, ['qa'], { username: 'locked-out' });
    await db.query("UPDATE accounts SET failed_sign_ins = 5, locked_until = now() + interval '10 minutes' WHERE id = $1", [account.id]);
    await sessionOf('locked-out');
    await run(['reset', 'locked-out'], 'the replacement password');
    const after = (await findAccountByUsername(db, 'locked-out'))!;
    expect(after).toMatchObject({ failedSignIns: 0, lockedUntil: null });
    expect(await verifyPassword('the replacement password', after.passwordHash!)).toBe(true);
    expect(await activeSessionsOf('locked-out')).toBe(0);
    await expect(run(['reset', 'locked-out'], 'short')).rejects.toThrow(/at least 12 characters/);
  });

  it('replaces roles and sets the scope', async () => {
    await run(['add', 'scoped', '--role', 'qa', '--name', 'Sam Scoped']);
    expect((await run(['roles', 'scoped', '--role', 'radiologist'])).lines).toEqual(['scoped now has role radiologist.']);
    expect((await run(['scope', 'scoped', '--institution', 'North Clinic'])).lines).toEqual(['scoped sees sources: every; institutions: North Clinic.']);
    expect((await run(['scope', 'scoped', '--source', 'main'])).lines).toEqual(['scoped sees sources: main; institutions: North Clinic.']);
    expect((await run(['scope', 'scoped'])).lines).toEqual(['scoped sees sources: main; institutions: North Clinic.']);
    expect((await run(['scope', 'scoped', '--all'])).lines).toEqual(['scoped sees sources: every; institutions: every.']);
    await expect(run(['scope', 'scoped', '--all', '--source', 'main'])).rejects.toThrow('Give either --all or --institution/--source, not both.');
    expect((await findAccountByUsername(await testDatabase(), 'scoped'))!).toMatchObject({
      roles: ['radiologist'],
      scopeSources: null,
      scopeInstitutions: null,
    });
  });

  it('makes a qa account an arbiter and gives a radiologist a monthly review quota (peer review)', async () => {
    await run(['add', 'ari', '--role', 'qa', '--name', 'Ari Arbiter', '--arbiter']);
    await run(['add', 'rosa', '--role', 'radiologist', '--name', 'Rosa Reader', '--review-quota', '10']);
    const db = await testDatabase();
    expect(await findAccountByUsername(db, 'ari')).toMatchObject({ arbiter: true, reviewQuota: 0 });
    expect(await findAccountByUsername(db, 'rosa')).toMatchObject({ arbiter: false, reviewQuota: 10 });
    const { lines } = await run(['list']);
    expect(lines.find((line) => line.startsWith('ari '))).toMatch(/\sarbiter\s+active$/);
    expect(lines.find((line) => line.startsWith('rosa '))).toMatch(/\s10\/month\s+active$/);

    expect((await run(['peer-review', 'rosa', '--review-quota', '4'])).lines).toEqual(['rosa: not an arbiter; review quota 4 a month.']);
    await run(['peer-review', 'ari', '--no-arbiter']);
    expect(await findAccountByUsername(db, 'ari')).toMatchObject({ arbiter: false });
    await expect(run(['peer-review', 'rosa', '--arbiter'])).rejects.toThrow(/Only an account with the qa role can be an arbiter/);
    await expect(run(['add', 'bob', '--role', 'radiologist', '--name', 'Bob', '--arbiter'])).rejects.toThrow(/qa role/);
    await expect(run(['peer-review', 'rosa', '--review-quota', 'many'])).rejects.toThrow(/--review-quota is a whole number/);
    await expect(run(['peer-review', 'ari', '--arbiter', '--no-arbiter'])).rejects.toThrow(/either --arbiter or --no-arbiter/);
    expect(await findAccountByUsername(db, 'rosa')).toMatchObject({ arbiter: false, reviewQuota: 4 });
    expect(await findAccountByUsername(db, 'bob')).toBeUndefined();
  });

  it('lists active sessions and revokes those of an account', async () => {
    await run(['add', 'sessioned', '--role', 'qa', '--name', 'Sue']);
    const id = await sessionOf('sessioned');
    await sessionOf('sessioned');
    const idle = await sessionOf('sessioned');
    await (await testDatabase()).query("UPDATE sessions SET last_seen_at = now() - interval '2 hours' WHERE token_hash = $1", [idle]);
    const { lines } = await run(['sessions', 'sessioned']);
    expect(lines[0]).toMatch(/^SESSION\s+USERNAME\s+METHOD\s+STARTED\s+LAST SEEN\s+CLIENT$/);
    expect(lines).toHaveLength(3);
    expect(lines.some((line) => line.startsWith(`${id.slice(0, 12)}  sessioned  password`) && line.endsWith('10.0.0.7'))).toBe(true);
    expect((await run(['sessions'])).lines.filter((line) => line.includes(' sessioned '))).toHaveLength(2);
    expect((await run(['revoke', 'sessioned'])).lines).toEqual(['Ended 2 sessions of sessioned.']);
    expect((await run(['sessions', 'sessioned'])).lines).toEqual(['sessioned has no active session.']);
  });

  it('sets up a second factor once, printing the URI and secret, and removes it', async () => {
    await run(['add', 'twofactor', '--role', 'qa', '--name', 'Tom']);
    const { lines } = await run(['totp', 'twofactor']);
    const secret = /Secret: ([A-Z2-7]+)$/.exec(lines[2]!)![1]!;
    expect(lines[1]).toContain(`otpauth://totp/Readroom:twofactor?issuer=Readroom&secret=${secret}`);
    const stored = (await findAccountByUsername(await testDatabase(), 'twofactor'))!.totpSecret!;
    expect(totpMatches(stored, currentTotp(secret))).toBe(true);
    expect((await run(['totp', 'twofactor', '--disable'])).lines).toEqual(['Removed the second factor of twofactor.']);
    expect((await findAccountByUsername(await testDatabase(), 'twofactor'))!.totpSecret).toBeNull();
  });
});
