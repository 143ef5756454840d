import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { hashToken, type SessionSettings } from '../auth/sessions.ts';
import { PASSCODE_ATTEMPTS, shareSessionAllowed, type ShareStatus } from './share-rules.ts';

/** The share links' SQL (tables from migration 0004_shares.sql). */

export interface SharedStudy {
  sourceId: string;
  studyUid: string;
  isPrior: boolean;
}

export interface Share extends ShareStatus {
  id: string;
  creatorAccountId: number;
  creatorUsername: string;
  creatorDisplayName: string;
  creatorDisabled: boolean;
  recipient: string;
  permissions: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  hasPasscode: boolean;
  passcodeHash: string | null;
  failedPasscodes: number;
  studies: SharedStudy[];
}

interface ShareRow {
  id: string;
  creator_account_id: number;
  creator_username: string;
  creator_display_name: string;
  creator_disabled: boolean;
  recipient: string;
  permissions: string[];
  created_at: Date;
  expires_at: Date;
  max_uses: number | null;
  use_count: number;
  last_used_at: Date | null;
  passcode_hash: string | null;
  failed_passcodes: number;
  blocked_at: Date | null;
  revoked_at: Date | null;
  study_sources: string[];
  study_uids: string[];
  study_priors: boolean[];
}

const SHARE_SELECT = `
  SELECT s.id, s.creator_account_id, a.username AS creator_username, a.display_name AS creator_display_name, a.disabled AS creator_disabled,
         s.recipient, s.permissions, s.created_at, s.expires_at, s.max_uses, s.use_count, s.last_used_at, s.passcode_hash,
         s.failed_passcodes, s.blocked_at, s.revoked_at,
         ARRAY(SELECT st.source_id FROM share_studies st WHERE st.share_id = s.id ORDER BY st.position, st.study_uid) AS study_sources,
         ARRAY(SELECT st.study_uid FROM share_studies st WHERE st.share_id = s.id ORDER BY st.position, st.study_uid) AS study_uids,
         ARRAY(SELECT st.is_prior FROM share_studies st WHERE st.share_id = s.id ORDER BY st.position, st.study_uid) AS study_priors
    FROM shares s JOIN accounts a ON a.id = s.creator_account_id`;

function shareOf(row: ShareRow): Share {
  return {
    id: row.id,
    creatorAccountId: row.creator_account_id,
    creatorUsername: row.creator_username,
    creatorDisplayName: row.creator_display_name,
    creatorDisabled: row.creator_disabled,
    recipient: row.recipient,
    permissions: row.permissions,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    maxUses: row.max_uses,
    useCount: row.use_count,
    lastUsedAt: row.last_used_at,
    hasPasscode: row.passcode_hash !== null,
    passcodeHash: row.passcode_hash,
    failedPasscodes: row.failed_passcodes,
    blockedAt: row.blocked_at,
    revokedAt: row.revoked_at,
    studies: row.study_uids.map((studyUid, i) => ({ sourceId: row.study_sources[i]!, studyUid, isPrior: row.study_priors[i] === true })),
  };
}

export interface NewShare {
  id: string;
  tokenHash: string;
  creatorAccountId: number;
  recipient: string;
  expiresAt: Date;
  maxUses: number | null;
  passcodeHash: string | null;
  studies: SharedStudy[];
}

export async function insertShare(db: Database, share: NewShare): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO shares (id, token_hash, creator_account_id, recipient, expires_at, max_uses, passcode_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [share.id, share.tokenHash, share.creatorAccountId, share.recipient, share.expiresAt, share.maxUses, share.passcodeHash],
    );
    let position = 0;
    for (const study of share.studies) {
      await tx.query('INSERT INTO share_studies (share_id, source_id, study_uid, position, is_prior) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
        share.id,
        study.sourceId,
        study.studyUid,
        position,
        study.isPrior,
      ]);
      position += 1;
    }
  });
}

export async function findShareByTokenHash(db: Queryable, tokenHash: string): Promise<Share | undefined> {
  const [row] = await db.query<ShareRow>(`${SHARE_SELECT} WHERE s.token_hash = $1`, [tokenHash]);
  return row ? shareOf(row) : undefined;
}

export async function findShare(db: Queryable, id: string): Promise<Share | undefined> {
  const [row] = await db.query<ShareRow>(`${SHARE_SELECT} WHERE s.id = $1`, [id]);
  return row ? shareOf(row) : undefined;
}

