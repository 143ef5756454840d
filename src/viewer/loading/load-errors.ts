import { FrameDecodeError, UndisplayableTransferSyntaxError, UnsupportedPixelDataError } from '../../imaging/transfer-syntax-policy.ts';

/** A streamed frame request that failed before a complete part arrived. */
export class FrameRetrievalError extends Error {
  readonly status: number;
  constructor(status: number, options?: { cause: unknown }) {
    super(status === 0 ? 'The frame could not be retrieved whole.' : `The frame request failed (HTTP ${status}).`, options);
    this.name = 'FrameRetrievalError';
    this.status = status;
  }
}

/**
 * Cornerstone rejects failed frame loads with the raw XMLHttpRequest, an Error, or
 * a plain object; this turns any of them into a sentence for the reader.
 */
export function describeLoadError(err: unknown): string {
  // The transfer-syntax policy's own errors already name the syntax and read as sentences.
  if (err instanceof UndisplayableTransferSyntaxError || err instanceof FrameDecodeError || err instanceof UnsupportedPixelDataError) return err.message;
  if (typeof XMLHttpRequest !== 'undefined' && err instanceof XMLHttpRequest) {
    if (err.status === 0) return 'The image could not be retrieved: the Readroom server or the archive is not reachable.';
    return `The image could not be retrieved (HTTP ${err.status}${err.statusText ? ` ${err.statusText}` : ''}).`;
  }
  if (err instanceof FrameRetrievalError) {
    if (err.status === 0) return 'The image could not be retrieved: the Readroom server or the archive is not reachable, or the transfer was cut off.';
    return `The image could not be retrieved (HTTP ${err.status}).`;
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

/** Whether a load failure is about the image's transfer syntax (the message then names the series too). */
export function isTransferSyntaxError(err: unknown): boolean {
  return err instanceof UndisplayableTransferSyntaxError || err instanceof FrameDecodeError || err instanceof UnsupportedPixelDataError;
}
