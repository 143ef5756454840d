import type { Database, Queryable } from '../db/database.ts';
import { setTotpSecret, type Account } from './accounts.ts';
import { newTotpSecret, totpMatches, totpUri } from './totp.ts';

/**
 * A user setting up their own second factor: `start` makes a secret and keeps it pending; `confirm`
 * with a code from the app activates it, so nobody ends up with a factor their app does not produce.
 * A factor already active is not replaced this way (a stolen session must not be able to swap it): an
 * administrator removes it first (`npm run users -- totp <username> --disable`).
 */

export const ENROLLMENT_LIFETIME_MS = 10 * 60_000;

export type EnrollmentStart = { kind: 'started'; secret: string; uri: string } | { kind: 'already_active' } | { kind: 'not_local' };

export async function startTotpEnrollment(db: Queryable, account: Account): Promise<EnrollmentStart> {
  if (account.oidcIssuer || !account.passwordHash) return { kind: 'not_local' };
  if (account.totpSecret) return { kind: 'already_active' };
  const secret = newTotpSecret();
  await db.query(
    `INSERT INTO totp_enrollments (account_id, secret, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
     ON CONFLICT (account_id) DO UPDATE SET secret = EXCLUDED.secret, expires_at = EXCLUDED.expires_at`,
    [account.id, secret, ENROLLMENT_LIFETIME_MS / 1000],
  );
  return { kind: 'started', secret, uri: totpUri(secret, account.username) };
}

export type EnrollmentConfirmation = 'confirmed' | 'not_started' | 'wrong_code';

/** Activates the pending secret when `code` matches it; the account's other sessions end (its sign-in just changed). */
export async function confirmTotpEnrollment(db: Database, accountId: number, code: string, currentSessionId: string): Promise<EnrollmentConfirmation> {
  const [pending] = await db.query<{ secret: string }>('SELECT secret FROM totp_enrollments WHERE account_id = $1 AND expires_at > now()', [accountId]);
  if (!pending) return 'not_started';
  if (!totpMatches(pending.secret, code)) return 'wrong_code';
  await db.transaction(async (tx) => {
    await setTotpSecret(tx, accountId, pending.secret);
    await tx.query('DELETE FROM totp_enrollments WHERE account_id = $1', [accountId]);
    await tx.query('UPDATE sessions SET revoked_at = now() WHERE account_id = $1 AND token_hash <> $2 AND revoked_at IS NULL', [accountId, currentSessionId]);
  });
  return 'confirmed';
}
