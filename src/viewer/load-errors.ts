/**
 * Cornerstone rejects failed frame loads with the raw XMLHttpRequest, an Error, or
 * a plain object; this turns any of them into a sentence for the reader.
 */
export function describeLoadError(err: unknown): string {
  if (typeof XMLHttpRequest !== 'undefined' && err instanceof XMLHttpRequest) {
    if (err.status === 0) return 'The image could not be retrieved: the Readroom server or the archive is not reachable.';
    return `The image could not be retrieved (HTTP ${err.status}${err.statusText ? ` ${err.statusText}` : ''}).`;
  }
  if (err instanceof Error) return `The image could not be shown: ${err.message}`;
  if (err && typeof err === 'object') {
    const o = err as { status?: unknown; message?: unknown; error?: unknown };
    if (typeof o.message === 'string') return `The image could not be shown: ${o.message}`;
    if (typeof o.status === 'number') return `The image could not be retrieved (HTTP ${o.status}).`;
    if (o.error !== undefined) return describeLoadError(o.error);
  }
  return 'The image could not be shown (unknown error).';
}
