import * as OTPAuth from 'otpauth';

/**
 * The second factor: RFC 6238 time-based codes (6 digits, 30 s, SHA-1: what every authenticator app
 * reads from an otpauth:// URI), done by otpauth. A code of the previous or next period is accepted
 * for clock drift.
 */

const ISSUER = 'Readroom';

function totpOf(secretBase32: string, username = ''): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: ISSUER, label: username, secret: OTPAuth.Secret.fromBase32(secretBase32), digits: 6, period: 30, algorithm: 'SHA1' });
}

/** A new random secret (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/Readroom:<username>?secret=…` URI an authenticator app reads (as a QR code or pasted). */
export function totpUri(secretBase32: string, username: string): string {
  return totpOf(secretBase32, username).toString();
}

export function totpMatches(secretBase32: string, token: string): boolean {
  if (!/^\d{6}$/.test(token)) return false;
  return totpOf(secretBase32).validate({ token, window: 1 }) !== null;
}

/** The current code (tests, and nothing else: a server never needs to produce one). */
export function currentTotp(secretBase32: string, timestamp = Date.now()): string {
  return totpOf(secretBase32).generate({ timestamp });
}
