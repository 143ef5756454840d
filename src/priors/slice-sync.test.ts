import { describe, expect, it } from 'vitest';
import {
  alignmentOffset,
  initialOffset,
  nearestSliceIndex,
  pairStacks,
  sliceNormal,
  sourceSliceIndex,
  syncedSliceIndex,
  type SlicePlane,
} from './slice-sync.ts';

const AXIAL = [1, 0, 0, 0, 1, 0];
function stack(firstZ: number, step: number, count: number, frameOfReferenceUID = 'for-1', iop = AXIAL): SlicePlane[] {
  return Array.from({ length: count }, (_, i) => ({
    imagePositionPatient: [-180, -180, firstZ + i * step],
    imageOrientationPatient: iop,
    frameOfReferenceUID,
  }));
}

describe('scroll synchronisation by anatomical position', () => {
  it('finds the nearest slice, the lower index on a tie', () => {
    expect(nearestSliceIndex([0, 5, 10], 7.4)).toBe(1);
    expect(nearestSliceIndex([0, 5, 10], 7.5)).toBe(1);
    expect(nearestSliceIndex([0, 5, 10], 7.6)).toBe(2);
    expect(nearestSliceIndex([undefined, undefined], 1)).toBe(-1);
    expect(nearestSliceIndex([10, 5, 0], -100)).toBe(2);
  });

  it('compares positions directly within one Frame of Reference', () => {
    const pairing = pairStacks(stack(-30, -1.25, 220), stack(-20, -5, 40))!;
    expect(pairing.sameFrameOfReference).toBe(true);
    // Slice 40 of the current lies at z = −80; the 5 mm stack has z = −80 at index 12.
    expect(syncedSliceIndex(pairing, 40, 0)).toBe(12);
    // z = −82.5 lies between −80 (12) and −85 (13): the nearer-or-lower one.
    expect(syncedSliceIndex(pairing, 42, 0)).toBe(12);
  });

  it('keeps the offset aligned once when the Frames of Reference differ', () => {
    const current = stack(-30, -1.25, 220, 'for-current');
    const prior = stack(-22, -1.25, 200, 'for-prior');
    const pairing = pairStacks(current, prior)!;
    expect(pairing.sameFrameOfReference).toBe(false);
    const offset = alignmentOffset(pairing, 0, 0)!;
    expect(offset).toBeCloseTo(-8);
    for (const n of [1, 10, 57, 199]) expect(syncedSliceIndex(pairing, n, offset)).toBe(n);
    // Beyond the prior's last slice the nearest is its last one.
    expect(syncedSliceIndex(pairing, 219, offset)).toBe(199);
    // Aligned at other slices (current 10 ↔ prior 20): the pair keeps a 10-slice lag.
    const shifted = alignmentOffset(pairing, 10, 20)!;
    expect(syncedSliceIndex(pairing, 30, shifted)).toBe(40);
    expect(sourceSliceIndex(pairing, 40, shifted)).toBe(30);
    expect(initialOffset(pairing)).toEqual({ offsetMm: offset, by: 'first-images' });
    expect(initialOffset(pairStacks(current, current)!)).toEqual({ offsetMm: 0, by: 'frame-of-reference' });
  });

  it('maps a thin stack onto a thick one and back to the nearest slices', () => {
    const pairing = pairStacks(stack(-30, -1.25, 220, 'a'), stack(-25, -5, 40, 'b'))!;
    const { offsetMm } = initialOffset(pairing)!;
    // Current 30 lies 37.5 mm below its first slice: 7.5 slices of 5 mm → 7 (tie goes to the lower index).
    expect(syncedSliceIndex(pairing, 30, offsetMm)).toBe(7);
    expect(syncedSliceIndex(pairing, 31, offsetMm)).toBe(8);
    expect(sourceSliceIndex(pairing, 8, offsetMm)).toBe(32);
  });

  it('measures along the normal, whatever the stack order', () => {
    const feetFirst = stack(-300, 2.5, 100);
    const pairing = pairStacks(stack(-30, -1.25, 220), feetFirst)!;
    // z = −55 (current 20) is index 98 of the stack from −300 upward.
    expect(syncedSliceIndex(pairing, 20, 0)).toBe(98);
  });

  it('does not pair stacks in different planes', () => {
    expect(pairStacks(stack(0, 1, 3), stack(0, 1, 3, 'for-1', [1, 0, 0, 0, 0, -1]))).toBeUndefined();
    expect(sliceNormal([1, 0, 0, 0, 1, 0])).toEqual([0, 0, 1]);
  });
});
