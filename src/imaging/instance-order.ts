/** What ordering needs to know about an instance. */
export interface OrderableInstance {
  instanceNumber: number | undefined;
  imagePositionPatient: readonly number[] | undefined;
  imageOrientationPatient: readonly number[] | undefined;
}

function sliceNormal(iop: readonly number[]): [number, number, number] {
  const [rx = 0, ry = 0, rz = 0, cx = 0, cy = 0, cz = 0] = iop;
  return [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
}

function hasGeometry(i: OrderableInstance): boolean {
  return i.imagePositionPatient?.length === 3 && i.imageOrientationPatient?.length === 6;
}

/**
 * Orders a stack along the slice normal when every instance has geometry in one
 * orientation (scanner order can differ from Instance Number); otherwise by Instance Number.
 */
export function orderInstances<T extends OrderableInstance>(instances: readonly T[]): T[] {
  const first = instances[0];
  const sameOrientation =
    first !== undefined &&
    instances.every((i) => hasGeometry(i) && i.imageOrientationPatient!.every((v, k) => Math.abs(v - first.imageOrientationPatient![k]!) < 1e-4));
  if (sameOrientation && instances.length > 1) {
    const n = sliceNormal(first.imageOrientationPatient!);
    const distance = (i: T) => i.imagePositionPatient![0]! * n[0] + i.imagePositionPatient![1]! * n[1] + i.imagePositionPatient![2]! * n[2];
    // Highest position along the normal first: head-first axial stacks read from the top down.
    return [...instances].sort((a, b) => distance(b) - distance(a));
  }
  return [...instances].sort((a, b) => (a.instanceNumber ?? Infinity) - (b.instanceNumber ?? Infinity));
}
