import { z } from 'zod';
import { SESSION_PATH } from './session-end.ts';
import { parseSession, type Session } from './session.ts';

/**
 * The gateway's sign-in API: `POST /api/session` with {username, password[, totp]}, `DELETE /api/session`,
 * and the single sign-on providers of `GET /api/auth/providers`. Every outcome is a value with a message
 * the reader can act on; the server's own message is shown where it gives one.
 */

export interface Credentials {
  username: string;
  password: string;
  /** The authenticator app's code, once the gateway has asked for it. */
  totp?: string;
}

export type SignInOutcome =
  | { kind: 'signed-in'; session: Session }
  /** The password was right; the account also needs its six-digit code. */
  | { kind: 'totp-required'; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'locked'; message: string }
  | { kind: 'failed'; message: string };

const errorBody = z.object({ error: z.string().optional(), message: z.string().optional() });

async function jsonOf(res: Response): Promise<unknown> {
  return res.json().catch(() => undefined);
}

export async function signIn(credentials: Credentials, fetchImpl: typeof fetch = (...args) => fetch(...args)): Promise<SignInOutcome> {
  let res: Response;
  try {
    res = await fetchImpl(SESSION_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(credentials),
      cache: 'no-store',
    });
  } catch {
    return { kind: 'failed', message: 'The Readroom server is not reachable. Check your network connection and try again.' };
  }
  const body = await jsonOf(res);
  if (res.ok) {
    const session = parseSession(body);
    return session ? { kind: 'signed-in', session } : { kind: 'failed', message: 'The Readroom server sent an unexpected answer. Try again.' };
  }
  const { error, message } = errorBody.catch({}).parse(body);
  if (res.status === 429) return { kind: 'locked', message: message ?? 'Too many failed sign-ins. Try again later.' };
  if (res.status === 401 && error === 'totp_required')
    return { kind: 'totp-required', message: message ?? 'Enter the six-digit code from your authenticator app.' };
  if (res.status === 401) return { kind: 'invalid', message: message ?? 'Wrong username or password.' };
  return { kind: 'failed', message: message ?? `The Readroom server could not sign you in (HTTP ${res.status}). Try again.` };
}

/** Ends the session on the gateway (and its cookie). False when the gateway could not be reached. */
export async function signOut(fetchImpl: typeof fetch = (...args) => fetch(...args)): Promise<boolean> {
  try {
    const res = await fetchImpl(SESSION_PATH, { method: 'DELETE', cache: 'no-store' });
    return res.ok;
  } catch {
    return false;
  }
}

export interface SignInProvider {
  id: string;
  label: string;
  /** Where the browser goes to start signing in with this provider (a path on this site). */
  startUrl: string;
}

const providersBody = z.array(z.object({ id: z.string().min(1), label: z.string().min(1), startUrl: z.string().min(1) }));

export const PROVIDERS_PATH = '/api/auth/providers';

/**
 * The single sign-on providers the gateway offers; none when it offers none, does not have the address
 * (404) or cannot be reached. Only providers started on this site are kept.
 */
export async function fetchSignInProviders(
  origin: string,
  signal?: AbortSignal,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): Promise<SignInProvider[]> {
  try {
    const res = await fetchImpl(PROVIDERS_PATH, { headers: { Accept: 'application/json' }, signal, cache: 'no-store' });
    if (!res.ok) return [];
    const parsed = providersBody.safeParse(await jsonOf(res));
    if (!parsed.success) return [];
    return parsed.data.filter((p) => {
      try {
        return new URL(p.startUrl, origin).origin === origin && !p.startUrl.startsWith('//');
      } catch {
        return false;
      }
    });
  } catch {
    if (signal?.aborted) throw signal.reason;
    return [];
  }
}

/** A provider's start address, carrying where to come back to (`next`) when there is one. */
export function providerStartUrl(provider: SignInProvider, next: string | undefined): string {
  if (!next) return provider.startUrl;
  return `${provider.startUrl}${provider.startUrl.includes('?') ? '&' : '?'}next=${encodeURIComponent(next)}`;
}
