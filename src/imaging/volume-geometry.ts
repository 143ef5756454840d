import type { Orientation } from './image-descriptor.ts';
import type { Vec3 } from './orientation.ts';
import { cross, dot, norm, sub } from './vec3.ts';
import { volumeGrid, type VolumeGrid } from './volume-grid.ts';

/**
 * Whether a series' images form a volume that multiplanar reformatting can show truthfully (as acquired, or
 * on a resampled grid: volume-grid.ts), and the map between a point of that volume and the acquired voxel
 * nearest to it. Pure: the viewer gives the per-image geometry (src/imaging/image-descriptor.ts), this
 * module decides.
 */

/** What the decision needs to know about one image of the series (one frame), in stack order. */
export interface SliceGeometry {
  modality?: string | undefined;
  rows?: number | undefined;
  columns?: number | undefined;
  samplesPerPixel?: number | undefined;
  /** Pixel Spacing: between rows, then between columns (mm). */
  pixelSpacing?: readonly [number, number] | undefined;
  imagePositionPatient?: Vec3 | undefined;
  imageOrientationPatient?: Orientation | undefined;
  frameOfReferenceUID?: string | undefined;
  instanceNumber?: number | undefined;
}

/** A regular volume: equal images, one orientation, slices evenly spaced along their normal. */
export interface RegularVolume {
  /** Indices into the input, ordered along the slice normal (lowest position first). */
  order: readonly number[];
  /** Position of each ordered slice along the normal (mm), ascending. */
  positions: readonly number[];
  /** Image Position (Patient) of each ordered slice. */
  origins: readonly Vec3[];
  /** Direction of increasing column, of increasing row, and their cross product (unit vectors). */
  rowDirection: Vec3;
  columnDirection: Vec3;
  normal: Vec3;
  rows: number;
  columns: number;
  /** mm between rows (along columnDirection) and between columns (along rowDirection). */
  rowSpacing: number;
  columnSpacing: number;
  /** mm between consecutive slices (the median step). */
  sliceSpacing: number;
  /** Set when the slices are not an orthogonal, evenly spaced stack: the grid MPR shows them on (volume-grid.ts). */
  grid?: VolumeGrid | undefined;
}

export type VolumeAssessment = { kind: 'volume'; volume: RegularVolume } | { kind: 'refused'; reason: string };

/** Fewer slices than this make no useful reformat. */
export const MIN_SLICES = 10;
/** Modalities whose images are slices through the patient. */
const VOLUMETRIC_MODALITIES = new Set(['CT', 'MR', 'PT', 'NM']);
/** Projection and 2D modalities, named as such in the reason. */
const PROJECTION_MODALITIES = new Set(['CR', 'DX', 'MG', 'XA', 'RF', 'IO', 'PX', 'US', 'ES', 'XC', 'OT', 'SC']);
/** A gap above this many usual spacings is a missing slice. */
const MISSING_SLICE_FACTOR = 1.5;
/** Steps may differ from the usual spacing by this much (mm, or this fraction of it if larger). */
const SPACING_TOLERANCE_MM = 0.02;
const SPACING_TOLERANCE_FRACTION = 0.01;
/** Cosines equal within this are one orientation. */
const ORIENTATION_TOLERANCE = 1e-3;
/** Beyond this the slices are not a tilted volume but something else (gantries tilt up to about 30°). */
const MAX_TILT_DEG = 45;
/** The grid of a resampled tilt may be at most this many times the image in either direction. */
const MAX_GRID_GROWTH = 2;

const unit = (a: Vec3): Vec3 => {
  const n = norm(a) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
};
const mm = (v: number) => `${Math.round(v * 100) / 100} mm`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function imageName(slice: SliceGeometry, index: number): string {
  return slice.instanceNumber !== undefined ? `instance ${slice.instanceNumber}` : `image ${index + 1}`;
}

function modalityReason(slices: readonly SliceGeometry[]): string | undefined {
  const modalities = [...new Set(slices.map((s) => s.modality?.toUpperCase() ?? ''))];
  if (modalities.length > 1) return `MPR needs one modality; this series mixes ${modalities.map((m) => m || 'none').join(', ')}.`;
  const m = modalities[0] ?? '';
  if (VOLUMETRIC_MODALITIES.has(m)) return undefined;
  if (PROJECTION_MODALITIES.has(m)) return `MPR is for cross-sectional slices (CT, MR, PET); ${m} images are projections or single planes.`;
  return `MPR is for cross-sectional slices (CT, MR, PET); this series is ${m || 'of no stated modality'}.`;
}

/**
 * Decides whether `slices` (one series, stack order) are a volume, and on what grid it must be resampled if
 * it is not a regular one (a gantry tilt, uneven spacing); if not a volume, says why in plain words.
 */
