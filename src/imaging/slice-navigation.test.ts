import { describe, expect, it } from 'vitest';
import { PAGE_SLICES, sliceDelta } from './slice-navigation.ts';

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
