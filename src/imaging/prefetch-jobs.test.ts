import { describe, expect, it } from 'vitest';
import { earlyFrameBatches, framesPerBatch, planPrefetchJobs, prefetchOrder } from './prefetch-jobs.ts';

describe('framesPerBatch', () => {
  it('batches 16 CT slices, fewer large images, and never an image that fills a batch alone', () => {
    expect(framesPerBatch(512 * 512 * 2)).toBe(16);
    expect(framesPerBatch(256 * 256 * 2)).toBe(16);
    expect(framesPerBatch(1024 * 1024 * 2)).toBe(4);
    expect(framesPerBatch(2048 * 2560 * 2)).toBe(1);
    expect(framesPerBatch(0)).toBe(16);
  });
});

describe('earlyFrameBatches', () => {
  it('is one batch for a stack, and for an MPR the batches of a quarter of the series, at most four', () => {
    expect(earlyFrameBatches('stack', 220, 16)).toBe(1);
    expect(earlyFrameBatches('mpr', 220, 16)).toBe(4);
    expect(earlyFrameBatches('mpr', 100, 16)).toBe(2);
    expect(earlyFrameBatches('mpr', 40, 16)).toBe(1);
    expect(earlyFrameBatches('mpr', 2000, 16)).toBe(4);
    expect(earlyFrameBatches('mpr', 0, 16)).toBe(1);
    expect(earlyFrameBatches('mpr', 220, 0)).toBe(4);
  });
});

describe('prefetchOrder', () => {
  it('goes outward from the image on screen, after before before, within the limit', () => {
    expect(prefetchOrder(10, [4], 5)).toEqual([4, 5, 3, 6, 2]);
    expect(prefetchOrder(10, [0], 4)).toEqual([0, 1, 2, 3]);
    expect(prefetchOrder(3, [1], 100)).toEqual([1, 2, 0]);
  });

  it('shares the limit between the images on screen and orders by the nearest of them', () => {
    expect(prefetchOrder(20, [2, 15], 6)).toEqual([2, 15, 3, 1, 16, 14]);
  });

  it('does not split the limit between viewports on the same image', () => {
    expect(prefetchOrder(10, [4, 4], 5)).toEqual([4, 5, 3, 6, 2]);
  });

  it('wants nothing without an image on screen', () => {
    expect(prefetchOrder(20, [], 6)).toEqual([]);
  });
});

describe('planPrefetchJobs', () => {
  const none = () => false;

  it('fills batches in the order given and ends with the remainder', () => {
    expect(planPrefetchJobs([4, 5, 3, 6, 2, 7, 1], { framesPerBatch: 3, skip: none, alone: none })).toEqual([
      { kind: 'batch', indices: [4, 5, 3] },
      { kind: 'batch', indices: [6, 2, 7] },
      { kind: 'single', index: 1 },
    ]);
  });

  it('leaves out what needs no request and asks alone for what must go alone', () => {
    const jobs = planPrefetchJobs([4, 5, 3, 6, 2, 7, 1], { framesPerBatch: 3, skip: (i) => i === 4 || i === 6, alone: (i) => i === 3 });
    expect(jobs).toEqual([
      { kind: 'single', index: 3 },
      { kind: 'batch', indices: [5, 2, 7] },
      { kind: 'single', index: 1 },
    ]);
  });

  it('asks one by one when batches hold one frame', () => {
    expect(planPrefetchJobs([2, 3, 1], { framesPerBatch: 1, skip: none, alone: none })).toEqual([
      { kind: 'single', index: 2 },
      { kind: 'single', index: 3 },
      { kind: 'single', index: 1 },
    ]);
  });
});
