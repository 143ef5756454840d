import { describe, expect, it } from 'vitest';
import { planeShowsImage } from './canvas-content.ts';

const SIZE = 32;
type Rgb = [number, number, number];

/** A grid whose pixel (row, column) has the colour `at` gives. */
function grid(at: (row: number, column: number) => Rgb): Uint8ClampedArray {
  const data = new Uint8ClampedArray(SIZE * SIZE * 4);
  for (let row = 0; row < SIZE; row++) {
    for (let column = 0; column < SIZE; column++) {
      data.set([...at(row, column), 255], (row * SIZE + column) * 4);
    }
  }
  return data;
}

const BLACK: Rgb = [0, 0, 0];
const FILL: Rgb = [102, 102, 102];
/** Anatomy: a different grey in every cell. */
const anatomy = (row: number, column: number): Rgb => {
  const v = (row * 37 + column * 11) % 256;
  return [v, v, v];
};

/** An empty volume letterboxed in its viewport: background bars, a flat fill, blended rows and columns between. */
function emptyVolume(bars: 'rows' | 'columns'): Uint8ClampedArray {
  return grid((row, column) => {
    const i = bars === 'rows' ? row : column;
    if (i < 2 || i > 29) return BLACK;
    if (i === 2) return [51, 51, 51];
    if (i === 29) return [40, 40, 40];
    return FILL;
  });
}

describe('planeShowsImage', () => {
  it('is false for an empty volume, letterboxed either way', () => {
    expect(planeShowsImage(emptyVolume('rows'), SIZE)).toBe(false);
    expect(planeShowsImage(emptyVolume('columns'), SIZE)).toBe(false);
  });

  it('is false for a few loaded slices crossing the plane', () => {
    const lines = grid((row, column) => (row === 15 || row === 16 ? anatomy(row, column) : FILL));
    expect(planeShowsImage(lines, SIZE)).toBe(false);
  });

  it('is true once a band of a quarter of the rows around the centre shows anatomy', () => {
    const band = (rows: number) => grid((row, column) => (Math.abs(row - 15.5) < rows / 2 ? anatomy(row, column) : FILL));
    expect(planeShowsImage(band(6), SIZE)).toBe(false);
    expect(planeShowsImage(band(8), SIZE)).toBe(true);
  });

  it('is true for slices spread over the whole plane (every fourth row)', () => {
    expect(
      planeShowsImage(
        grid((row, column) => (row % 4 === 0 ? anatomy(row, column) : FILL)),
        SIZE,
      ),
    ).toBe(true);
  });

  it('does not count a row of fewer than 8 colours as detail', () => {
    const sevenGreys = grid((_row, column) => {
      const v = (column % 7) * 30;
      return [v, v, v];
    });
    expect(planeShowsImage(sevenGreys, SIZE)).toBe(false);
  });
});
