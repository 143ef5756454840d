import { FRAME_STATUS_HEADER, frameBatchPath, framePath, MAX_FRAMES_PER_BATCH, type BatchFrame } from './frame-batch-protocol.ts';
import { sessionFetch } from '../session/session-fetch.ts';
import { boundaryOfContentType, readMultipartParts } from './multipart-reader.ts';

/**
 * The viewer's side of a frame batch (protocol: frame-batch-protocol.ts): one request for many frames
 * of a series, each frame's promise settling as soon as its part has arrived, so decoding starts while
 * the rest of the batch is still on the wire.
 */

export interface FrameBatchRequest {
  /** The data source's DICOMweb root (wadoRoot), as in the frames' own URLs. */
  wadoRoot: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  frames: readonly BatchFrame[];
  /** The Accept header the frames would be asked for with one by one. */
  accept: string;
}

export type BatchedFrame =
  /** The frame's part as the archive sent it (its Content-Type names the transfer syntax). */
  | { kind: 'frame'; contentType: string; bytes: Uint8Array }
  /** No bytes for this frame from the batch; `status` when the archive or gateway gave one. */
  | { kind: 'failed'; reason: string; status?: number };

export interface FrameBatch {
  /** One per frame asked, in order; never rejects. */
  frames: ReadonlyArray<Promise<BatchedFrame>>;
  /** Settles (never rejects) when the response is over and every frame's promise has settled. */
  done: Promise<void>;
}

export class FrameBatchError extends Error {
  override name = 'FrameBatchError';
}

function reasonOf(error: unknown): string {
  if (error instanceof DOMException && error.name === 'AbortError') return 'the batch was cancelled';
  return error instanceof Error ? error.message : String(error);
}

export function requestFrameBatch(request: FrameBatchRequest, options: { signal?: AbortSignal; fetch?: typeof fetch } = {}): FrameBatch {
  const { frames } = request;
  if (frames.length === 0 || frames.length > MAX_FRAMES_PER_BATCH)
    throw new FrameBatchError(`A batch holds 1 to ${MAX_FRAMES_PER_BATCH} frames, not ${frames.length}`);
  const settle: Array<(frame: BatchedFrame) => void> = [];
  const promises = frames.map(() => new Promise<BatchedFrame>((resolve) => settle.push(resolve)));
  let next = 0;
  const failRest = (reason: string, status?: number) => {
    for (; next < frames.length; next++) settle[next]!({ kind: 'failed', reason, ...(status === undefined ? {} : { status }) });
  };

  const run = async () => {
    // A batch refused because the session has ended waits for the reader to sign in again (session-fetch.ts).
    const fetchImpl: (url: string, init: RequestInit) => Promise<Response> = options.fetch ?? sessionFetch;
    const url = `${request.wadoRoot}${frameBatchPath(request.studyInstanceUID, request.seriesInstanceUID, frames)}`;
    const res = await fetchImpl(url, { headers: { Accept: request.accept }, signal: options.signal });
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      return failRest(`the batch answered HTTP ${res.status}`, res.status);
    }
    const boundary = boundaryOfContentType(res.headers.get('content-type'));
    if (!boundary) {
      await res.body.cancel().catch(() => undefined);
      throw new FrameBatchError('the batch answer is not multipart');
    }
    for await (const part of readMultipartParts(res.body, boundary)) {
      const frame = frames[next];
      if (!frame) throw new FrameBatchError(`the batch answer has more than ${frames.length} parts`);
      const expected = framePath(request.studyInstanceUID, request.seriesInstanceUID, frame);
      // Parts come in the order asked; one out of place means the answer cannot be trusted from here on.
      if (!part.headers['content-location']?.endsWith(expected)) throw new FrameBatchError(`part ${next + 1} of the batch is not ${expected}`);
      const status = part.headers[FRAME_STATUS_HEADER.toLowerCase()];
      if (status !== undefined) {
        settle[next++]!({ kind: 'failed', reason: `the archive answered HTTP ${status} for this frame`, status: Number(status) || undefined });
      } else {
        settle[next++]!({ kind: 'frame', contentType: part.headers['content-type'] ?? 'application/octet-stream', bytes: part.body });
      }
    }
    failRest('the batch answer ended before this frame');
  };

  const done = run().catch((error: unknown) => failRest(reasonOf(error)));
  return { frames: promises, done };
}
