import type { PlaneGrid } from './phantoms/raster.ts';

export type Vec3 = readonly [number, number, number];

/**
 * An axial stack in the patient coordinate system (LPS): rows run along +y (posterior),
 * columns along +x (patient left), Image Orientation 1\0\0\0\1\0. Slice i lies at
 * z = origin.z + i·zStep, so a negative step orders slices head to feet.
 */
export interface AxialStack {
  rows: number;
  columns: number;
  /** In-plane spacing (square pixels), mm. */
  pixelSpacing: number;
  /** Signed distance between consecutive slice centres, mm. */
  zStep: number;
  sliceThickness: number;
  count: number;
  /** Image Position (Patient) of slice 0: the centre of its first pixel. */
  origin: Vec3;
}

/** A stack centred on x = y = 0 whose first slice lies at `firstZ`. */
export function centredStack(opts: Omit<AxialStack, 'origin'> & { firstZ: number }): AxialStack {
  const { firstZ, ...rest } = opts;
  const x0 = -((opts.columns - 1) / 2) * opts.pixelSpacing;
  const y0 = -((opts.rows - 1) / 2) * opts.pixelSpacing;
  return { ...rest, origin: [x0, y0, firstZ] };
}

export function slicePosition(stack: AxialStack, index: number): Vec3 {
  return [stack.origin[0], stack.origin[1], stack.origin[2] + index * stack.zStep];
}

/** World coordinates (mm) of the centre of one voxel. */
export function voxelCentre(stack: AxialStack, index: number, row: number, column: number): Vec3 {
  const [x0, y0, z] = slicePosition(stack, index);
  return [x0 + column * stack.pixelSpacing, y0 + row * stack.pixelSpacing, z];
}

export interface Voxel {
  index: number;
  row: number;
  column: number;
}

/** The voxel whose centre is nearest to a world point (not clamped to the stack). */
export function nearestVoxel(stack: AxialStack, point: Vec3): Voxel {
  return {
    index: Math.round((point[2] - stack.origin[2]) / stack.zStep),
    row: Math.round((point[1] - stack.origin[1]) / stack.pixelSpacing),
    column: Math.round((point[0] - stack.origin[0]) / stack.pixelSpacing),
  };
}

export const AXIAL_ORIENTATION = [1, 0, 0, 0, 1, 0] as const;

/** The in-plane pixel grid shared by all slices of the stack. */
export function planeGrid(stack: AxialStack): PlaneGrid {
  return { rows: stack.rows, columns: stack.columns, x0: stack.origin[0], y0: stack.origin[1], spacing: stack.pixelSpacing };
}

/** Image Orientation of a coronal image seen from the front: columns along +x (patient left), rows towards the feet. */
export const CORONAL_ORIENTATION = [1, 0, 0, 0, 0, -1] as const;

/**
 * A projection scout (CT localizer) drawn as a coronal image: pixel (row, column) has its centre at
 * (origin.x + column·spacing, origin.y, origin.z − row·spacing), so an axial slice at height z crosses
 * it along row (origin.z − z) / spacing.
 */
export interface CoronalScout {
  rows: number;
  columns: number;
  /** Square pixels, mm. */
  pixelSpacing: number;
  /** Image Position (Patient): the centre of the top-left pixel; its y is the plane the image is said to lie in. */
  origin: Vec3;
  /** The anterior–posterior extent the projection sums over, mm. */
  depth: { yMin: number; yMax: number };
}

/** A scout centred on x = 0 in the plane y = 0, whose top row lies at `topZ`. */
export function centredScout(opts: { rows: number; columns: number; pixelSpacing: number; topZ: number; depth: CoronalScout['depth'] }): CoronalScout {
  return { ...opts, origin: [-((opts.columns - 1) / 2) * opts.pixelSpacing, 0, opts.topZ] };
}

/** The (fractional) row of the scout on which the axial plane at height z lies. */
export function scoutRowAt(scout: CoronalScout, z: number): number {
  return (scout.origin[2] - z) / scout.pixelSpacing;
}
