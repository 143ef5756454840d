import { checkUnauthorized } from '../../session/session-end.ts';
import { FrameRetrievalError } from './load-errors.ts';

/**
 * The image loader's side of an ended session (src/session/session-state.ts): whether a frame request
 * failed only because the gateway refused the session (401 session_expired / unauthenticated), in which
 * case it is reported and the load waits for the reader to sign in again instead of failing.
 * The loader's XHR carries the gateway's JSON body; a streamed frame's failure does not, so the gateway
 * is asked (GET /api/session).
 */
export async function refusedForEndedSession(err: unknown, sentIn: number): Promise<boolean> {
  if (typeof XMLHttpRequest !== 'undefined' && err instanceof XMLHttpRequest) {
    if (err.status !== 401) return false;
    return checkUnauthorized(bodyText(err), sentIn);
  }
  if (err instanceof FrameRetrievalError && err.status === 401) return checkUnauthorized(undefined, sentIn);
  return false;
}

function bodyText(xhr: XMLHttpRequest): string {
  const body: unknown = xhr.response;
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(body);
  return typeof body === 'string' ? body : '';
}
