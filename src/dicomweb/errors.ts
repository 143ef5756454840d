import { sessionFetch } from '../session/session-fetch.ts';

export type DicomwebErrorKind = 'unreachable' | 'timeout' | 'http' | 'invalid-response' | 'aborted';

/** A DICOMweb failure with a message a radiologist can act on. */
export class DicomwebError extends Error {
  readonly kind: DicomwebErrorKind;
  readonly status: number | undefined;

  constructor(kind: DicomwebErrorKind, message: string, status?: number) {
    super(message);
    this.name = 'DicomwebError';
    this.kind = kind;
    this.status = status;
  }

  /** Worth retrying on its own (archive down or slow), as opposed to a bad request. */
  get transient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'timeout' || (this.status !== undefined && this.status >= 500);
  }
}

interface GatewayErrorBody {
  error?: string;
  message?: string;
  Message?: string;
  Details?: string;
}

async function readErrorBody(res: Response): Promise<GatewayErrorBody> {
  try {
    const text = await res.text();
    return text ? (JSON.parse(text) as GatewayErrorBody) : {};
  } catch {
    return {};
  }
}

/** Turns a non-OK response (gateway JSON error or archive error) into a DicomwebError. */
export async function errorFromResponse(res: Response, what: string): Promise<DicomwebError> {
  const body = await readErrorBody(res);
  if (body.error === 'archive_unreachable') return new DicomwebError('unreachable', body.message ?? 'The image archive is not reachable.', res.status);
  if (body.error === 'archive_timeout') return new DicomwebError('timeout', body.message ?? 'The image archive did not answer in time.', res.status);
  const detail = body.message ?? body.Details ?? body.Message;
  const suffix = detail ? `: ${detail}` : '';
  if (res.status === 404) return new DicomwebError('http', `${what} was not found in the archive${suffix}`, 404);
  return new DicomwebError('http', `${what} failed (HTTP ${res.status})${suffix}`, res.status);
}

/**
 * Wraps fetch so network failures and aborts become DicomwebErrors too. A request refused because the
 * session has ended waits for the reader to sign in again and is sent again (session-fetch.ts).
 */
export async function fetchOrThrow(url: string, init: RequestInit, what: string): Promise<Response> {
  let res: Response;
  try {
    res = await sessionFetch(url, init);
  } catch (err) {
    if (init.signal?.aborted) throw new DicomwebError('aborted', `${what} was cancelled`);
    throw new DicomwebError('unreachable', `${what} failed: the Readroom server is not reachable (${(err as Error).message})`);
  }
  if (!res.ok) throw await errorFromResponse(res, what);
  return res;
}
