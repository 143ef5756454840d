import { z } from 'zod';

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

async function failure(res: Response, what: string): Promise<AdminApiError> {
  const body = (await res.json().catch(() => null)) as { message?: unknown } | null;
  if (typeof body?.message === 'string') return new AdminApiError(body.message);
  return new AdminApiError(`${what} failed (HTTP ${res.status}).`);
}

async function request(url: string, init: RequestInit, what: string, fetcher: typeof fetch): Promise<Response> {
  let res: Response;
  try {
    res = await fetcher(url, { ...init, headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new AdminApiError('The Readroom server is not reachable. Check your network connection.');
  }
  if (!res.ok) throw await failure(res, what);
  return res;
}

export async function fetchActiveSessions(signal?: AbortSignal, fetcher: typeof fetch = fetch): Promise<ActiveSession[]> {
  const res = await request('/api/admin/sessions', signal ? { signal } : {}, 'Loading the sessions', fetcher);
  const parsed = z.array(sessionSchema).safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new AdminApiError('The Readroom server sent an unexpected list of sessions.');
  return parsed.data;
}

export async function revokeSession(id: string, fetcher: typeof fetch = fetch): Promise<void> {
  await request(`/api/admin/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }, 'Revoking the session', fetcher);
}

/** `password`, `password+totp`, `oidc:<provider>` in words. */
export function signInMethodLabel(method: string): string {
  if (method === 'password') return 'Password';
  if (method === 'password+totp') return 'Password + code';
  if (method.startsWith('oidc:')) return `Single sign-on (${method.slice(5)})`;
  return method;
}
