import { describe, expect, it } from 'vitest';
import { middleIndex, outwardOrder, progressFraction, SeriesLoadTracker } from './load-progress.ts';

describe('SeriesLoadTracker', () => {
  it('counts loaded frames per series and reports completion once', () => {
    const t = new SeriesLoadTracker();
    expect(t.register('s1', ['a', 'b', 'c']).progress).toEqual({ loaded: 0, total: 3, failed: 0 });
    t.register('s2', ['x']);
    expect(t.imageLoaded('a')?.progress.loaded).toBe(1);
    expect(t.imageLoaded('a')).toBeUndefined(); // the same frame twice counts once
    expect(t.imageLoaded('unknown')).toBeUndefined();
    expect(t.imageLoaded('b')?.completedNow).toBe(false);
    const last = t.imageLoaded('c')!;
    expect(last).toEqual({ seriesInstanceUID: 's1', progress: { loaded: 3, total: 3, failed: 0 }, completedNow: true });
    expect(t.progress('s2')).toEqual({ loaded: 0, total: 1, failed: 0 });
  });
  it('tracks failures and evictions without repeating completion', () => {
    const t = new SeriesLoadTracker();
    t.register('s', ['a', 'b']);
    expect(t.imageFailed('a')?.progress.failed).toBe(1);
    t.imageLoaded('a');
    expect(t.progress('s')).toEqual({ loaded: 1, total: 2, failed: 0 });
    expect(t.imageLoaded('b')?.completedNow).toBe(true);
    expect(t.imageEvicted('b')?.progress.loaded).toBe(1);
    expect(t.imageLoaded('b')?.completedNow).toBe(false);
  });
  it('counts frames already in the cache at registration', () => {
    const t = new SeriesLoadTracker();
    const change = t.register('s', ['a', 'b'], (id) => id !== 'zzz');
    expect(change.progress.loaded).toBe(2);
    expect(change.completedNow).toBe(true);
  });
  it('computes the fraction shown by the progress bar', () => {
    expect(progressFraction({ loaded: 1, total: 4, failed: 0 })).toBe(0.25);
    expect(progressFraction({ loaded: 0, total: 0, failed: 0 })).toBe(0);
    expect(progressFraction(undefined)).toBe(0);
  });
});

describe('outwardOrder', () => {
  it('starts on screen and alternates outward', () => {
    expect(outwardOrder(5, 2)).toEqual([2, 3, 1, 4, 0]);
    expect(outwardOrder(3, 0)).toEqual([0, 1, 2]);
    expect(outwardOrder(3, 9)).toEqual([2, 1, 0]);
    expect(outwardOrder(0, 0)).toEqual([]);
  });
});

describe('middleIndex', () => {
  it('is the middle slice, the lower of the two middle ones for an even count', () => {
    expect(middleIndex(220)).toBe(109);
    expect(middleIndex(5)).toBe(2);
    expect(middleIndex(1)).toBe(0);
    expect(middleIndex(0)).toBe(0);
  });
});
