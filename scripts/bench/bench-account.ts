import { randomBytes } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';

/**
 * The benchmarks read as the demo radiologist of their own gateway: READROOM_DEMO_PASSWORD made per run,
 * passed to the gateway with `benchAccountEnv()`, then every browser context signs in before it is timed.
 */
export const BENCH_USER = 'radiologist';
export const BENCH_PASSWORD = randomBytes(18).toString('base64url');

export function benchAccountEnv(): Record<string, string> {
  return { READROOM_DEMO_PASSWORD: BENCH_PASSWORD };
}

/** A session cookie (`name=value`) for requests made outside a browser. */
export async function signInCookie(gatewayUrl: string): Promise<string> {
  const res = await fetch(`${gatewayUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: BENCH_USER, password: BENCH_PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';', 1)[0];
  if (!res.ok || !cookie) throw new Error(`The benchmark could not sign in to its gateway: HTTP ${res.status}`);
  return cookie;
}

/** Signs `context` in at `origin` (cookies are per host: one sign-in serves every port of 127.0.0.1). */
export async function signInContext(context: BrowserContext, origin: string): Promise<void> {
  const res = await context.request.post(`${origin}/api/session`, { data: { username: BENCH_USER, password: BENCH_PASSWORD }, headers: { origin } });
  if (!res.ok()) throw new Error(`The benchmark could not sign in: HTTP ${res.status()}`);
}

/** Shares `studyUid` as the benchmark's radiologist (no passcode): the link's path, `/s/<token>`. */
export async function shareStudy(gatewayUrl: string, cookie: string, studyUid: string): Promise<string> {
  const res = await fetch(`${gatewayUrl}/api/shares`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ studyInstanceUids: [studyUid], expiresInDays: 1, recipient: 'imaging benchmark' }),
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  if (res.status !== 201 || !body.url) throw new Error(`The benchmark could not share a study: HTTP ${res.status}`);
  return new URL(body.url, gatewayUrl).pathname;
}

/** Opens a share link in `context` as its Open button does; answers the viewer's address (a path) it leads to. */
export async function openShareLink(context: BrowserContext, origin: string, linkPath: string): Promise<string> {
  const token = /^\/s\/([^/?#]+)$/.exec(linkPath)?.[1];
  if (!token) throw new Error('The share link has no token');
  const res = await context.request.post(`${origin}/api/share-sessions`, { data: { token }, headers: { origin } });
  const body = (await res.json().catch(() => ({}))) as { location?: string };
  if (!res.ok() || !body.location) throw new Error(`The benchmark could not open its share link: HTTP ${res.status()}`);
  return body.location;
}
