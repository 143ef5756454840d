import { clamp, ellipse, forEachPixelIn, rectangle, segmentDistance, uniformNoise, type PlaneGrid } from './raster.ts';

/**
 * A PA chest radiograph. Attenuation (μ·length, dimensionless) is summed over simple
 * solids projected onto the detector; pixel values are proportional to log exposure, so
 * air is high and bone low: the image is MONOCHROME1 (high values displayed dark).
 * Detector coordinates in mm from the image centre: u to the image right (the patient's
 * left in a PA view), v down (toward the feet).
 */

/** Linear attenuation relative to air, 1/mm. Lungs are air inside soft tissue: negative. */
const MU = { soft: 0.02, airInSoft: -0.018, bone: 0.035, lead: 1 } as const;

export const DX_BITS_STORED = 12;
/** Pixel value for unattenuated exposure; each unit of μ·length lowers it by LOG_GAIN. */
const DIRECT_EXPOSURE = 3900;
const LOG_GAIN = 520;
const NOISE = 10;
const SEED = 0xd0c;

type Attenuation = Float32Array;

/** Path length through an ellipsoid with half-axes a (u), b (v), c (depth), times μ. */
function addEllipsoid(
  acc: Attenuation,
  grid: PlaneGrid,
  cu: number,
  cv: number,
  a: number,
  b: number,
  c: number,
  mu: number,
  clip?: (u: number, v: number) => number,
): void {
  forEachPixelIn(grid, ellipse(cu, cv, a, b), (i, u, v) => {
    const q = 1 - ((u - cu) / a) ** 2 - ((v - cv) / b) ** 2;
    acc[i]! += mu * 2 * c * Math.sqrt(Math.max(0, q)) * (clip ? clip(u, v) : 1);
  });
}

/** A bone of circular cross-section `r` whose axis follows `distance` (mm from the axis). */
function addRod(
  acc: Attenuation,
  grid: PlaneGrid,
  bounds: readonly [number, number, number, number],
  r: number,
  distance: (u: number, v: number) => number,
): void {
  const [u0, u1, v0, v1] = bounds;
  forEachPixelIn(grid, rectangle(u0, u1, v0, v1), (i, u, v) => {
    const d = distance(u, v);
    if (d < r) acc[i]! += MU.bone * 2 * Math.sqrt(r * r - d * d);
  });
}

/** Lungs end at the diaphragm, which domes up under each lung and falls toward the sides. */
function belowDiaphragm(domeV: number, centreU: number) {
  return (u: number, v: number) => 1 - clamp((v - (domeV + 0.006 * (u - centreU) ** 2)) / 6 + 0.5, 0, 1);
}

function addSoftTissues(acc: Attenuation, grid: PlaneGrid): void {
  addEllipsoid(acc, grid, 0, 40, 165, 270, 110, MU.soft);
  addEllipsoid(acc, grid, 0, -235, 50, 55, 50, MU.soft);
  for (const side of [-1, 1]) addEllipsoid(acc, grid, 165 * side, -150, 45, 85, 50, MU.soft);
  addEllipsoid(acc, grid, -75, -15, 62, 140, 80, MU.airInSoft, belowDiaphragm(95, -75));
  addEllipsoid(acc, grid, 75, -10, 58, 138, 75, MU.airInSoft, belowDiaphragm(108, 75));
  addEllipsoid(acc, grid, 22, 55, 72, 62, 40, -0.7 * MU.airInSoft);
  addEllipsoid(acc, grid, 30, -45, 18, 16, 16, -MU.airInSoft);
  addEllipsoid(acc, grid, 65, 140, 30, 16, 25, MU.airInSoft);
  forEachPixelIn(grid, rectangle(-9, 9, -grid.rows * grid.spacing, -40), (i, u) => {
    acc[i]! += MU.airInSoft * 2 * Math.sqrt(Math.max(0, 81 - u * u));
  });
}

function addSkeleton(acc: Attenuation, grid: PlaneGrid): void {
  const halfHeight = (grid.rows * grid.spacing) / 2;
  forEachPixelIn(grid, rectangle(-19, 19, -halfHeight, halfHeight), (i, u, v) => {
    const disc = (((v + 1000) % 26) + 26) % 26 < 6 ? 0.55 : 1;
    acc[i]! += MU.bone * disc * 2 * Math.sqrt(Math.max(0, 361 - u * u));
  });
  for (const side of [-1, 1]) {
    addEllipsoid(acc, grid, 162 * side, -150, 28, 30, 28, MU.bone);
    const [u0, u1] = side < 0 ? [-133, -7] : [7, 133];
    addRod(acc, grid, [u0, u1, -205, -165], 8, (u, v) => segmentDistance(15 * side, -175, 125 * side, -195, u, v));
    for (let k = 0; k < 10; k++) addPosteriorRib(acc, grid, side, -168 + 24 * k);
  }
}

/** Posterior ribs: upper arcs of ellipses that leave the spine and curve down laterally. */
function addPosteriorRib(acc: Attenuation, grid: PlaneGrid, side: number, top: number): void {
  const cu = 20 * side;
  const cv = top + 90;
  const a = 125;
  const b = 90;
  const bounds = side < 0 ? ([cu - a - 6, cu, top - 6, cv] as const) : ([cu, cu + a + 6, top - 6, cv] as const);
  addRod(acc, grid, bounds, 4.5, (u, v) => {
    const du = u - cu;
    const dv = v - cv;
    const e = (du / a) ** 2 + (dv / b) ** 2;
    const gradient = 2 * Math.hypot(du / (a * a), dv / (b * b));
    return gradient > 0 ? Math.abs(e - 1) / gradient : Infinity;
  });
}

const MARKER_R = ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'];

/** A lead "R" on the patient's right (image left), top corner: orientation must survive display. */
function addRightMarker(acc: Attenuation, grid: PlaneGrid): void {
  const cell = 2.4;
  const left = -150;
  const top = -200;
  MARKER_R.forEach((line, row) => {
    [...line].forEach((ch, col) => {
      if (ch !== '#') return;
      const u0 = left + col * cell;
      const v0 = top + row * cell;
      forEachPixelIn(grid, rectangle(u0, u0 + cell, v0, v0 + cell), (i) => {
        acc[i]! += MU.lead * 10;
      });
    });
  });
}

/** Stored pixel values (12 bits in 16) of the radiograph. */
export function chestRadiograph(grid: PlaneGrid): Uint16Array {
  const acc: Attenuation = new Float32Array(grid.rows * grid.columns);
  addSoftTissues(acc, grid);
  addSkeleton(acc, grid);
  addRightMarker(acc, grid);
  const max = 2 ** DX_BITS_STORED - 1;
  const out = new Uint16Array(acc.length);
  for (let i = 0; i < acc.length; i++) {
    const value = DIRECT_EXPOSURE - LOG_GAIN * acc[i]! + uniformNoise(SEED, 0, i, NOISE);
    out[i] = clamp(Math.round(value), 0, max);
  }
  return out;
}
