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
