/**
 * A colour chart of square patches with 12-bit (or any Bits Stored) RGB values: exact known samples at
 * every patch centre, including values above 255 that an 8-bit colour path would saturate.
 */
export interface ColourChart {
  /** Patches across and down. */
  patchesAcross: number;
  patchesDown: number;
  /** Patch edge in pixels. */
  patchSize: number;
  bitsStored: number;
}

export type Rgb = [number, number, number];

/** The patch colours in reading order: primaries, white, black, mid grey, dark values, then a fixed sequence. */
export function patchColours(chart: ColourChart): Rgb[] {
  const max = 2 ** chart.bitsStored - 1;
  const half = 2 ** (chart.bitsStored - 1);
  const fixed: Rgb[] = [
    [max, 0, 0],
    [0, max, 0],
    [0, 0, max],
    [max, max, max],
    [0, 0, 0],
    [half, half, half],
    [300, 300, 300],
    [max - 95, 1000, 300],
    [256, 512, 1024],
  ];
  const count = chart.patchesAcross * chart.patchesDown;
  const out = fixed.slice(0, count);
  for (let i = out.length; i < count; i++) out.push([(i * 1237 + 311) % (max + 1), (i * 2711 + 97) % (max + 1), (i * 3851 + 1543) % (max + 1)]);
  return out;
}

export function chartSize(chart: ColourChart): { rows: number; columns: number } {
  return { rows: chart.patchesDown * chart.patchSize, columns: chart.patchesAcross * chart.patchSize };
}

/** The stored samples of the chart, pixel-interleaved (R G B R G B …) or one plane per colour. */
export function colourChartPixels(chart: ColourChart, planar: boolean): Uint16Array {
  const { rows, columns } = chartSize(chart);
  const colours = patchColours(chart);
  const out = new Uint16Array(rows * columns * 3);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const rgb = colours[Math.floor(row / chart.patchSize) * chart.patchesAcross + Math.floor(column / chart.patchSize)]!;
      const p = row * columns + column;
      for (let s = 0; s < 3; s++) out[planar ? s * rows * columns + p : p * 3 + s] = rgb[s]!;
    }
  }
  return out;
}

/** The centre pixel of each patch with its colour. */
export function patchCentres(chart: ColourChart): { row: number; column: number; rgb: Rgb }[] {
  return patchColours(chart).map((rgb, i) => ({
    row: Math.floor(i / chart.patchesAcross) * chart.patchSize + Math.floor(chart.patchSize / 2),
    column: (i % chart.patchesAcross) * chart.patchSize + Math.floor(chart.patchSize / 2),
    rgb,
  }));
}
