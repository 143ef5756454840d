/**
 * Painting of simple shapes, given in millimetres, onto a pixel grid of tissue labels.
 * Phantoms first paint labels (painter's order) and then map labels to pixel values, so
 * the same anatomy can feed CT (HU) and MR (signal) images and tests can ask "what is here".
 */

/** Pixel grid in a plane: pixel (row, column) has its centre at (x0 + column·spacing, y0 + row·spacing). */
export interface PlaneGrid {
  rows: number;
  columns: number;
  x0: number;
  y0: number;
  spacing: number;
}

export interface Shape {
  /** [xMin, xMax, yMin, yMax] in mm. */
  bounds: readonly [number, number, number, number];
  contains(x: number, y: number): boolean;
}

export function ellipse(cx: number, cy: number, rx: number, ry: number, angleRad = 0): Shape {
  const cos = Math.cos(angleRad);
  const sin = Math.sin(angleRad);
  const extentX = Math.hypot(rx * cos, ry * sin);
  const extentY = Math.hypot(rx * sin, ry * cos);
  return {
    bounds: [cx - extentX, cx + extentX, cy - extentY, cy + extentY],
    contains(x, y) {
      const dx = x - cx;
      const dy = y - cy;
      const u = (dx * cos + dy * sin) / rx;
      const v = (-dx * sin + dy * cos) / ry;
      return u * u + v * v <= 1;
    },
  };
}

export function circle(cx: number, cy: number, r: number): Shape {
  return ellipse(cx, cy, r, r);
}

/** Distance from (x, y) to the segment a–b. */
export function segmentDistance(ax: number, ay: number, bx: number, by: number, x: number, y: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(ax + t * dx - x, ay + t * dy - y);
}

/** All points within `r` of the segment a–b. */
export function capsule(ax: number, ay: number, bx: number, by: number, r: number): Shape {
  return {
    bounds: [Math.min(ax, bx) - r, Math.max(ax, bx) + r, Math.min(ay, by) - r, Math.max(ay, by) + r],
    contains: (x, y) => segmentDistance(ax, ay, bx, by, x, y) <= r,
  };
}

export function rectangle(xMin: number, xMax: number, yMin: number, yMax: number): Shape {
  return { bounds: [xMin, xMax, yMin, yMax], contains: () => true };
}

export interface PaintOptions {
  /** Paint only pixels whose current label is one of these (all pixels when omitted). */
  over?: readonly number[];
}

export class LabelImage {
  readonly labels: Uint8Array;

  constructor(
    readonly grid: PlaneGrid,
    background: number,
  ) {
    this.labels = new Uint8Array(grid.rows * grid.columns).fill(background);
  }

  /** The label at a pixel, or −1 outside the image. */
  labelAt(row: number, column: number): number {
    if (row < 0 || column < 0 || row >= this.grid.rows || column >= this.grid.columns) return -1;
    return this.labels[row * this.grid.columns + column]!;
  }

  paint(shape: Shape, label: number, opts: PaintOptions = {}): void {
    this.forEachPixel(shape, (i) => {
      if (!opts.over || opts.over.includes(this.labels[i]!)) this.labels[i] = label;
    });
  }

  forEachPixel(shape: Shape, fn: (index: number, x: number, y: number) => void): void {
    forEachPixelIn(this.grid, shape, fn);
  }
}

/** Calls `fn` for every pixel whose centre lies in `shape`, with the pixel's coordinates in mm. */
export function forEachPixelIn(grid: PlaneGrid, shape: Shape, fn: (index: number, x: number, y: number) => void): void {
  const { rows, columns, x0, y0, spacing } = grid;
  const [xMin, xMax, yMin, yMax] = shape.bounds;
  const c0 = Math.max(0, Math.ceil((xMin - x0) / spacing));
  const c1 = Math.min(columns - 1, Math.floor((xMax - x0) / spacing));
  const r0 = Math.max(0, Math.ceil((yMin - y0) / spacing));
  const r1 = Math.min(rows - 1, Math.floor((yMax - y0) / spacing));
  for (let row = r0; row <= r1; row++) {
    const y = y0 + row * spacing;
    for (let column = c0; column <= c1; column++) {
      const x = x0 + column * spacing;
      if (shape.contains(x, y)) fn(row * columns + column, x, y);
    }
  }
}

/** The grid of `rows` × `columns` square pixels of `spacing` mm centred on (0, 0). */
export function centredGrid(rows: number, columns: number, spacing: number): PlaneGrid {
  return { rows, columns, spacing, x0: (-(columns - 1) / 2) * spacing, y0: (-(rows - 1) / 2) * spacing };
}

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A 32-bit integer hash of a few integers (deterministic on every platform). */
export function hashInts(seed: number, a: number, b: number, c = 0): number {
  return mix(mix(mix(seed ^ 0x9e3779b9, a), b), c) >>> 0;
}

/** Uniform integer noise in [−amplitude, amplitude] for pixel `index` of slice `slice`. */
export function uniformNoise(seed: number, slice: number, index: number, amplitude: number): number {
  if (amplitude === 0) return 0;
  return (hashInts(seed, slice, index) % (2 * amplitude + 1)) - amplitude;
}

/** Small seeded PRNG (mulberry32) for laying out structures such as vessels. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** 0 at `from`, rising smoothly to 1 at `to` (either order). */
export function smoothstep(from: number, to: number, value: number): number {
  const t = clamp((value - from) / (to - from), 0, 1);
  return t * t * (3 - 2 * t);
}

export interface NoiseSpec {
  seed: number;
  /** Slice or frame number mixed into the noise so that slices differ. */
  slice: number;
  amplitude: number;
  /** Labels that stay exactly at their nominal value (e.g. air outside the body). */
  exempt: readonly number[];
}

/** Nominal value of each pixel's label plus uniform noise. */
export function labelsToValues(image: LabelImage, valueOf: (label: number) => number, noise: NoiseSpec): Int32Array {
  const { labels } = image;
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const jitter = noise.exempt.includes(label) ? 0 : uniformNoise(noise.seed, noise.slice, i, noise.amplitude);
    out[i] = valueOf(label) + jitter;
  }
  return out;
}
