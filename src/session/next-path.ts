/**
 * Where to go after signing in: the `next` the gateway put into the sign-in address (the page the reader
 * asked for, e.g. a `/viewer?StudyInstanceUIDs=…` launch URL). Only a path on this site is followed: one
 * starting with a single `/`. `//host`, `/\host`, `https://…`, `javascript:…` and anything with control
 * characters (a URL parser drops tabs and newlines, so `/\t/host` would become `//host`) are refused.
 */

export const SIGN_IN_PATH = '/sign-in';

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export function safeNextPath(raw: string | null | undefined, origin: string): string | undefined {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\') || hasControlCharacter(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== origin) return undefined;
  // Back to the sign-in page would be a loop.
  if (url.pathname === SIGN_IN_PATH || url.pathname === `${SIGN_IN_PATH}/`) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page's address that comes back to `path` (as the gateway's redirect writes it). */
export function signInAddress(path: string): string {
  return path === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(path)}`;
}
