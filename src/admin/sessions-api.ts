import { z } from 'zod';
import { callGateway, valueOrThrow } from '../session/gateway-call.ts';

/** The gateway's admin API for sessions (`/api/admin/sessions`), typed at the edge. */

const sessionSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  method: z.string(),
  clientAddress: z.string(),
  userAgent: z.string(),
  startedAt: z.string(),
  lastSeenAt: z.string(),
  current: z.boolean(),
});

export type ActiveSession = z.infer<typeof sessionSchema>;

/** A failure worded for the administrator (the gateway's own message when it sent one). */
export class AdminApiError extends Error {
  override name = 'AdminApiError';
}

async function call<T>(
  url: string,
  request: { method?: string; signal?: AbortSignal },
  parse: (body: unknown) => T,
  what: string,
  fetcher: typeof fetch,
): Promise<T> {
  const answer = await callGateway(url, { ...request, parse, fallback: `${what} failed`, fetchImpl: fetcher });
  return valueOrThrow(answer, what, (message) => new AdminApiError(message));
}

export async function fetchActiveSessions(signal?: AbortSignal, fetcher: typeof fetch = fetch): Promise<ActiveSession[]> {
  return call('/api/admin/sessions', signal ? { signal } : {}, (body) => z.array(sessionSchema).parse(body), 'Loading the sessions', fetcher);
}

export async function revokeSession(id: string, fetcher: typeof fetch = fetch): Promise<void> {
  await call(`/api/admin/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }, () => undefined, 'Revoking the session', fetcher);
}

/** `password`, `password+totp`, `oidc:<provider>` in words. */
export function signInMethodLabel(method: string): string {
  if (method === 'password') return 'Password';
  if (method === 'password+totp') return 'Password + code';
  if (method.startsWith('oidc:')) return `Single sign-on (${method.slice(5)})`;
  return method;
}
