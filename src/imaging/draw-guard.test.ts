import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAW_GUARD_BOUND_MS, DrawGuard, guardBoundMs, notDrawnMessage, undrawableReason, type NotDrawn } from './draw-guard.ts';

describe('draw guard', () => {
  let fired: NotDrawn[];
  let guard: DrawGuard;
  beforeEach(() => {
    vi.useFakeTimers();
    fired = [];
    guard = new DrawGuard({ onNotDrawn: (info) => fired.push(info) });
  });
  afterEach(() => vi.useRealTimers());

  it('does not time the wait for data (a slow link is not a broken image)', () => {
    guard.expect('a');
    vi.advanceTimersByTime(10 * DRAW_GUARD_BOUND_MS);
    expect(guard.phase).toBe('waiting-for-data');
    expect(fired).toEqual([]);
  });

  it('names the image when it does not appear within the bound after its data arrived', () => {
    guard.expect('a');
    guard.dataArrived('a', '1.2.840.10008.1.2.5');
    expect(guard.phase).toBe('decoding');
    vi.advanceTimersByTime(DRAW_GUARD_BOUND_MS - 1);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([{ imageId: 'a', transferSyntaxUID: '1.2.840.10008.1.2.5', boundMs: DRAW_GUARD_BOUND_MS }]);
    expect(guard.phase).toBe('timed-out');
    vi.advanceTimersByTime(10 * DRAW_GUARD_BOUND_MS);
    expect(fired).toHaveLength(1);
  });

  it('stays quiet once the image is drawn or its failure is shown', () => {
    guard.expect('a');
    guard.dataArrived('a', undefined);
    guard.drawn();
    vi.advanceTimersByTime(2 * DRAW_GUARD_BOUND_MS);
    expect(guard.phase).toBe('drawn');
    guard.expect('b');
    guard.dataArrived('b', undefined);
    guard.failed('b');
    vi.advanceTimersByTime(2 * DRAW_GUARD_BOUND_MS);
    expect(guard.phase).toBe('failed');
    expect(fired).toEqual([]);
  });

  it('follows the image the viewport waits for: other images’ data and failures are ignored', () => {
    guard.expect('a');
    guard.dataArrived('b', undefined);
    guard.failed('b');
    expect(guard.phase).toBe('waiting-for-data');
    guard.dataArrived('a', undefined);
    vi.advanceTimersByTime(DRAW_GUARD_BOUND_MS / 2);
    // Scrolling on restarts the wait for the new image; the old timer does not fire.
    guard.expect('c');
    vi.advanceTimersByTime(DRAW_GUARD_BOUND_MS);
    expect(fired).toEqual([]);
    guard.dataArrived('c', undefined);
    vi.advanceTimersByTime(DRAW_GUARD_BOUND_MS);
    expect(fired.map((f) => f.imageId)).toEqual(['c']);
  });

  it('starts at once when the data of the image scrolled to is already here', () => {
    guard.expect('a', { transferSyntaxUID: '1.2.840.10008.1.2.1' });
    expect(guard.phase).toBe('decoding');
    vi.advanceTimersByTime(DRAW_GUARD_BOUND_MS);
    expect(fired).toEqual([{ imageId: 'a', transferSyntaxUID: '1.2.840.10008.1.2.1', boundMs: DRAW_GUARD_BOUND_MS }]);
  });

  it('expecting the same image again keeps its state; stop forgets everything', () => {
    guard.expect('a');
    guard.dataArrived('a', undefined);
    guard.expect('a');
    expect(guard.phase).toBe('decoding');
    guard.stop();
    expect(guard.phase).toBe('idle');
    vi.advanceTimersByTime(2 * DRAW_GUARD_BOUND_MS);
    expect(fired).toEqual([]);
  });

  it('uses a shortened bound when a test configures one, the product constant otherwise', () => {
    const quick = new DrawGuard({ boundMs: guardBoundMs(300), onNotDrawn: (info) => fired.push(info) });
    quick.expect('a');
    quick.dataArrived('a', undefined);
    vi.advanceTimersByTime(300);
    expect(fired).toEqual([{ imageId: 'a', transferSyntaxUID: undefined, boundMs: 300 }]);
    expect(guardBoundMs(undefined)).toBe(DRAW_GUARD_BOUND_MS);
    expect(guardBoundMs('300')).toBe(DRAW_GUARD_BOUND_MS);
    expect(guardBoundMs(-1)).toBe(DRAW_GUARD_BOUND_MS);
    expect(DRAW_GUARD_BOUND_MS).toBe(10_000);
  });
});

describe('messages', () => {
  it('names the series, the image, the syntax and the photometric interpretation', () => {
    expect(
      notDrawnMessage({
        seriesLabel: 'Series 1 “Echo”',
        index: 0,
        transferSyntaxUID: '1.2.840.10008.1.2.5',
        photometricInterpretation: 'PALETTE COLOR',
        rows: 91,
        columns: 121,
        bitsAllocated: 8,
        boundMs: 10_000,
      }),
    ).toBe(
      'Series 1 “Echo”, image 1: the image did not appear within 10 s after its data arrived (RLE Lossless (1.2.840.10008.1.2.5), PALETTE COLOR, 121 × 91, 8 bits allocated). It was decoded to nothing that can be drawn, or its decoder did not answer.',
    );
    expect(
      notDrawnMessage({
        seriesLabel: 'Series 2',
        index: 4,
        transferSyntaxUID: undefined,
        photometricInterpretation: undefined,
        rows: undefined,
        columns: undefined,
        bitsAllocated: undefined,
        boundMs: 400,
      }),
    ).toBe(
      'Series 2, image 5: the image did not appear within 400 ms after its data arrived (transfer syntax not known, no photometric interpretation). It was decoded to nothing that can be drawn, or its decoder did not answer.',
    );
  });

  it('knows an image without size cannot be drawn', () => {
    expect(undrawableReason({ rows: 0, columns: 512, samplesPerPixel: 1 })).toBe('the image has no size (512 columns × 0 rows)');
    expect(undrawableReason({ rows: undefined, columns: undefined, samplesPerPixel: 1 })).toBe('the image has no size (no columns × no rows)');
    expect(undrawableReason({ rows: 4, columns: 4, samplesPerPixel: 0 })).toBe('the image has no samples per pixel');
    expect(undrawableReason({ rows: 4, columns: 4, samplesPerPixel: undefined })).toBeUndefined();
  });
});
