import { isRole, type Role } from '../../src/auth/roles.ts';
import type { Queryable } from '../db/database.ts';
import { personNameOf } from './principal.ts';

/** Accounts in the database (SQL for this table lives here). */

export interface Account {
  id: number;
  username: string;
  displayName: string;
  personName: string;
  roles: Role[];
  scopeSources: string[] | null;
  scopeInstitutions: string[] | null;
  passwordHash: string | null;
  totpSecret: string | null;
  /** Set for a single sign-on account (which has no password). */
  oidcIssuer: string | null;
  disabled: boolean;
  demo: boolean;
  failedSignIns: number;
  lockedUntil: Date | null;
  /** Arbitrates peer reviews (only together with the qa role: src/auth/roles.ts). */
  arbiter: boolean;
  /** Peer reviews a month a radiologist takes from the queue (0: none). */
  reviewQuota: number;
}

interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  person_name: string;
  roles: string[];
  scope_sources: string[] | null;
  scope_institutions: string[] | null;
  password_hash: string | null;
  totp_secret: string | null;
  oidc_issuer: string | null;
  disabled: boolean;
  demo: boolean;
  failed_sign_ins: number;
  locked_until: Date | null;
  arbiter: boolean;
  review_quota: number;
}

export function accountFromRow(row: AccountRow): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    personName: row.person_name || personNameOf(row.display_name),
    roles: row.roles.filter(isRole),
    scopeSources: row.scope_sources,
    scopeInstitutions: row.scope_institutions,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    oidcIssuer: row.oidc_issuer,
    disabled: row.disabled,
    demo: row.demo,
    failedSignIns: row.failed_sign_ins,
    lockedUntil: row.locked_until,
    arbiter: row.arbiter,
    reviewQuota: row.review_quota,
  };
}

export const ACCOUNT_COLUMNS =
  'id, username, display_name, person_name, roles, scope_sources, scope_institutions, password_hash, totp_secret, oidc_issuer, disabled, demo, failed_sign_ins, locked_until, arbiter, review_quota';

/** Usernames are compared case-insensitively and stored in lower case. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export async function findAccountByUsername(db: Queryable, username: string): Promise<Account | undefined> {
  const [row] = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE username = $1`, [normalizeUsername(username)]);
  return row ? accountFromRow(row) : undefined;
}

export async function findAccountById(db: Queryable, id: number): Promise<Account | undefined> {
  const [row] = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1`, [id]);
  return row ? accountFromRow(row) : undefined;
}

export async function countEnabledAccounts(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts WHERE NOT disabled');
  return row?.n ?? 0;
}

export interface NewAccount {
  username: string;
  displayName: string;
  personName?: string;
  roles: readonly Role[];
  passwordHash?: string | null;
  scopeSources?: readonly string[] | null;
  scopeInstitutions?: readonly string[] | null;
  demo?: boolean;
  /** The identity (issuer, subject) of a single sign-on account. */
  oidc?: { issuer: string; subject: string };
  arbiter?: boolean;
  reviewQuota?: number;
}

export async function createAccount(db: Queryable, account: NewAccount): Promise<Account> {
  const [row] = await db.query<AccountRow>(
    `INSERT INTO accounts (username, display_name, person_name, roles, password_hash, scope_sources, scope_institutions, demo, oidc_issuer, oidc_subject,
                           arbiter, review_quota)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${ACCOUNT_COLUMNS}`,
    [
      normalizeUsername(account.username),
      account.displayName,
      account.personName ?? '',
      [...account.roles],
      account.passwordHash ?? null,
      account.scopeSources ? [...account.scopeSources] : null,
      account.scopeInstitutions ? [...account.scopeInstitutions] : null,
      account.demo ?? false,
      account.oidc?.issuer ?? null,
      account.oidc?.subject ?? null,
      account.arbiter ?? false,
      account.reviewQuota ?? 0,
    ],
  );
  return accountFromRow(row!);
}

/** Sets a new password, clears the lockout, re-enables the account and ends its sessions. */
export async function resetPassword(db: Queryable, accountId: number, passwordHash: string): Promise<void> {
  await db.query('UPDATE accounts SET password_hash = $2, failed_sign_ins = 0, locked_until = NULL, disabled = false, updated_at = now() WHERE id = $1', [
    accountId,
    passwordHash,
  ]);
  await db.query('UPDATE sessions SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL', [accountId]);
}

/** Disables (or re-enables) an account; disabling ends its sessions at once. */
export async function setDisabled(db: Queryable, accountId: number, disabled: boolean): Promise<void> {
  await db.query('UPDATE accounts SET disabled = $2, updated_at = now() WHERE id = $1', [accountId, disabled]);
  if (disabled) await db.query('UPDATE sessions SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL', [accountId]);
}

export async function findAccountByOidcSubject(db: Queryable, issuer: string, subject: string): Promise<Account | undefined> {
  const [row] = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE oidc_issuer = $1 AND oidc_subject = $2`, [issuer, subject]);
  return row ? accountFromRow(row) : undefined;
}

/** What a single sign-on refreshes at every sign-in: the provider is the source of name and roles. */
export async function updateProfile(
  db: Queryable,
  accountId: number,
  profile: { displayName: string; personName: string; roles: readonly Role[] },
): Promise<Account> {
  const [row] = await db.query<AccountRow>(
    `UPDATE accounts SET display_name = $2, person_name = $3, roles = $4, updated_at = now() WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
    [accountId, profile.displayName, profile.personName, [...profile.roles]],
  );
  return accountFromRow(row!);
}

/** Sets (or with null removes) an account's second factor. */
export async function setTotpSecret(db: Queryable, accountId: number, secretBase32: string | null): Promise<void> {
  await db.query('UPDATE accounts SET totp_secret = $2, updated_at = now() WHERE id = $1', [accountId, secretBase32]);
}

export async function listAccounts(db: Queryable): Promise<Account[]> {
  const rows = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY username`);
  return rows.map(accountFromRow);
}

export async function setRoles(db: Queryable, accountId: number, roles: readonly Role[]): Promise<void> {
  await db.query('UPDATE accounts SET roles = $2, updated_at = now() WHERE id = $1', [accountId, [...roles]]);
}

/** null: every source / institution. */
export async function setScope(
  db: Queryable,
  accountId: number,
  scope: { sources: readonly string[] | null; institutions: readonly string[] | null },
): Promise<void> {
  await db.query('UPDATE accounts SET scope_sources = $2, scope_institutions = $3, updated_at = now() WHERE id = $1', [
    accountId,
    scope.sources ? [...scope.sources] : null,
    scope.institutions ? [...scope.institutions] : null,
  ]);
}

/** Lifts a lockout after failed sign-ins (the password stays). */
export async function unlockAccount(db: Queryable, accountId: number): Promise<void> {
  await db.query('UPDATE accounts SET failed_sign_ins = 0, locked_until = NULL, updated_at = now() WHERE id = $1', [accountId]);
}

/** Peer review: the arbiter flag and the monthly review quota (each left as it is when not given). */
export async function setPeerReviewSettings(db: Queryable, accountId: number, settings: { arbiter?: boolean; reviewQuota?: number }): Promise<void> {
  await db.query('UPDATE accounts SET arbiter = COALESCE($2, arbiter), review_quota = COALESCE($3, review_quota), updated_at = now() WHERE id = $1', [
    accountId,
    settings.arbiter ?? null,
    settings.reviewQuota ?? null,
  ]);
}
