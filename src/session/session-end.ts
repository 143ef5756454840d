import { getSessionState, reportSessionEnded, sessionGeneration, type SessionEndReason } from './session-state.ts';

/**
 * Whether a 401 means "this page's session has ended". The gateway's access check answers
 * `401 {"error":"session_expired"|"unauthenticated"}`; any other 401 (an archive refusing the gateway's
 * own credentials, passed through; a wrong password) is an ordinary failure of that request.
 */

export const SESSION_PATH = '/api/session';

export function sessionEndReasonOf(body: unknown): SessionEndReason | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const error = (body as { error?: unknown }).error;
  return error === 'session_expired' || error === 'unauthenticated' ? error : undefined;
}

/** The reason in a 401 body given as text (JSON); undefined for any other text. */
export function sessionEndReasonOfText(text: string): SessionEndReason | undefined {
  try {
    return sessionEndReasonOf(JSON.parse(text));
  } catch {
    return undefined;
  }
}

let probe: Promise<SessionEndReason | undefined> | undefined;

/**
 * For a 401 whose body cannot be read (a streamed frame): asks `GET /api/session` whether the session
 * has ended. Concurrent callers share one probe.
 */
export function probeSessionEnd(fetchImpl: typeof fetch = (...args) => fetch(...args)): Promise<SessionEndReason | undefined> {
  probe ??= (async () => {
    try {
      const res = await fetchImpl(SESSION_PATH, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (res.status !== 401) return undefined;
      return sessionEndReasonOf(await res.json().catch(() => undefined));
    } catch {
      // Not reachable: that is not an ended session.
      return undefined;
    } finally {
      probe = undefined;
    }
  })();
  return probe;
}

/**
 * For a request sent in `sentIn` (sessionGeneration) and answered 401 (body text when readable, else
 * undefined): whether it failed only because the session had ended, so it is worth sending again once
 * the session works. Reports the end unless the reader has signed in since the request was sent. Only
 * while the page has a session: the sign-in page has none to end.
 */
export async function checkUnauthorized(bodyText: string | undefined, sentIn: number, fetchImpl?: typeof fetch): Promise<boolean> {
  if (!getSessionState().session) return false;
  if (bodyText === undefined && sentIn !== sessionGeneration()) return true;
  const reason = bodyText === undefined ? await probeSessionEnd(fetchImpl) : sessionEndReasonOfText(bodyText);
  if (!reason) return false;
  reportSessionEnded(reason, sentIn);
  return true;
}
