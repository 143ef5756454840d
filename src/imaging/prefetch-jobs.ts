import { outwardOrder } from './load-progress.ts';

/**
 * Background prefetch of a series as requests: the images wanted, nearest to the images on screen
 * first, grouped into frame batches (one request for many frames: on a high-latency link each request
 * costs a round trip, whatever its size) or, where a batch cannot help, single frame requests.
 */

export type PrefetchJob = { kind: 'batch'; indices: number[] } | { kind: 'single'; index: number };

/** Decoded bytes a batch should bring at most: 16 CT slices of 512 × 512 × 16 bit. */
const BATCH_DECODED_BYTES = 8 * 1024 * 1024;
const MAX_FRAMES_PER_BATCH = 16;

/**
 * Frames per batch for images of this decoded size: 16 for a CT slice, fewer for large images, 1
 * (no batching) once one image alone fills a batch — its transfer then dwarfs the round trip.
 */
export function framesPerBatch(bytesPerImage: number): number {
  return Math.max(1, Math.min(MAX_FRAMES_PER_BATCH, Math.floor(BATCH_DECODED_BYTES / Math.max(1, bytesPerImage))));
}

/** A reformatted plane shows an image once about this share of the slices, around its centre, is in. */
const MPR_FIRST_BAND = 0.25;
/** Early batches at most: four requests in parallel, beside the viewer's own in the browser's six connections. */
const MAX_EARLY_BATCHES = 4;

/**
 * How many frame batches the viewer's launch asks for before the viewer runs: one for a stack (the image on
 * screen and its neighbours); for an MPR, those that hold the band of slices around the centre its coronal and
 * sagittal planes show first (a quarter of the series), at most MAX_EARLY_BATCHES.
 */
export function earlyFrameBatches(kind: 'stack' | 'mpr', frames: number, perBatch: number): number {
  if (kind === 'stack' || frames <= 0) return 1;
  return Math.max(1, Math.min(MAX_EARLY_BATCHES, Math.ceil((frames * MPR_FIRST_BAND) / Math.max(1, perBatch))));
}

/**
 * The images prefetch wants, nearest to any image on screen first: `limit` in all (the cache
 * budget's share of the series), split evenly between the images on screen.
 */
export function prefetchOrder(total: number, centres: readonly number[], limit: number): number[] {
  // Two viewports on the same image (an MPR and the stack under it) are one place to fetch around.
  const places = [...new Set(centres)];
  if (places.length === 0 || total === 0) return [];
  const wanted = new Set<number>();
  const perCentre = Math.ceil(limit / places.length);
  for (const centre of places) for (const i of outwardOrder(total, centre).slice(0, perCentre)) wanted.add(i);
  const distance = (i: number) => Math.min(...places.map((c) => Math.abs(i - c)));
  // Stable: equal distances keep the outward order (after, then before the centre).
  return [...wanted].sort((a, b) => distance(a) - distance(b));
}

export interface JobPlanOptions {
  framesPerBatch: number;
  /** Images that need no request now (in the cache, on screen, already requested). */
  skip: (index: number) => boolean;
  /** Images that must be asked for one by one (e.g. a batch already failed to bring them). */
  alone: (index: number) => boolean;
}

/**
 * Requests for `order` (from prefetchOrder): the batchable images fill batches of `framesPerBatch` in
 * that order; the others become single requests, queued ahead of the batch being filled when they come.
 * A batch of one is a single request.
 */
export function planPrefetchJobs(order: readonly number[], options: JobPlanOptions): PrefetchJob[] {
  const jobs: PrefetchJob[] = [];
  let batch: number[] = [];
  const closeBatch = () => {
    if (batch.length === 1) jobs.push({ kind: 'single', index: batch[0]! });
    else if (batch.length > 1) jobs.push({ kind: 'batch', indices: batch });
    batch = [];
  };
  for (const index of order) {
    if (options.skip(index)) continue;
    if (options.framesPerBatch <= 1 || options.alone(index)) {
      jobs.push({ kind: 'single', index });
      continue;
    }
    batch.push(index);
    if (batch.length === options.framesPerBatch) closeBatch();
  }
  closeBatch();
  return jobs;
}
