import { describe, expect, it } from 'vitest';
import { gridSliceValues, lowestValue, shiftSlice } from './slice-shift.ts';

function shifted(source: number[], columns: number, rows: number, offset: { column: number; row: number }, size: [number, number], integer = false) {
  const target = new Float64Array(size[0] * size[1]);
  shiftSlice({ source, columns, rows, target, targetColumns: size[0], targetRows: size[1], offset, fill: -1000, integer });
  return Array.from(target);
}

describe('shiftSlice', () => {
  // 3×2: a ramp along the columns, rows differ by 10.
  const slice = [0, 1, 2, 10, 11, 12];

  it('copies the slice unchanged at no offset', () => {
    expect(shifted(slice, 3, 2, { column: 0, row: 0 }, [3, 2])).toEqual(slice);
  });

  it('moves it by whole pixels into a larger grid, filling the rest', () => {
    expect(shifted(slice, 3, 2, { column: 1, row: 1 }, [4, 3])).toEqual([-1000, -1000, -1000, -1000, -1000, 0, 1, 2, -1000, 10, 11, 12]);
  });

  it('interpolates a fractional offset between the acquired pixels', () => {
    const out = shifted(slice, 3, 2, { column: 0.25, row: 0.5 }, [4, 3]);
    // Grid (1, 1) lies at slice (0.75, 0.5): between 0, 1, 10 and 11.
    expect(out[1 * 4 + 1]).toBeCloseTo(0.75 + 5, 10);
    // Grid (3, 2) lies at slice (2.75, 1.5): beyond the edge's half pixel.
    expect(out[2 * 4 + 3]).toBe(-1000);
    // Grid (0, 0) lies at (-0.25, -0.5): within the edge pixel's half, its value.
    expect(out[0]).toBe(0);
  });

  it('rounds for integer targets', () => {
    const out = shifted([0, 3], 2, 1, { column: 0.5, row: 0 }, [2, 1], true);
    expect(out).toEqual([0, 2]);
  });

  it('finds the lowest value', () => {
    expect(lowestValue([5, -3, 7])).toBe(-3);
    expect(lowestValue([])).toBe(0);
  });
});

describe('gridSliceValues', () => {
  it('weights two slices, each moved by its own offset', () => {
    const target = new Int16Array(2);
    gridSliceValues({
      sources: [
        { values: [10, 20], offset: { column: 0, row: 0 }, weight: 0.25 },
        { values: [100, 200], offset: { column: 1, row: 0 }, weight: 0.75 },
      ],
      columns: 2,
      rows: 1,
      target,
      targetColumns: 2,
      targetRows: 1,
      integer: true,
    });
    // Column 0 lies outside the moved second slice (its lowest value there, 100): 0.25 × 10 + 0.75 × 100; column 1: 0.25 × 20 + 0.75 × 100.
    expect(Array.from(target)).toEqual([78, 80]);
  });

  it('moves a single slice of weight 1', () => {
    const target = new Float32Array(3);
    gridSliceValues({
      sources: [{ values: [1, 2], offset: { column: 1, row: 0 }, weight: 1 }],
      columns: 2,
      rows: 1,
      target,
      targetColumns: 3,
      targetRows: 1,
      integer: false,
    });
    expect(Array.from(target)).toEqual([1, 1, 2]);
  });
});
