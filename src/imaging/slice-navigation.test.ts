import { describe, expect, it } from 'vitest';
import { PAGE_SLICES, cineDelta, sliceDelta } from './slice-navigation.ts';

describe('sliceDelta', () => {
  it('moves one slice, or a page of slices, either way', () => {
    expect(sliceDelta('next', 40, 512)).toBe(1);
    expect(sliceDelta('previous', 40, 512)).toBe(-1);
    expect(sliceDelta('pageNext', 40, 512)).toBe(PAGE_SLICES);
    expect(sliceDelta('pagePrevious', 40, 512)).toBe(-PAGE_SLICES);
  });

  it('goes to the first and the last slice', () => {
    expect(sliceDelta('first', 40, 512)).toBe(-40);
    expect(sliceDelta('last', 40, 512)).toBe(471);
  });

  it('stops at either end', () => {
    expect(sliceDelta('next', 511, 512)).toBe(0);
    expect(sliceDelta('pageNext', 505, 512)).toBe(6);
    expect(sliceDelta('previous', 0, 512)).toBe(0);
    expect(sliceDelta('pagePrevious', 3, 512)).toBe(-3);
    expect(sliceDelta('last', 511, 512)).toBe(0);
  });

  it('does not move through an empty series', () => {
    expect(sliceDelta('next', 0, 0)).toBe(0);
    expect(sliceDelta('last', 0, 0)).toBe(0);
  });
});

describe('cineDelta', () => {
  it('steps to the next slice', () => {
    expect(cineDelta(0, 220)).toBe(1);
    expect(cineDelta(218, 220)).toBe(1);
  });

  it('wraps from the last slice to the first', () => {
    expect(cineDelta(219, 220)).toBe(-219);
    // Past the end (a plane whose slice count shrank as it turned oblique): back to the first too.
    expect(cineDelta(230, 220)).toBe(-230);
  });

  it('plays through all slices and returns to the start', () => {
    let slice = 5;
    const seen = new Set<number>();
    for (let i = 0; i < 12; i++) {
      slice += cineDelta(slice, 12);
      seen.add(slice);
    }
    expect(slice).toBe(5);
    expect(seen.size).toBe(12);
  });

  it('does not move through a single slice or an empty series', () => {
    expect(cineDelta(0, 1)).toBe(0);
    expect(cineDelta(0, 0)).toBe(0);
  });
});
