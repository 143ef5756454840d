import { parseArgs } from 'node:util';
import { isRole, ROLES, type Role } from '../../src/auth/roles.ts';
import type { Database } from '../db/database.ts';
import {
  createAccount,
  findAccountByUsername,
  listAccounts,
  resetPassword,
  setDisabled,
  setPeerReviewSettings,
  setRoles,
  setScope,
  setTotpSecret,
  type Account,
} from './accounts.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { listActiveSessions, revokeAccountSessions, type SessionSettings } from './sessions.ts';
import { newTotpSecret, totpUri } from './totp.ts';

/**
 * `npm run users -- <command>`: the accounts of the gateway's database, managed from the server's shell
 * (the first administrator comes from here). scripts/users.ts opens the database and reads passwords;
 * this module is the commands.
 */

export const USAGE = `Usage: npm run users -- <command>
  add <username> --role <role> [--role …] --name "<Display Name>" [--person-name "Family^Given"]
      [--institution "<Institution Name>" …] [--source <id> …] [--password-stdin]
      [--arbiter] [--review-quota <reviews a month>]
  list
  disable <username>            enable <username>
  reset <username> [--password-stdin]   new password, lockout lifted, sessions ended
  roles <username> --role <role> [--role …]
  scope <username> [--institution …] [--source …] [--all]
  sessions [<username>]         revoke <username>
  totp <username> [--disable]
  peer-review <username> [--arbiter | --no-arbiter] [--review-quota <reviews a month>]
Roles: ${ROLES.join(', ')}. Arbiters (peer review) must have the qa role.`;

/** A mistake of the person typing the command: printed as one line, exit status 1. */
export class CliError extends Error {
  override name = 'CliError';
}

export interface UsersCliContext {
  db: Database;
  session: SessionSettings;
  /** Ids of the configured data sources (`--source` must name one). */
  sourceIds: readonly string[];
  out(line: string): void;
  /** The new password: asked twice on a terminal, or one line of stdin. */
  readPassword(options: { fromStdin: boolean }): Promise<string>;
}

const OPTIONS = {
  role: { type: 'string', multiple: true },
  name: { type: 'string' },
  'person-name': { type: 'string' },
  institution: { type: 'string', multiple: true },
  source: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  disable: { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
  arbiter: { type: 'boolean' },
  'no-arbiter': { type: 'boolean' },
  'review-quota': { type: 'string' },
} as const;

type OptionName = keyof typeof OPTIONS;
type Values = ReturnType<typeof parse>['values'];

const COMMAND_OPTIONS: Record<string, readonly OptionName[]> = {
  add: ['role', 'name', 'person-name', 'institution', 'source', 'password-stdin', 'arbiter', 'review-quota'],
  list: [],
  disable: [],
  enable: [],
  reset: ['password-stdin'],
  roles: ['role'],
  scope: ['institution', 'source', 'all'],
  sessions: [],
  revoke: [],
  totp: ['disable'],
  'peer-review': ['arbiter', 'no-arbiter', 'review-quota'],
};

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError((error as Error).message.split('\n')[0]!);
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

function rolesOf(values: Values): Role[] {
  const roles = values.role ?? [];
  if (roles.length === 0) throw new CliError(`Give at least one --role (${ROLES.join(', ')}).`);
  const unknown = roles.find((role) => !isRole(role));
  if (unknown !== undefined) throw new CliError(`Unknown role "${unknown}" (roles: ${ROLES.join(', ')}).`);
  return [...new Set(roles as Role[])];
}

function sourcesOf(values: Values, known: readonly string[]): string[] | undefined {
  const unknown = values.source?.find((id) => !known.includes(id));
  if (unknown !== undefined) throw new CliError(`Unknown source "${unknown}" (configured: ${known.join(', ')}).`);
  return values.source;
}

function reviewQuotaOf(values: Values): number | undefined {
  const text = values['review-quota'];
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,5}$/.test(text.trim()) || Number(text) > 10_000) throw new CliError('--review-quota is a whole number of reviews a month, from 0 to 10000.');
  return Number(text);
}

/** Only a qa account may arbitrate (the flag grants nothing to other roles). */
function checkArbiter(roles: readonly Role[], arbiter: boolean | undefined): void {
  if (arbiter && !roles.includes('qa')) throw new CliError('Only an account with the qa role can be an arbiter (add --role qa).');
}

