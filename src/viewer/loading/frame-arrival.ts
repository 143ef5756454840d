import { Enums, eventTarget } from '@cornerstonejs/core';
import { guardBoundMs } from '../../imaging/draw-guard.ts';
import { loadingSession, type FrameArrival } from './loading-session.ts';

export type { FrameArrival } from './loading-session.ts';

/**
 * Where a frame's data reaches a decoder, for the draw guard (src/imaging/draw-guard.ts): the loading
 * paths report it (the XHR and streamed frame parts in frame-retrieval.ts, batched and early frames in
 * batch-frame-loading.ts, stored instances in stored-instance-frames.ts), viewports listen. A frame stays
 * "pending" until the image loader reports it loaded or failed, so a viewport that scrolls to a frame
 * whose decode is already under way still times it.
 *
 * Test hooks (never set by the app): `window.__readroomTestHooks = { drawGuardMs, hangDecodeSeries }`,
 * set by an e2e init script before the page loads. `drawGuardMs` shortens the guard's bound;
 * `hangDecodeSeries` lists Series Instance UIDs whose frames, once their data has arrived, never reach
 * the decoder (a decode that never answers).
 */

interface TestHooks {
  drawGuardMs?: number;
  hangDecodeSeries?: string[];
}

type Listener = (arrival: FrameArrival) => void;

function settle(e: Event): void {
  const detail = (e as CustomEvent<{ imageId?: string; image?: { imageId?: string } }>).detail;
  const imageId = detail.image?.imageId ?? detail.imageId;
  if (imageId) loadingSession().arrivals.delete(imageId);
}

export function frameDataArrived(imageId: string, transferSyntaxUID: string | undefined): void {
  const session = loadingSession();
  if (!session.watchingLoads) {
    session.watchingLoads = true;
    eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, settle);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, settle);
  }
  const arrival = { imageId, transferSyntaxUID };
  session.arrivals.set(imageId, arrival);
  for (const listener of session.arrivalListeners) listener(arrival);
}

/** The arrival of a frame whose load has not finished yet, if its data is already here. */
export function pendingArrival(imageId: string): FrameArrival | undefined {
  return loadingSession().arrivals.get(imageId);
}

export function onFrameDataArrived(listener: Listener): () => void {
  const { arrivalListeners } = loadingSession();
  arrivalListeners.add(listener);
  return () => arrivalListeners.delete(listener);
}

function testHooks(): TestHooks | undefined {
  return (globalThis as { __readroomTestHooks?: TestHooks }).__readroomTestHooks;
}

/** The draw guard's bound: the product constant unless a test shortened it. */
export function drawGuardBound(): number {
  return guardBoundMs(testHooks()?.drawGuardMs);
}

/** A promise that never settles when a test asked this frame's decode to hang; undefined otherwise. */
export function heldDecode(imageId: string): Promise<never> | undefined {
  const series = testHooks()?.hangDecodeSeries;
  if (!series?.some((uid) => imageId.includes(`/series/${uid}/`))) return undefined;
  return new Promise<never>(() => undefined);
}
