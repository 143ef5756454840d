import { Enums, getWebWorkerManager } from '@cornerstonejs/core';

/**
 * How many prefetched frames Cornerstone hands the decode worker before it has the answer for one.
 *
 * The stack viewer keeps Cornerstone's 5: the worker decodes in the order it is handed frames, so the image
 * a reader scrolls to waits behind a few prefetched ones at most. A filling MPR volume wants more: each
 * answer is taken, and the next frame handed over, on the main thread, which also draws the planes (over a
 * second for their first draw on a software renderer, a few hundred milliseconds each later one). With 5
 * the worker had nothing left to decode soon after such a draw began: in a traced run 53 frames had
 * arrived 4.75 s after launch and entered the volume between 7.1 s and 10.4 s. With VOLUME_FILL_DEPTH
 * handed over, the worker decodes on through a draw, and the main thread takes the answers after it: as many
 * as the launch's early frames of an MPR (up to four batches of 16, src/imaging/prefetch-jobs.ts), so that
 * all of them are decoded during the planes' first draw. The price, while the volume fills (the depth is the
 * worker's, for every viewport): an image asked for because the reader moved the axial plane, or scrolled a
 * stack in another viewport, waits behind up to that many frames in the worker (several milliseconds each for
 * a 512² JPEG-LS frame).
 */
export const STACK_DEPTH = 5;
export const VOLUME_FILL_DEPTH = 64;

let holders = 0;

function apply(): void {
  getWebWorkerManager().workerPoolManager.setMaxSimultaneousRequests(Enums.RequestType.Prefetch, holders > 0 ? VOLUME_FILL_DEPTH : STACK_DEPTH);
}

/** The deeper queue while a volume fills; answers the function that gives it back (once, whatever the calls). */
export function holdVolumeFillDepth(): () => void {
  holders++;
  apply();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders--;
    apply();
  };
}
