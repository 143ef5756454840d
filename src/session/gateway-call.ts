/**
 * One request to the gateway's JSON API, its answer as a value: the parsed body, or a failure with the
 * gateway's own message (its `{ error, message }` body) or a fallback worded for the user. An abort is
 * not a failure to show: it rejects, as `fetch` does. The feature APIs (reading, shares, reports,
 * deliveries, peer review, admin) are thin typed wrappers around this.
 */

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export type GatewayAnswer<T> =
  | { ok: true; status: number; value: T }
  /** `status` null: the gateway did not answer. `error`: the gateway's error code, when it sent one. */
  | { ok: false; status: number | null; error: string | null; message: string; body: unknown };

export const UNREACHABLE = 'The Readroom server did not answer. Check the connection and try again.';
const UNEXPECTED = 'The Readroom server sent an answer this page does not understand. Reload the page and try again.';

export interface GatewayCall<T> {
  method?: string;
  /** Sent as the JSON body. */
  json?: unknown;
  signal?: AbortSignal;
  /** Turns the body of a successful answer into the value (throws when it is not the expected shape). */
  parse: (body: unknown) => T;
  /** What failed, for the user, when the gateway sent no message of its own. */
  fallback: string;
  fetchImpl?: Fetch;
}

const defaultFetch: Fetch = (url, init) => fetch(url, init);

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export async function callGateway<T>(url: string, call: GatewayCall<T>): Promise<GatewayAnswer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method: call.method ?? 'GET', headers, cache: 'no-store' };
  if (call.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(call.json);
  }
  if (call.signal) init.signal = call.signal;
  let res: Response;
  try {
    res = await (call.fetchImpl ?? defaultFetch)(url, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    return { ok: false, status: null, error: null, message: UNREACHABLE, body: undefined };
  }
  const body: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) {
    const sent = (body ?? {}) as { error?: unknown; message?: unknown };
    return {
      ok: false,
      status: res.status,
      error: typeof sent.error === 'string' ? sent.error : null,
      message: typeof sent.message === 'string' ? sent.message : `${call.fallback.replace(/\.$/, '')} (HTTP ${res.status}).`,
      body,
    };
  }
  try {
    return { ok: true, status: res.status, value: call.parse(body) };
  } catch {
    return { ok: false, status: res.status, error: 'unexpected_answer', message: UNEXPECTED, body };
  }
}

/** The value of an answer, or the failure thrown as the caller's error class (for APIs that throw). */
export function valueOrThrow<T>(answer: GatewayAnswer<T>, what: string, fail: (message: string) => Error): T {
  if (answer.ok) return answer.value;
  throw fail(answer.error === 'unexpected_answer' ? `The Readroom server sent an unexpected answer (${what.toLowerCase()}).` : answer.message);
}
