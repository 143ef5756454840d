import type { Vec3 } from './orientation.ts';
import { dot, sub } from './vec3.ts';
import type { RegularVolume } from './volume-geometry.ts';

/**
 * The orthogonal, evenly spaced grid MPR needs, for a series whose slices are not one already: sheared by a
 * gantry tilt (each slice's origin moved within its own plane) or unevenly spaced along their normal. A
 * tilt is undone exactly by moving each slice back within its plane (no interpolation between slices); an
 * uneven spacing is made even by interpolating linearly between the two acquired slices around each grid
 * slice. Pure: the viewer builds the grid's images from it (src/viewer/mpr/grid-images.ts).
 */

/** One slice of the grid: its position along the normal (mm), and the acquired slices (ordered indices) it is made of. */
export interface GridSlice {
  position: number;
  /** Weights sum to 1: one acquired slice, or the two around the position. */
  sources: readonly { slice: number; weight: number }[];
}

export interface VolumeGrid {
  /** Set when the slices are sheared: the angle between their stacking direction and their normal (degrees). */
  tiltDegrees?: number | undefined;
  /** Set when the acquired slices are unevenly spaced: their smallest and largest step (mm). */
  acquiredSpacing?: { low: number; high: number } | undefined;
  /** Size of the grid's images. */
  rows: number;
  columns: number;
  /** Per ordered acquired slice, where its first pixel lies in the grid's images (pixels; may be fractional). */
  offsets: readonly { column: number; row: number }[];
  slices: readonly GridSlice[];
  /** mm between the grid's slices. */
  sliceSpacing: number;
}

/** Slice origins that move less than this within their plane (pixels) are stacked along their normal. */
const SHEAR_TOLERANCE_PX = 0.1;

type Acquired = Omit<RegularVolume, 'grid'>;

/** The grid a series needs, or undefined when its slices are already an orthogonal, evenly spaced stack. */
export function volumeGrid(volume: Acquired, evenlySpaced: boolean): VolumeGrid | undefined {
  const shear = shearOf(volume);
  if (!shear && evenlySpaced) return undefined;
  const offsets = shear?.offsets ?? volume.origins.map(() => ({ column: 0, row: 0 }));
  const steps = volume.positions.slice(1).map((p, k) => p - volume.positions[k]!);
  const slices = evenlySpaced ? volume.positions.map((position, slice) => ({ position, sources: [{ slice, weight: 1 }] })) : evenSlices(volume.positions);
  return {
    tiltDegrees: shear?.tiltDegrees,
    acquiredSpacing: evenlySpaced ? undefined : { low: Math.min(...steps), high: Math.max(...steps) },
    rows: volume.rows + Math.ceil(Math.max(...offsets.map((o) => o.row)) - 1e-6),
    columns: volume.columns + Math.ceil(Math.max(...offsets.map((o) => o.column)) - 1e-6),
    offsets,
    slices,
    sliceSpacing: evenlySpaced ? volume.sliceSpacing : slices[1]!.position - slices[0]!.position,
  };
}

/** Each slice's origin within the first slice's plane, or undefined when none moves (within the tolerance). */
function shearOf(volume: Acquired): { offsets: { column: number; row: number }[]; tiltDegrees: number } | undefined {
  const { origins, positions, rowDirection, columnDirection } = volume;
  const inPlane = origins.map((o) => {
    const d = sub(o, origins[0]!);
    return { column: dot(d, rowDirection) / volume.columnSpacing, row: dot(d, columnDirection) / volume.rowSpacing };
  });
  const minColumn = Math.min(...inPlane.map((p) => p.column));
  const minRow = Math.min(...inPlane.map((p) => p.row));
  const offsets = inPlane.map((p) => ({ column: p.column - minColumn, row: p.row - minRow }));
  if (offsets.every((o) => o.column < SHEAR_TOLERANCE_PX && o.row < SHEAR_TOLERANCE_PX)) return undefined;
  const last = origins.length - 1;
  const span = sub(origins[last]!, origins[0]!);
  const across = Math.hypot(dot(span, rowDirection), dot(span, columnDirection));
  return { offsets, tiltDegrees: (Math.atan2(across, positions[last]! - positions[0]!) * 180) / Math.PI };
}

/**
 * Evenly spaced slices from the first acquired position to the last, at the smallest acquired step (at
 * least half the median one), each interpolated between the two acquired slices around it.
 */
export function evenSlices(positions: readonly number[]): GridSlice[] {
  const n = positions.length;
  const steps = positions.slice(1).map((p, k) => p - positions[k]!);
  const sorted = [...steps].sort((a, b) => a - b);
  const step = Math.max(sorted[0]!, sorted[Math.floor(sorted.length / 2)]! / 2);
  const [first, last] = [positions[0]!, positions[n - 1]!];
  const intervals = Math.max(1, Math.round((last - first) / step));
  const spacing = (last - first) / intervals;
  let k = 0;
  return Array.from({ length: intervals + 1 }, (_, j) => {
    const position = j === intervals ? last : first + j * spacing;
    while (k < n - 2 && positions[k + 1]! <= position) k++;
    const weight = (position - positions[k]!) / (positions[k + 1]! - positions[k]!);
    const sources =
      weight < 1e-6
        ? [{ slice: k, weight: 1 }]
        : weight > 1 - 1e-6
          ? [{ slice: k + 1, weight: 1 }]
          : [
              { slice: k, weight: 1 - weight },
              { slice: k + 1, weight },
            ];
    return { position, sources };
  });
}

/**
 * Image Position (Patient) of a grid slice: the grid's corner in the first acquired slice's plane, moved
 * along the normal to the slice's position. Every grid slice lies on that one line along the normal.
 */
export function gridSliceOrigin(volume: Acquired, grid: VolumeGrid, index: number): Vec3 {
  const o = volume.origins[0]!;
  const offset = grid.offsets[0]!;
  const c = offset.column * volume.columnSpacing;
  const r = offset.row * volume.rowSpacing;
  const d = grid.slices[index]!.position - volume.positions[0]!;
  const { rowDirection: x, columnDirection: y, normal: z } = volume;
  return [0, 1, 2].map((i) => o[i]! - c * x[i]! - r * y[i]! + d * z[i]!) as unknown as Vec3;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** What the reader is told about the grid a series is shown on ("Resampled for a gantry tilt of 15.7°"). */
export function gridDescription(grid: VolumeGrid): string {
  const why = [
    grid.tiltDegrees !== undefined ? `a gantry tilt of ${round(grid.tiltDegrees, 1)}°` : undefined,
    grid.acquiredSpacing ? `slices ${round(grid.acquiredSpacing.low, 2)}–${round(grid.acquiredSpacing.high, 2)} mm apart` : undefined,
  ].filter((part) => part !== undefined);
  const even = grid.acquiredSpacing ? `, interpolated to ${round(grid.sliceSpacing, 2)} mm` : '';
  return `Resampled for ${why.join(' and ')}${even}`;
}
