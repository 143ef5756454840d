import { describe, expect, it } from 'vitest';
import { cacheBudgetBytes, defaultCacheMb, estimateImageBytes, prefetchLimit, volumeBudgetReason } from './cache-budget.ts';

const MIB = 1024 * 1024;

describe('cache budget', () => {
  it('says when a volume does not fit the cache budget', () => {
    const slice = 512 * 512 * 2;
    expect(volumeBudgetReason(512 * MIB, slice, 220)).toBeUndefined();
    expect(volumeBudgetReason(256 * MIB, slice, 2000)).toBe(
      'This series is too large for MPR here: its volume needs 1000 MB of decoded images, the image cache allows 205 MB for it.',
    );
  });

  it('derives a default from the device, within bounds', () => {
    expect(defaultCacheMb(undefined)).toBe(512);
    expect(defaultCacheMb(1)).toBe(256);
    expect(defaultCacheMb(4)).toBe(512);
    expect(defaultCacheMb(8)).toBe(1024);
  });

  it('takes a valid configured size, ignores an absurd one', () => {
    expect(cacheBudgetBytes(300, 8)).toBe(300 * MIB);
    expect(cacheBudgetBytes(5, 8)).toBe(1024 * MIB);
    expect(cacheBudgetBytes(Number.NaN, undefined)).toBe(512 * MIB);
  });

  it('limits prefetch of a 2,000-slice CT to what fits, never below one image', () => {
    const slice = estimateImageBytes({ rows: 512, columns: 512, bitsAllocated: 16 });
    expect(slice).toBe(512 * 1024);
    expect(prefetchLimit(512 * MIB, slice)).toBe(819);
    expect(prefetchLimit(512 * MIB, slice, 2)).toBe(409);
    expect(prefetchLimit(MIB, 10 * MIB)).toBe(1);
    expect(estimateImageBytes({ rows: 480, columns: 640, bitsAllocated: 8, samplesPerPixel: 3 })).toBe(480 * 640 * 3);
  });
});
