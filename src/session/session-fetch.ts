import { checkUnauthorized } from './session-end.ts';
import { isSessionEnded, sessionGeneration, whenSessionActive } from './session-state.ts';

/**
 * `fetch` for requests that need the session (DICOMweb, /api): a request the gateway refuses because
 * the session has ended is reported (session-state.ts), waits until the reader has signed in again and is
 * then sent again, so its caller sees the answer it would have had. While the session is known to have
 * ended, new requests wait before they are sent. An abort ends the wait (rejects with the signal's reason).
 * The body must be sendable twice (a string or a Blob, not a stream).
 */
export async function sessionFetch(url: string, init: RequestInit = {}, fetchImpl: typeof fetch = (...args) => fetch(...args)): Promise<Response> {
  for (;;) {
    // Only when needed: a request is sent at once (synchronously) while the session works.
    if (isSessionEnded()) await whenSessionActive(init.signal);
    const sentIn = sessionGeneration();
    const res = await fetchImpl(url, init);
    if (res.status !== 401) return res;
    const body = await res
      .clone()
      .text()
      .catch(() => '');
    if (!(await checkUnauthorized(body, sentIn, fetchImpl))) return res;
    await res.body?.cancel().catch(() => undefined);
  }
}
