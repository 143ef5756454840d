import { Enums, eventTarget } from '@cornerstonejs/core';
import { guardBoundMs } from '../../imaging/draw-guard.ts';

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

export interface FrameArrival {
  imageId: string;
  transferSyntaxUID: string | undefined;
}

interface TestHooks {
  drawGuardMs?: number;
  hangDecodeSeries?: string[];
}

type Listener = (arrival: FrameArrival) => void;

const pending = new Map<string, FrameArrival>();
const listeners = new Set<Listener>();
let watching = false;

function settle(e: Event): void {
  const detail = (e as CustomEvent<{ imageId?: string; image?: { imageId?: string } }>).detail;
  const imageId = detail.image?.imageId ?? detail.imageId;
  if (imageId) pending.delete(imageId);
}

export function frameDataArrived(imageId: string, transferSyntaxUID: string | undefined): void {
  if (!watching) {
    watching = true;
    eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, settle);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, settle);
  }
  const arrival = { imageId, transferSyntaxUID };
  pending.set(imageId, arrival);
  for (const listener of listeners) listener(arrival);
}

/** The arrival of a frame whose load has not finished yet, if its data is already here. */
export function pendingArrival(imageId: string): FrameArrival | undefined {
  return pending.get(imageId);
}

export function onFrameDataArrived(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
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