function peerReviewText(account: Account): string {
  const parts = [...(account.arbiter ? ['arbiter'] : []), ...(account.reviewQuota > 0 ? [`${account.reviewQuota}/month`] : [])];
  return parts.join(', ') || '-';
}

async function accountNamed(db: Database, username: string | undefined): Promise<Account> {
  if (!username) throw new CliError('Name the account: <username>.');
  const account = await findAccountByUsername(db, username);
  if (!account) throw new CliError(`No account named "${username}".`);
  return account;
}

async function newPasswordHash(context: UsersCliContext, values: Values): Promise<string> {
  const password = await context.readPassword({ fromStdin: values['password-stdin'] === true });
  const problem = passwordProblem(password);
  if (problem) throw new CliError(problem);
  return hashPassword(password);
}

function time(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** `every` for null; the list otherwise. */
function scopeText(list: readonly string[] | null): string {
  return list === null ? 'every' : list.length === 0 ? 'none' : list.join(', ');
}

function signInText(account: Account): string {
  if (account.oidcIssuer) return `single sign-on (${account.oidcIssuer})`;
  if (!account.passwordHash) return 'none';
  return account.totpSecret ? 'password + TOTP' : 'password';
}

function statusText(account: Account): string {
  if (account.disabled) return 'disabled';
  if (account.lockedUntil && account.lockedUntil > new Date()) return `locked until ${time(account.lockedUntil)}`;
  return 'active';
}

/** Columns padded to their widest cell. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  return [header, ...rows].map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
}

/** No command, or a request for help: print `USAGE` (no database needed). */
export function wantsHelp(args: readonly string[]): boolean {
  return args.length === 0 || ['help', '--help', '-h'].includes(args[0]!);
}

export async function runUsersCommand(args: string[], context: UsersCliContext): Promise<void> {
  const [command = '', ...rest] = args;
  const allowed = COMMAND_OPTIONS[command];
  if (!allowed) throw new CliError(`Unknown command "${command}". Run \`npm run users -- help\` for the list.`);
  const { values, positionals } = parse(rest);
  const given = (Object.keys(values) as OptionName[]).find((option) => !allowed.includes(option));
  if (given) throw new CliError(`${command} does not take --${given}.`);
  const maxPositionals = command === 'list' ? 0 : 1;
  if (positionals.length > maxPositionals)
    throw new CliError(`${command} takes ${maxPositionals === 0 ? 'no arguments' : 'one username'}; got "${positionals.join(' ')}". Quote names with spaces.`);
  const { db, out } = context;
  const [username] = positionals;

  switch (command) {
    case 'add': {
      if (!username) throw new CliError('Name the new account: add <username> --role <role> --name "<Display Name>".');
      const normalized = username.trim().toLowerCase();
      if (!USERNAME.test(normalized))
        throw new CliError('A username has 1-64 characters: letters, digits, ".", "_", "@" or "-", starting with a letter or digit.');
      const roles = rolesOf(values);
      const displayName = values.name?.trim();
      if (!displayName) throw new CliError('Give the person\'s name: --name "<Display Name>".');
      const scopeSources = sourcesOf(values, context.sourceIds);
      const reviewQuota = reviewQuotaOf(values);
      checkArbiter(roles, values.arbiter);
      if (await findAccountByUsername(db, normalized)) throw new CliError(`An account named "${normalized}" already exists.`);
      const passwordHash = await newPasswordHash(context, values);
      const account = await createAccount(db, {
        username: normalized,
        displayName,
        roles,
        passwordHash,
        ...(values['person-name'] ? { personName: values['person-name'].trim() } : {}),
        ...(values.institution ? { scopeInstitutions: values.institution } : {}),
        ...(scopeSources ? { scopeSources } : {}),
        ...(values.arbiter ? { arbiter: true } : {}),
        ...(reviewQuota !== undefined ? { reviewQuota } : {}),
      });
      out(`Added ${account.username} (${account.displayName}) with role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}.`);
      return;
    }
    case 'list': {
      const accounts = await listAccounts(db);
      if (accounts.length === 0) {
        out('No accounts yet. Add one with: npm run users -- add <username> --role admin --name "<Your Name>"');
        return;
      }
      const rows = accounts.map((a) => [
        a.username,
        a.displayName,
        a.roles.join(',') || '-',
        signInText(a),
        scopeText(a.scopeSources),
        scopeText(a.scopeInstitutions),
        peerReviewText(a),
        statusText(a),
      ]);
      table(['USERNAME', 'NAME', 'ROLES', 'SIGN-IN', 'SOURCES', 'INSTITUTIONS', 'PEER REVIEW', 'STATUS'], rows).forEach(out);
      return;
    }
    case 'disable':
    case 'enable': {
      const account = await accountNamed(db, username);
      await setDisabled(db, account.id, command === 'disable');
      out(command === 'disable' ? `Disabled ${account.username}; their sessions have ended.` : `Enabled ${account.username}.`);
      return;
    }
    case 'reset': {
      const account = await accountNamed(db, username);
      if (account.oidcIssuer) throw new CliError(`${account.username} signs in through single sign-on (${account.oidcIssuer}) and has no Readroom password.`);
      await resetPassword(db, account.id, await newPasswordHash(context, values));
      out(`New password set for ${account.username}; lockout lifted, account enabled, sessions ended.`);
      return;
    }
    case 'roles': {
      const account = await accountNamed(db, username);
      const roles = rolesOf(values);
      await setRoles(db, account.id, roles);
      out(`${account.username} now has role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}.`);
      if (account.oidcIssuer)
        out(`Note: ${account.username} signs in through single sign-on; the identity provider's groups set the roles again at the next sign-in.`);
      return;
    }
    case 'scope': {
      const account = await accountNamed(db, username);
      const sources = sourcesOf(values, context.sourceIds);
      if (values.all && (sources || values.institution)) throw new CliError('Give either --all or --institution/--source, not both.');
      if (values.all || sources || values.institution) {
        await setScope(db, account.id, {
          sources: values.all ? null : (sources ?? account.scopeSources),
          institutions: values.all ? null : (values.institution ?? account.scopeInstitutions),
        });
      }
      const now = (await findAccountByUsername(db, account.username))!;
      out(`${now.username} sees sources: ${scopeText(now.scopeSources)}; institutions: ${scopeText(now.scopeInstitutions)}.`);
      return;
    }
    case 'sessions': {
      const account = username === undefined ? undefined : await accountNamed(db, username);
      const sessions = await listActiveSessions(db, context.session, account?.id);
      if (sessions.length === 0) {
        out(account ? `${account.username} has no active session.` : 'No active sessions.');
        return;
      }
      const rows = sessions.map((s) => [s.id.slice(0, 12), s.username, s.method, time(s.startedAt), time(s.lastSeenAt), s.clientAddress || '-']);
      table(['SESSION', 'USERNAME', 'METHOD', 'STARTED', 'LAST SEEN', 'CLIENT'], rows).forEach(out);
      return;
    }
    case 'revoke': {
      const account = await accountNamed(db, username);
      const ended = await revokeAccountSessions(db, account.id, context.session);
      out(`Ended ${ended} session${ended === 1 ? '' : 's'} of ${account.username}.`);
      return;
    }
    case 'peer-review': {
      const account = await accountNamed(db, username);
      if (values.arbiter && values['no-arbiter']) throw new CliError('Give either --arbiter or --no-arbiter, not both.');
      const arbiter = values.arbiter ? true : values['no-arbiter'] ? false : undefined;
      const reviewQuota = reviewQuotaOf(values);
      checkArbiter(account.roles, arbiter);
      if (arbiter !== undefined || reviewQuota !== undefined) {
        await setPeerReviewSettings(db, account.id, { ...(arbiter !== undefined ? { arbiter } : {}), ...(reviewQuota !== undefined ? { reviewQuota } : {}) });
      }
      const now = (await findAccountByUsername(db, account.username))!;
      out(
        `${now.username}: ${now.arbiter ? 'arbiter' : 'not an arbiter'}; review quota ${now.reviewQuota} a month.` +
          (arbiter !== undefined ? ' Signed-in sessions see the change at their next request.' : ''),
      );
      return;
    }
    case 'totp': {
      const account = await accountNamed(db, username);
      if (values.disable) {
        await setTotpSecret(db, account.id, null);
        out(`Removed the second factor of ${account.username}${account.totpSecret ? '' : ' (there was none)'}.`);
        return;
      }
      if (account.oidcIssuer) throw new CliError(`${account.username} signs in through single sign-on; the identity provider's second factor applies.`);
      const secret = newTotpSecret();
      await setTotpSecret(db, account.id, secret);
      out(`${account.totpSecret ? 'Replaced the' : 'Set a'} second factor for ${account.username}. Enter this in their authenticator app (shown once):`);
      out(`  URI:    ${totpUri(secret, account.username)}`);
      out(`  Secret: ${secret}`);
      return;
    }
  }
}