/** The links that open this study, newest first; only those of `creatorAccountId` unless it is null. */
export async function sharesOfStudy(db: Queryable, studyUid: string, creatorAccountId: number | null): Promise<Share[]> {
  const rows = await db.query<ShareRow>(
    `${SHARE_SELECT}
      WHERE EXISTS (SELECT 1 FROM share_studies st WHERE st.share_id = s.id AND st.study_uid = $1)
        AND ($2::int IS NULL OR s.creator_account_id = $2)
      ORDER BY s.created_at DESC, s.id
      LIMIT 200`,
    [studyUid, creatorAccountId],
  );
  return rows.map(shareOf);
}

/** Removes a link that was never handed out (its creation could not be recorded). */
export async function deleteShare(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM shares WHERE id = $1', [id]);
}

/** Ends one share session (its recipient left); the link itself stays. */
export async function endShareSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query('DELETE FROM share_sessions WHERE session_hash = $1', [sessionId]);
}

/** Gives back a use taken by an exchange that could not be completed (its record could not be written). */
export async function returnUse(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE shares SET use_count = greatest(use_count - 1, 0) WHERE id = $1', [id]);
}

/** Revokes a link (its sessions end at their next request); false when it was already revoked or does not exist. */
export async function revokeShare(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('UPDATE shares SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING 1', [id]);
  return rows.length > 0;
}

/**
 * Takes one passcode attempt before the passcode is checked (so parallel guesses cannot exceed the
 * limit): the attempts taken so far, or undefined when the link is blocked or has none left.
 */
export async function takePasscodeAttempt(db: Queryable, id: string): Promise<number | undefined> {
  const [row] = await db.query<{ failed_passcodes: number }>(
    `UPDATE shares SET failed_passcodes = failed_passcodes + 1
      WHERE id = $1 AND blocked_at IS NULL AND failed_passcodes < $2 RETURNING failed_passcodes`,
    [id, PASSCODE_ATTEMPTS],
  );
  return row?.failed_passcodes;
}

/** The passcode was right: the attempt taken for it is given back. */
export async function returnPasscodeAttempt(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE shares SET failed_passcodes = greatest(failed_passcodes - 1, 0) WHERE id = $1', [id]);
}

/** Blocks the link after its last wrong passcode; true when this call blocked it. */
export async function blockShare(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('UPDATE shares SET blocked_at = now() WHERE id = $1 AND blocked_at IS NULL RETURNING 1', [id]);
  return rows.length > 0;
}

/** Counts one use if the link is still usable (atomically: two exchanges cannot both take the last use). */
export async function consumeUse(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE shares SET use_count = use_count + 1, last_used_at = now()
      WHERE id = $1 AND revoked_at IS NULL AND blocked_at IS NULL AND expires_at > now() AND (max_uses IS NULL OR use_count < max_uses)
      RETURNING 1`,
    [id],
  );
  return rows.length > 0;
}

export interface NewShareSession {
  token: string;
  id: string;
}

export async function createShareSession(db: Queryable, shareId: string, details: { clientAddress: string; userAgent: string }): Promise<NewShareSession> {
  const token = randomBytes(32).toString('base64url');
  const id = hashToken(token);
  await db.query('INSERT INTO share_sessions (session_hash, share_id, client_address, user_agent) VALUES ($1, $2, $3, $4)', [
    id,
    shareId,
    details.clientAddress,
    details.userAgent.slice(0, 300),
  ]);
  return { token, id };
}

export type ShareSessionLookup = { status: 'valid'; share: Share; sessionId: string } | { status: 'ended' } | { status: 'none' };

const TOUCH_EVERY_MS = 30_000;

/**
 * The share session of a cookie, checked against its link on every request: ended when the link is
 * revoked, blocked or expired, its creator's account disabled, or the session idle or past the
 * lifetime of a signed-in session.
 */
export async function lookupShareSession(db: Queryable, token: string | undefined, settings: SessionSettings): Promise<ShareSessionLookup> {
  if (!token || token.length > 100) return { status: 'none' };
  const id = hashToken(token);
  const [session] = await db.query<{ share_id: string; last_seen_at: Date; idle_expired: boolean; absolute_expired: boolean }>(
    `SELECT share_id, last_seen_at,
            last_seen_at + make_interval(secs => $2) < now() AS idle_expired,
            created_at + make_interval(secs => $3) < now() AS absolute_expired
       FROM share_sessions WHERE session_hash = $1`,
    [id, settings.idleMs / 1000, settings.maxAgeMs / 1000],
  );
  if (!session) return { status: 'none' };
  const share = await findShare(db, session.share_id);
  if (!share || session.idle_expired || session.absolute_expired || share.creatorDisabled || !shareSessionAllowed(share, new Date())) {
    return { status: 'ended' };
  }
  if (Date.now() - session.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db.query('UPDATE share_sessions SET last_seen_at = now() WHERE session_hash = $1', [id]);
  }
  return { status: 'valid', share, sessionId: id };
}
