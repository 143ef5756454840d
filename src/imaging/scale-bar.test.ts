import { describe, expect, it } from 'vitest';
import { scaleBar } from './scale-bar.ts';

describe('scaleBar', () => {
  it('picks the longest 1/2/5 length that fits', () => {
    // 0.5 mm per pixel, 150 px available → 75 mm max → 50 mm.
    expect(scaleBar(0.5, 150)).toEqual({ lengthMm: 50, lengthPx: 100, label: '5 cm' });
    expect(scaleBar(0.05, 150)).toEqual({ lengthMm: 5, lengthPx: 100, label: '5 mm' });
    expect(scaleBar(0.1, 100)).toEqual({ lengthMm: 10, lengthPx: 100, label: '1 cm' });
    expect(scaleBar(0.7, 150)!.lengthMm).toBe(100);
  });
  it('gives nothing without a physical size', () => {
    expect(scaleBar(0, 100)).toBeUndefined();
    expect(scaleBar(Number.NaN, 100)).toBeUndefined();
  });
});
