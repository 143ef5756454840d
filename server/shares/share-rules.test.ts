import { describe, expect, it } from 'vitest';
import {
  hashShareToken,
  isShareTokenShape,
  newShareId,
  newShareToken,
  resolveExpiry,
  shareSessionAllowed,
  shareState,
  type ShareStatus,
} from './share-rules.ts';

const NOW = new Date('2026-12-03T10:00:00Z');
const DAY = 86_400_000;

describe('share tokens', () => {
  it('are 256 random bits in base64url, different each time, and stored as their SHA-256', () => {
    const token = newShareToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newShareToken()).not.toBe(token);
    expect(hashShareToken(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashShareToken(token)).not.toBe(token);
    expect(hashShareToken(token)).toBe(hashShareToken(token));
    expect(newShareId()).not.toBe(newShareId());
  });

  it('are checked for their shape before any lookup', () => {
    expect(isShareTokenShape(newShareToken())).toBe(true);
    expect(isShareTokenShape('abc')).toBe(false);
    expect(isShareTokenShape(`${'a'.repeat(42)}/`)).toBe(false);
  });
});

describe('expiry of a new link', () => {
  it('defaults to 7 days', () => {
    expect(resolveExpiry({}, NOW, 90)).toEqual({ expiresAt: new Date(NOW.getTime() + 7 * DAY) });
  });

  it('takes days or a date, up to the maximum', () => {
    expect(resolveExpiry({ expiresInDays: 1.5 }, NOW, 90)).toEqual({ expiresAt: new Date(NOW.getTime() + 1.5 * DAY) });
    expect(resolveExpiry({ expiresAt: '2026-12-10T10:00:00+01:00' }, NOW, 90)).toEqual({ expiresAt: new Date('2026-12-10T09:00:00Z') });
    expect(resolveExpiry({ expiresInDays: 90 }, NOW, 90)).toHaveProperty('expiresAt');
  });

  it('never lasts longer than the maximum, never forever, never in the past', () => {
    expect(resolveExpiry({ expiresInDays: 91 }, NOW, 90)).toEqual({ error: 'A link may be valid for at most 90 days.' });
    expect(resolveExpiry({ expiresInDays: Infinity }, NOW, 90)).toHaveProperty('error');
    expect(resolveExpiry({ expiresInDays: 0 }, NOW, 90)).toHaveProperty('error');
    expect(resolveExpiry({ expiresAt: '2026-12-03T09:59:59Z' }, NOW, 90)).toEqual({ error: 'A link must expire in the future.' });
    expect(resolveExpiry({ expiresAt: 'never' }, NOW, 90)).toHaveProperty('error');
    expect(resolveExpiry({ expiresAt: '2026-12-05T00:00:00Z', expiresInDays: 2 }, NOW, 90)).toHaveProperty('error');
  });
});

describe('state of a link', () => {
  const base: ShareStatus = { expiresAt: new Date(NOW.getTime() + DAY), revokedAt: null, blockedAt: null, maxUses: null, useCount: 0 };

  it('is active until one of: revoked, blocked, expired, used up (in that order)', () => {
    expect(shareState(base, NOW)).toBe('active');
    expect(shareState({ ...base, maxUses: 2, useCount: 1 }, NOW)).toBe('active');
    expect(shareState({ ...base, maxUses: 2, useCount: 2 }, NOW)).toBe('used-up');
    expect(shareState({ ...base, expiresAt: NOW }, NOW)).toBe('expired');
    expect(shareState({ ...base, expiresAt: NOW, blockedAt: NOW }, NOW)).toBe('blocked');
    expect(shareState({ ...base, expiresAt: NOW, blockedAt: NOW, revokedAt: NOW }, NOW)).toBe('revoked');
  });

  it('lets the sessions of a used-up link go on, and ends them when it is revoked, blocked or expired', () => {
    expect(shareSessionAllowed({ ...base, maxUses: 1, useCount: 1 }, NOW)).toBe(true);
    expect(shareSessionAllowed({ ...base, revokedAt: NOW }, NOW)).toBe(false);
    expect(shareSessionAllowed({ ...base, blockedAt: NOW }, NOW)).toBe(false);
    expect(shareSessionAllowed({ ...base, expiresAt: NOW }, NOW)).toBe(false);
  });
});
