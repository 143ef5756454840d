import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { ACCOUNT_COLUMNS, accountFromRow, type Account } from './accounts.ts';

/**
 * Server-side sessions. The cookie holds 256 random bits; the database holds only their SHA-256, so a
 * copy of the database cannot be replayed as cookies. A session ends at the first of: idle timeout,
 * absolute lifetime, sign-out, revocation by an admin, or its account being disabled.
 */

export interface SessionSettings {
  idleMs: number;
  maxAgeMs: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleMs: 30 * 60_000, maxAgeMs: 12 * 3_600_000 };

/** last_seen_at is written at most this often (not on every frame request). */
const TOUCH_EVERY_MS = 30_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export interface NewSession {
  token: string;
  id: string;
  expiresAt: Date;
}

export async function createSession(
  db: Queryable,
  accountId: number,
  details: { method: string; clientAddress: string; userAgent: string },
  settings: SessionSettings,
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const id = hashToken(token);
  const [row] = await db.query<{ expires_at: Date }>(
    `INSERT INTO sessions (token_hash, account_id, auth_method, client_address, user_agent, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) RETURNING expires_at`,
    [id, accountId, details.method, details.clientAddress, details.userAgent.slice(0, 300), settings.maxAgeMs / 1000],
  );
  return { token, id, expiresAt: row!.expires_at };
}

export type SessionLookup = { status: 'valid'; account: Account; sessionId: string } | { status: 'expired' } | { status: 'none' };

interface SessionRow {
  last_seen_at: Date;
  idle_expired: boolean;
  absolute_expired: boolean;
  revoked: boolean;
}

export async function lookupSession(db: Queryable, token: string | undefined, settings: SessionSettings): Promise<SessionLookup> {
  if (!token || token.length > 100) return { status: 'none' };
  const id = hashToken(token);
  const [row] = await db.query<SessionRow & Record<string, unknown>>(
    `SELECT s.last_seen_at,
            s.last_seen_at + make_interval(secs => $2) < now() AS idle_expired,
            s.expires_at < now() AS absolute_expired,
            s.revoked_at IS NOT NULL AS revoked,
            ${ACCOUNT_COLUMNS.split(', ')
              .map((c) => `a.${c}`)
              .join(', ')}
       FROM sessions s JOIN accounts a ON a.id = s.account_id
      WHERE s.token_hash = $1`,
    [id, settings.idleMs / 1000],
  );
  if (!row) return { status: 'none' };
  const account = accountFromRow(row as never);
  if (row.revoked || row.idle_expired || row.absolute_expired || account.disabled) return { status: 'expired' };
  if (Date.now() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db.query('UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1', [id]);
  }
  return { status: 'valid', account, sessionId: id };
}

/** Ends one session; false when there was no such session still open. */
export async function revokeSession(db: Queryable, sessionId: string): Promise<boolean> {
  const rows = await db.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING 1', [sessionId]);
  return rows.length > 0;
}

export interface ActiveSession {
  /** The token's hash (never the token). */
  id: string;
  username: string;
  displayName: string;
  method: string;
  clientAddress: string;
  userAgent: string;
  startedAt: Date;
  lastSeenAt: Date;
}

/** Sessions that still work (not revoked, not idle or past their lifetime, account enabled), most recent first. */
export async function listActiveSessions(db: Queryable, settings: SessionSettings, accountId?: number): Promise<ActiveSession[]> {
  const rows = await db.query<{
    token_hash: string;
    username: string;
    display_name: string;
    auth_method: string;
    client_address: string;
    user_agent: string;
    created_at: Date;
    last_seen_at: Date;
  }>(
    `SELECT s.token_hash, a.username, a.display_name, s.auth_method, s.client_address, s.user_agent, s.created_at, s.last_seen_at
       FROM sessions s JOIN accounts a ON a.id = s.account_id
      WHERE s.revoked_at IS NULL AND s.expires_at > now() AND s.last_seen_at + make_interval(secs => $1) > now() AND NOT a.disabled
        AND ($2::int IS NULL OR s.account_id = $2)
      ORDER BY s.last_seen_at DESC`,
    [settings.idleMs / 1000, accountId ?? null],
  );
  return rows.map((row) => ({
    id: row.token_hash,
    username: row.username,
    displayName: row.display_name,
    method: row.auth_method,
    clientAddress: row.client_address,
    userAgent: row.user_agent,
    startedAt: row.created_at,
    lastSeenAt: row.last_seen_at,
  }));
}

/** Ends every session of an account; returns how many were still active. */
export async function revokeAccountSessions(db: Queryable, accountId: number, settings: SessionSettings): Promise<number> {
  const rows = await db.query<{ active: boolean }>(
    `UPDATE sessions SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL
     RETURNING expires_at > now() AND last_seen_at + make_interval(secs => $2) > now() AS active`,
    [accountId, settings.idleMs / 1000],
  );
  return rows.filter((row) => row.active).length;
}