export function assessVolume(slices: readonly SliceGeometry[]): VolumeAssessment {
  const refuse = (reason: string): VolumeAssessment => ({ kind: 'refused', reason });
  const modality = modalityReason(slices);
  if (modality) return refuse(modality);
  if (slices.length < MIN_SLICES) return refuse(`MPR needs at least ${MIN_SLICES} slices; this series has ${slices.length}.`);
  const first = slices[0]!;
  for (const [i, s] of slices.entries()) {
    if (!s.imagePositionPatient || !s.imageOrientationPatient || !s.pixelSpacing || !s.rows || !s.columns)
      return refuse(`MPR needs the position, orientation and pixel spacing of every slice; ${imageName(s, i)} lacks them.`);
    if ((s.samplesPerPixel ?? 1) > 1) return refuse('MPR is for greyscale slices; this series is in colour.');
  }
  if (new Set(slices.map((s) => s.frameOfReferenceUID ?? '')).size > 1) return refuse('The slices of this series are in different frames of reference.');
  for (const [i, s] of slices.entries()) {
    if (s.imageOrientationPatient!.some((v, k) => Math.abs(v - first.imageOrientationPatient![k]!) > ORIENTATION_TOLERANCE))
      return refuse(`The slices of this series have mixed orientations (${imageName(first, 0)} and ${imageName(s, i)} differ).`);
    if (s.rows !== first.rows || s.columns !== first.columns)
      return refuse(`The slices of this series have different sizes (${first.columns}×${first.rows} and ${s.columns}×${s.rows}).`);
    if (s.pixelSpacing!.some((v, k) => Math.abs(v - first.pixelSpacing![k]!) > 1e-4)) return refuse('The slices of this series have different pixel spacings.');
  }
  const iop = first.imageOrientationPatient!;
  const rowDirection = unit([iop[0], iop[1], iop[2]]);
  const columnDirection = unit([iop[3], iop[4], iop[5]]);
  const normal = unit(cross(rowDirection, columnDirection));
  const order = slices.map((_, i) => i).sort((a, b) => dot(slices[a]!.imagePositionPatient!, normal) - dot(slices[b]!.imagePositionPatient!, normal));
  const origins = order.map((i) => slices[i]!.imagePositionPatient!);
  const positions = origins.map((p) => dot(p, normal));
  const steps = positions.slice(1).map((p, k) => p - positions[k]!);
  for (const [k, step] of steps.entries()) {
    if (step < 1e-3)
      return refuse(
        `Two slices are at the same position (${imageName(slices[order[k]!]!, order[k]!)} and ${imageName(slices[order[k + 1]!]!, order[k + 1]!)}): this is not one volume.`,
      );
  }
  const usual = median(steps);
  for (const [k, step] of steps.entries()) {
    if (step > MISSING_SLICE_FACTOR * usual) {
      const a = imageName(slices[order[k]!]!, order[k]!);
      const b = imageName(slices[order[k + 1]!]!, order[k + 1]!);
      return refuse(`Slices are missing: a gap of ${mm(step)} between ${a} and ${b}, where the slices are ${mm(usual)} apart.`);
    }
  }
  const tolerance = Math.max(SPACING_TOLERANCE_MM, SPACING_TOLERANCE_FRACTION * usual);
  const evenlySpaced = Math.max(...steps) - Math.min(...steps) <= tolerance;
  const volume: RegularVolume = {
    order,
    positions,
    origins,
    rowDirection,
    columnDirection,
    normal,
    rows: first.rows!,
    columns: first.columns!,
    rowSpacing: first.pixelSpacing![0],
    columnSpacing: first.pixelSpacing![1],
    sliceSpacing: usual,
  };
  const grid = volumeGrid(volume, evenlySpaced);
  if (grid === undefined) return { kind: 'volume', volume };
  const degrees = grid.tiltDegrees !== undefined ? Math.round(grid.tiltDegrees * 10) / 10 : 0;
  if (degrees > MAX_TILT_DEG) return refuse(`The slices are sheared by ${degrees}°, more than a gantry tilt: this is not one volume.`);
  if (grid.rows > MAX_GRID_GROWTH * volume.rows || grid.columns > MAX_GRID_GROWTH * volume.columns)
    return refuse(
      `The series was acquired with a gantry tilt of ${degrees}° over so long a range that resampling it would need more than twice the image size.`,
    );
  return { kind: 'volume', volume: { ...volume, grid } };
}

/** An acquired voxel: the input index of its slice, its 0-based row and column in that image. */
export interface AcquiredVoxel {
  slice: number;
  row: number;
  column: number;
}

/**
 * The acquired voxel nearest to a world (patient, mm) point, or undefined when the point lies outside the
 * volume (beyond half a voxel from its outer voxel centres).
 */
export function nearestAcquiredVoxel(volume: RegularVolume, world: Vec3): AcquiredVoxel | undefined {
  const d = dot(world, volume.normal);
  const { positions } = volume;
  const half = volume.sliceSpacing / 2;
  if (d < positions[0]! - half || d > positions[positions.length - 1]! + half) return undefined;
  let k = 0;
  for (let i = 1; i < positions.length; i++) if (Math.abs(positions[i]! - d) < Math.abs(positions[k]! - d)) k = i;
  const v = sub(world, volume.origins[k]!);
  const column = Math.round(dot(v, volume.rowDirection) / volume.columnSpacing);
  const row = Math.round(dot(v, volume.columnDirection) / volume.rowSpacing);
  if (column < 0 || row < 0 || column >= volume.columns || row >= volume.rows) return undefined;
  return { slice: volume.order[k]!, row, column };
}

/** The world (patient, mm) centre of an acquired voxel. */
export function acquiredVoxelCentre(volume: RegularVolume, voxel: AcquiredVoxel): Vec3 {
  const k = volume.order.indexOf(voxel.slice);
  const o = volume.origins[k]!;
  const c = voxel.column * volume.columnSpacing;
  const r = voxel.row * volume.rowSpacing;
  const { rowDirection: x, columnDirection: y } = volume;
  return [o[0] + c * x[0] + r * y[0], o[1] + c * x[1] + r * y[1], o[2] + c * x[2] + r * y[2]];
}
