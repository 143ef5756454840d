import { createHash, randomBytes } from 'node:crypto';

/**
 * The pure rules of a share link: its token (256 random bits, kept only as a hash), when it expires, what
 * state it is in, and the passcode lockout. The routes (share-routes.ts, share-exchange.ts) and the
 * access check (server/auth/access.ts) apply them; share-store.ts keeps the links.
 */

/** Wrong passcodes after which a link is blocked for good (its creator issues a new one). */
export const PASSCODE_ATTEMPTS = 5;
export const DEFAULT_EXPIRY_DAYS = 7;
const DAY_MS = 86_400_000;

/** 32 bytes from the CSPRNG, base64url: 43 characters, what goes after `/s/`. */
export function newShareToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A link's public id (names it in the API and the audit trail; it opens nothing). */
export function newShareId(): string {
  return randomBytes(12).toString('base64url');
}

export function hashShareToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Whether a string can be a token at all (checked before any database lookup). */
export function isShareTokenShape(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function sharePath(token: string): string {
  return `/s/${token}`;
}

export type ExpiryRequest = { expiresAt?: string | undefined; expiresInDays?: number | undefined };

/** When a new link expires: 7 days by default, never later than `maxDays`, never in the past, never "never". */
export function resolveExpiry(request: ExpiryRequest, now: Date, maxDays: number): { expiresAt: Date } | { error: string } {
  const latest = now.getTime() + maxDays * DAY_MS;
  if (request.expiresAt !== undefined && request.expiresInDays !== undefined) return { error: 'Give either expiresAt or expiresInDays, not both.' };
  let at: number;
  if (request.expiresAt !== undefined) {
    at = Date.parse(request.expiresAt);
    if (Number.isNaN(at)) return { error: 'expiresAt must be an ISO-8601 date and time.' };
  } else {
    const days = request.expiresInDays ?? DEFAULT_EXPIRY_DAYS;
    if (!Number.isFinite(days) || days <= 0) return { error: 'expiresInDays must be a positive number of days.' };
    at = now.getTime() + days * DAY_MS;
  }
  if (at <= now.getTime()) return { error: 'A link must expire in the future.' };
  if (at > latest) return { error: `A link may be valid for at most ${maxDays} days.` };
  return { expiresAt: new Date(at) };
}

export type ShareState = 'active' | 'expired' | 'revoked' | 'blocked' | 'used-up';

export interface ShareStatus {
  expiresAt: Date;
  revokedAt: Date | null;
  blockedAt: Date | null;
  maxUses: number | null;
  useCount: number;
}

/** A link's state; the first that applies of revoked, blocked, expired, used up. */
export function shareState(share: ShareStatus, now: Date): ShareState {
  if (share.revokedAt) return 'revoked';
  if (share.blockedAt) return 'blocked';
  if (share.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (share.maxUses !== null && share.useCount >= share.maxUses) return 'used-up';
  return 'active';
}

/**
 * Whether an open share session still works: the link not revoked, blocked or expired. Using up the
 * last use does not end the sessions opened with the earlier ones (a use is one exchange).
 */
export function shareSessionAllowed(share: ShareStatus, now: Date): boolean {
  const state = shareState(share, now);
  return state === 'active' || state === 'used-up';
}
