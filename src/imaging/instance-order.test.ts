import { describe, expect, it } from 'vitest';
import { orderInstances } from './instance-order.ts';

const axial = [1, 0, 0, 0, 1, 0];

describe('orderInstances', () => {
  it('orders an axial stack from head to feet whatever the instance numbers say', () => {
    const stack = [
      { id: 'low', instanceNumber: 1, imagePositionPatient: [0, 0, -10], imageOrientationPatient: axial },
      { id: 'high', instanceNumber: 2, imagePositionPatient: [0, 0, 10], imageOrientationPatient: axial },
      { id: 'mid', instanceNumber: 3, imagePositionPatient: [0, 0, 0], imageOrientationPatient: axial },
    ];
    expect(orderInstances(stack).map((i) => i.id)).toEqual(['high', 'mid', 'low']);
  });
  it('projects on the slice normal for oblique sagittal stacks', () => {
    const sagittal = [0, 1, 0, 0, 0, -1]; // normal = (-1, 0, 0)
    const stack = [
      { id: 'right', instanceNumber: 1, imagePositionPatient: [-20, 5, 3], imageOrientationPatient: sagittal },
      { id: 'left', instanceNumber: 2, imagePositionPatient: [20, 5, 3], imageOrientationPatient: sagittal },
    ];
    expect(orderInstances(stack).map((i) => i.id)).toEqual(['right', 'left']);
  });
  it('falls back to instance number without geometry or with mixed orientations', () => {
    const stack = [
      { id: 'b', instanceNumber: 2, imagePositionPatient: undefined, imageOrientationPatient: undefined },
      { id: 'a', instanceNumber: 1, imagePositionPatient: [0, 0, 0], imageOrientationPatient: axial },
      { id: 'c', instanceNumber: undefined, imagePositionPatient: undefined, imageOrientationPatient: undefined },
    ];
    expect(orderInstances(stack).map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });
});
