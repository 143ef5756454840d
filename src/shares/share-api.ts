import {
  createdShareSchema,
  exchangedSchema,
  exchangeRefusalSchema,
  linkStatusSchema,
  shareHistorySchema,
  shareListSchema,
  type CreatedShare,
  type CreateShareBody,
  type ExchangeError,
  type LinkStatus,
  type ShareHistoryEntry,
  type ShareLink,
} from './share-contract.ts';
import { callGateway, UNREACHABLE } from '../session/gateway-call.ts';

/**
 * The app's side of the share links' API (server/shares): creating, listing and revoking links (for a
 * signed-in reader), and a link's landing page asking whether it works and opening it. Every failure is
 * a value with a message to show.
 */

type Fetch = typeof fetch;
const defaultFetch: Fetch = (...args) => fetch(...args);
const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

async function call<T>(
  url: string,
  request: { method?: string; json?: unknown },
  parse: (json: unknown) => T,
  fallback: string,
  fetchImpl: Fetch,
): Promise<Result<T>> {
  const answer = await callGateway(url, { ...request, parse, fallback, fetchImpl });
  return answer.ok ? { ok: true, value: answer.value } : { ok: false, message: answer.message };
}

export function createShare(body: CreateShareBody, fetchImpl: Fetch = defaultFetch): Promise<Result<CreatedShare>> {
  return call('/api/shares', { method: 'POST', json: body }, (json) => createdShareSchema.parse(json), 'The link could not be created.', fetchImpl);
}

export function listShares(studyInstanceUid: string, fetchImpl: Fetch = defaultFetch): Promise<Result<ShareLink[]>> {
  return call(
    `/api/shares?study=${encodeURIComponent(studyInstanceUid)}`,
    {},
    (json) => shareListSchema.parse(json).links,
    "This study's links could not be listed.",
    fetchImpl,
  );
}

export function revokeShare(id: string, fetchImpl: Fetch = defaultFetch): Promise<Result<undefined>> {
  return call(`/api/shares/${encodeURIComponent(id)}`, { method: 'DELETE' }, () => undefined, 'The link could not be revoked.', fetchImpl);
}

export function shareHistory(id: string, fetchImpl: Fetch = defaultFetch): Promise<Result<ShareHistoryEntry[]>> {
  return call(
    `/api/shares/${encodeURIComponent(id)}/history`,
    {},
    (json) => shareHistorySchema.parse(json).events,
    "The link's history could not be read.",
    fetchImpl,
  );
}

export function linkStatus(token: string, fetchImpl: Fetch = defaultFetch): Promise<Result<{ state: LinkStatus; passcodeRequired: boolean }>> {
  return call(
    '/api/share-links/status',
    { method: 'POST', json: { token } },
    (json) => linkStatusSchema.parse(json),
    'Whether this link works could not be checked.',
    fetchImpl,
  );
}

export type OpenOutcome =
  { kind: 'opened'; location: string } | { kind: 'refused'; error: ExchangeError; message: string } | { kind: 'failed'; message: string };

/** Exchanges the link (and passcode) for a share session: the cookie is set by the answer. */
export async function openShare(token: string, passcode: string | undefined, fetchImpl: Fetch = defaultFetch): Promise<OpenOutcome> {
  let res: Response;
  try {
    res = await fetchImpl('/api/share-sessions', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ token, ...(passcode ? { passcode } : {}) }),
      cache: 'no-store',
    });
  } catch {
    return { kind: 'failed', message: UNREACHABLE };
  }
  const json: unknown = await res.json().catch(() => undefined);
  if (res.ok) {
    const opened = exchangedSchema.safeParse(json);
    return opened.success
      ? { kind: 'opened', location: opened.data.location }
      : { kind: 'failed', message: 'The server gave an answer this page does not understand.' };
  }
  const refusal = exchangeRefusalSchema.safeParse(json);
  if (refusal.success) return { kind: 'refused', error: refusal.data.error, message: refusal.data.message };
  return { kind: 'failed', message: (json as { message?: string } | undefined)?.message ?? 'The link could not be opened. Try again.' };
}

/** Whether the share session of this page still works: false once the gateway says the link has ended. */
export async function shareSessionAlive(fetchImpl: Fetch = defaultFetch): Promise<boolean | undefined> {
  try {
    const res = await fetchImpl('/api/session', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (res.status === 401) return false;
    return res.ok ? true : undefined;
  } catch {
    // Not reachable: that is not an ended link.
    return undefined;
  }
}
