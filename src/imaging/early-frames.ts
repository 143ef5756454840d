import { requestFrameBatch, type BatchedFrame } from '../dicomweb/frame-batch.ts';
import { ClaimOnce } from '../dicomweb/claim-once.ts';
import { frameBatchRequestOf } from './wadors-image-id.ts';

/**
 * The first frames of a series on screen, asked for by the viewer's launch (src/viewer/hanging/launch-queries.ts)
 * in one frame batch as soon as the series metadata names them, before the image loader exists. The
 * first of them is the image the viewport shows first, so its bytes arrive one round trip after the
 * metadata; the others keep the link busy while the viewer starts. The loader takes each frame instead of
 * asking for it (frame-retrieval.ts), once; what nobody takes is dropped after a while.
 */

const early = new ClaimOnce<BatchedFrame>(30_000);

/** Asks for these frames (WADO-RS image ids of one series) with `accept`, the header the loader would send. */
export function startEarlyFrames(imageIds: readonly string[], accept: string): void {
  const wanted = imageIds.filter((id) => !early.peek(id));
  const request = frameBatchRequestOf(wanted, accept);
  if (!request) return;
  const batch = requestFrameBatch(request);
  wanted.forEach((id, i) => early.start(id, () => batch.frames[i]!));
}

/** Whether an early frame of this image is still waiting for the loader. */
export function hasEarlyFrame(imageId: string): boolean {
  return early.peek(imageId) !== undefined;
}

/** Settles when the early frame of this image has arrived (or failed); undefined when there is none. */
export function earlyFrameArrival(imageId: string): Promise<BatchedFrame> | undefined {
  return early.peek(imageId);
}

/** The early frame of this image, for the loader, once. */
export function takeEarlyFrame(imageId: string): Promise<BatchedFrame> | undefined {
  return early.claim(imageId);
}
