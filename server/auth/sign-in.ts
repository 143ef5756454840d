import type { Database } from '../db/database.ts';
import { findAccountByUsername, type Account } from './accounts.ts';
import { verifyAgainstDecoy, verifyPassword } from './passwords.ts';
import { totpMatches } from './totp.ts';

/**
 * Password (and TOTP) sign-in with its limits, kept in the database so every gateway replica sees them:
 * - per account: `ACCOUNT_LOCK_AFTER` failures in a row lock it for `LOCK_MS` (a correct password does
 *   not open a locked account before that; an admin's password reset does);
 * - per client address: more than `CLIENT_MAX_FAILURES` failures within `CLIENT_WINDOW_MS`, for any
 *   usernames, and that client is refused until the window has moved on.
 */

export const ACCOUNT_LOCK_AFTER = 5;
export const LOCK_MS = 15 * 60_000;
export const CLIENT_MAX_FAILURES = 20;
export const CLIENT_WINDOW_MS = 15 * 60_000;

export type SignInResult =
  | { kind: 'ok'; account: Account; method: 'password' | 'password+totp' }
  | { kind: 'invalid'; account?: Account }
  | { kind: 'totp_required'; account: Account }
  | { kind: 'locked'; retryAfterS: number; account?: Account };

export interface SignInAttempt {
  username: string;
  password: string;
  totp?: string;
  clientAddress: string;
}

/**
 * Seconds until a client address may try again, or undefined when it may now. Counts every failed proof
 * of identity from that address: sign-ins, and share links opened with an unknown token or a wrong passcode.
 */
export async function clientRetryAfter(db: Database, clientAddress: string): Promise<number | undefined> {
  const byClient = await clientFailures(db, clientAddress);
  return byClient.count >= CLIENT_MAX_FAILURES ? byClient.retryAfterS : undefined;
}

export async function recordClientFailure(db: Database, clientAddress: string): Promise<void> {
  await db.query('DELETE FROM sign_in_failures WHERE at < now() - make_interval(secs => $1)', [CLIENT_WINDOW_MS / 1000]);
  await db.query('INSERT INTO sign_in_failures (client_address) VALUES ($1)', [clientAddress]);
}

async function clientFailures(db: Database, clientAddress: string): Promise<{ count: number; retryAfterS: number }> {
  const [row] = await db.query<{ n: number; oldest_age_s: number | null }>(
    `SELECT count(*)::int AS n, extract(epoch FROM now() - min(at))::float8 AS oldest_age_s
       FROM sign_in_failures WHERE client_address = $1 AND at > now() - make_interval(secs => $2)`,
    [clientAddress, CLIENT_WINDOW_MS / 1000],
  );
  const count = row?.n ?? 0;
  const retryAfterS = Math.max(1, Math.ceil(CLIENT_WINDOW_MS / 1000 - (row?.oldest_age_s ?? 0)));
  return { count, retryAfterS };
}

async function recordFailure(db: Database, clientAddress: string, account: Account | undefined): Promise<boolean> {
  await recordClientFailure(db, clientAddress);
  if (!account) return false;
  const [row] = await db.query<{ locked: boolean }>(
    `UPDATE accounts SET failed_sign_ins = failed_sign_ins + 1,
            locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
      WHERE id = $1 RETURNING locked_until IS NOT NULL AND locked_until > now() AS locked`,
    [account.id, ACCOUNT_LOCK_AFTER, LOCK_MS / 1000],
  );
  return row?.locked ?? false;
}

function lockedFor(account: Account): number {
  return account.lockedUntil ? Math.ceil((account.lockedUntil.getTime() - Date.now()) / 1000) : 0;
}

export async function signInWithPassword(db: Database, attempt: SignInAttempt): Promise<SignInResult> {
  const clientWait = await clientRetryAfter(db, attempt.clientAddress);
  if (clientWait !== undefined) return { kind: 'locked', retryAfterS: clientWait };

  const account = await findAccountByUsername(db, attempt.username);
  if (!account || account.disabled || !account.passwordHash) {
    await verifyAgainstDecoy(attempt.password);
    await recordFailure(db, attempt.clientAddress, account);
    return { kind: 'invalid' };
  }
  if (lockedFor(account) > 0) return { kind: 'locked', retryAfterS: lockedFor(account), account };

  const passwordOk = await verifyPassword(attempt.password, account.passwordHash);
  if (passwordOk && account.totpSecret && !attempt.totp) return { kind: 'totp_required', account };
  const totpOk = !account.totpSecret || (attempt.totp !== undefined && totpMatches(account.totpSecret, attempt.totp));
  if (!passwordOk || !totpOk) {
    const nowLocked = await recordFailure(db, attempt.clientAddress, account);
    return nowLocked ? { kind: 'locked', retryAfterS: LOCK_MS / 1000, account } : { kind: 'invalid', account };
  }
  await db.query('UPDATE accounts SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1', [account.id]);
  return { kind: 'ok', account, method: account.totpSecret ? 'password+totp' : 'password' };
}
