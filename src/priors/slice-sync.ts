export type Vec3 = readonly [number, number, number];

/** One image of a stack as far as scroll synchronisation cares. */
export interface SlicePlane {
  imagePositionPatient: readonly number[];
  imageOrientationPatient: readonly number[];
  frameOfReferenceUID?: string;
}

export function sliceNormal(iop: readonly number[]): Vec3 | undefined {
  if (iop.length !== 6 || iop.some((v) => !Number.isFinite(v))) return undefined;
  const [rx, ry, rz, cx, cy, cz] = iop as [number, number, number, number, number, number];
  const n: [number, number, number] = [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
  const len = Math.hypot(...n);
  return len > 0 ? [n[0] / len, n[1] / len, n[2] / len] : undefined;
}

/** Whether two normals describe the same plane orientation (either direction), within ~8°. */
export function parallel(a: Vec3, b: Vec3): boolean {
  return Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) > 0.99;
}

/** Position of each slice along `normal` (mm); undefined for a slice without position. */
export function positionsAlong(planes: readonly SlicePlane[], normal: Vec3): (number | undefined)[] {
  return planes.map((p) => {
    const ipp = p.imagePositionPatient;
    if (ipp.length !== 3 || ipp.some((v) => !Number.isFinite(v))) return undefined;
    return ipp[0]! * normal[0] + ipp[1]! * normal[1] + ipp[2]! * normal[2];
  });
}

/** Index of the slice whose position is nearest `target` (the lower index on a tie); -1 if none has one. */
export function nearestSliceIndex(positions: readonly (number | undefined)[], target: number): number {
  let best = -1;
  let bestDistance = Infinity;
  positions.forEach((p, i) => {
    if (p === undefined) return;
    const d = Math.abs(p - target);
    if (d < bestDistance - 1e-9) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}

/**
 * Two stacks prepared for scroll synchronisation: positions of both along the source's normal.
 * Undefined when the stacks cannot be compared slice by slice (no geometry, or not parallel).
 */
export interface SlicePairing {
  source: (number | undefined)[];
  target: (number | undefined)[];
  /** Same Frame of Reference: positions compare directly. Otherwise an offset must be aligned once. */
  sameFrameOfReference: boolean;
}

export function pairStacks(source: readonly SlicePlane[], target: readonly SlicePlane[]): SlicePairing | undefined {
  const ns = source[0] && sliceNormal(source[0].imageOrientationPatient);
  const nt = target[0] && sliceNormal(target[0].imageOrientationPatient);
  if (!ns || !nt || !parallel(ns, nt)) return undefined;
  const forS = source[0]!.frameOfReferenceUID;
  const forT = target[0]!.frameOfReferenceUID;
  return { source: positionsAlong(source, ns), target: positionsAlong(target, ns), sameFrameOfReference: !!forS && forS === forT };
}

/**
 * The offset that makes the two slices on screen correspond ("align"): source position minus target
 * position. Kept while scrolling, so the pair stays aligned.
 */
export function alignmentOffset(pairing: SlicePairing, sourceIndex: number, targetIndex: number): number | undefined {
  const s = pairing.source[sourceIndex];
  const t = pairing.target[targetIndex];
  return s === undefined || t === undefined ? undefined : s - t;
}

/** The target slice for a source slice: nearest to the source position minus the offset. -1 when unknown. */
export function syncedSliceIndex(pairing: SlicePairing, sourceIndex: number, offsetMm: number): number {
  const s = pairing.source[sourceIndex];
  return s === undefined ? -1 : nearestSliceIndex(pairing.target, s - offsetMm);
}

/** The source slice for a target slice (the reverse direction of syncedSliceIndex). -1 when unknown. */
export function sourceSliceIndex(pairing: SlicePairing, targetIndex: number, offsetMm: number): number {
  const t = pairing.target[targetIndex];
  return t === undefined ? -1 : nearestSliceIndex(pairing.source, t + offsetMm);
}

/**
 * The offset before the reader aligns: none within one Frame of Reference; otherwise the first images
 * of both stacks are taken to correspond (both scans usually start at the same landmark).
 */
export function initialOffset(pairing: SlicePairing): { offsetMm: number; by: 'frame-of-reference' | 'first-images' } | undefined {
  if (pairing.sameFrameOfReference) return { offsetMm: 0, by: 'frame-of-reference' };
  const offsetMm = alignmentOffset(pairing, 0, 0);
  return offsetMm === undefined ? undefined : { offsetMm, by: 'first-images' };
}
