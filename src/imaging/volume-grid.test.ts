import { describe, expect, it } from 'vitest';
import { evenSlices, gridDescription, type VolumeGrid } from './volume-grid.ts';

describe('evenSlices', () => {
  it('keeps an even series slice for slice', () => {
    const slices = evenSlices([0, 2, 4, 6]);
    expect(slices.map((s) => s.position)).toEqual([0, 2, 4, 6]);
    expect(slices.map((s) => s.sources)).toEqual([0, 1, 2, 3].map((slice) => [{ slice, weight: 1 }]));
  });

  it('interpolates each grid slice between the two acquired slices around it, weighted by distance', () => {
    // Steps of 3 and 4 mm: the grid steps 3 mm (the smallest), from 0 to 14 in 5 intervals of 2.8 mm.
    const slices = evenSlices([0, 3, 7, 10, 14]);
    expect(slices).toHaveLength(6);
    expect(slices[0]).toEqual({ position: 0, sources: [{ slice: 0, weight: 1 }] });
    // 2.8 mm: between 0 and 3, 0.93 of the way.
    expect(slices[1]!.position).toBeCloseTo(2.8, 9);
    expect(slices[1]!.sources.map((s) => s.slice)).toEqual([0, 1]);
    expect(slices[1]!.sources[1]!.weight).toBeCloseTo(2.8 / 3, 9);
    // 5.6 mm: between 3 and 7.
    expect(slices[2]!.sources.map((s) => s.slice)).toEqual([1, 2]);
    expect(slices[2]!.sources[1]!.weight).toBeCloseTo(2.6 / 4, 9);
    expect(slices[5]).toEqual({ position: 14, sources: [{ slice: 4, weight: 1 }] });
    for (const s of slices) expect(s.sources.reduce((sum, x) => sum + x.weight, 0)).toBeCloseTo(1, 12);
  });

  it('steps at least half the median step, however close two acquired slices are', () => {
    const slices = evenSlices([0, 4, 4.1, 8, 12]);
    // Median step 4 (of 4, 0.1, 3.9, 4): at least 2 mm, 12 mm in 6 intervals of 2 mm.
    expect(slices).toHaveLength(7);
    expect(slices[3]!.position).toBeCloseTo(6, 9);
    expect(slices[3]!.sources.map((s) => s.slice)).toEqual([2, 3]);
  });
});

describe('gridDescription', () => {
  const grid: VolumeGrid = { rows: 2, columns: 2, offsets: [], slices: [], sliceSpacing: 3.7687 };
  it('names the tilt, the uneven spacing and the spacing interpolated to', () => {
    expect(gridDescription({ ...grid, tiltDegrees: 15.71 })).toBe('Resampled for a gantry tilt of 15.7°');
    expect(gridDescription({ ...grid, acquiredSpacing: { low: 3.75, high: 5 } })).toBe('Resampled for slices 3.75–5 mm apart, interpolated to 3.77 mm');
    expect(gridDescription({ ...grid, tiltDegrees: 5, acquiredSpacing: { low: 1, high: 1.2 } })).toBe(
      'Resampled for a gantry tilt of 5° and slices 1–1.2 mm apart, interpolated to 3.77 mm',
    );
  });
});
