import { describe, expect, it } from 'vitest';
import { gridSliceOrigin } from './volume-grid.ts';
import { acquiredVoxelCentre, assessVolume, nearestAcquiredVoxel, type RegularVolume, type SliceGeometry } from './volume-geometry.ts';

const AXIAL = [1, 0, 0, 0, 1, 0] as const;

/** An axial CT stack, head first (stack order: highest z first), as the sample chest is. */
function axialStack(count: number, opts: { zStep?: number; skip?: number[]; shearY?: number; modality?: string } = {}): SliceGeometry[] {
  const { zStep = -1.25, skip = [], shearY = 0, modality = 'CT' } = opts;
  return Array.from({ length: count }, (_, i) => i)
    .filter((i) => !skip.includes(i))
    .map((i) => ({
      modality,
      rows: 512,
      columns: 512,
      pixelSpacing: [0.703125, 0.703125] as const,
      imagePositionPatient: [-179.6, -179.6 + i * shearY, -30 + i * zStep] as const,
      imageOrientationPatient: AXIAL,
      frameOfReferenceUID: '1.2.3',
      instanceNumber: i + 1,
    }));
}

function volumeOf(slices: SliceGeometry[]): RegularVolume {
  const a = assessVolume(slices);
  if (a.kind !== 'volume') throw new Error(a.reason);
  return a.volume;
}

describe('assessVolume', () => {
  it('accepts an evenly spaced axial CT and orders it along the normal', () => {
    const v = volumeOf(axialStack(220));
    expect(v.order[0]).toBe(219);
    expect(v.order.at(-1)).toBe(0);
    expect(v.sliceSpacing).toBeCloseTo(1.25);
    expect(v.normal).toEqual([0, 0, 1]);
    expect([v.rows, v.columns, v.rowSpacing, v.columnSpacing]).toEqual([512, 512, 0.703125, 0.703125]);
  });

  it('refuses projection modalities and says so', () => {
    const a = assessVolume([{ modality: 'DX', rows: 3000, columns: 2500 }]);
    expect(a).toEqual({ kind: 'refused', reason: expect.stringMatching(/DX images are projections/) as unknown });
    expect(assessVolume(axialStack(30, { modality: 'US' }))).toMatchObject({ reason: expect.stringMatching(/US/) as unknown });
  });

  it('refuses too few slices', () => {
    expect(assessVolume(axialStack(4))).toMatchObject({ kind: 'refused', reason: 'MPR needs at least 10 slices; this series has 4.' });
  });

  it('refuses a missing slice, naming the gap and its neighbours', () => {
    const a = assessVolume(axialStack(40, { zStep: -5, skip: [17] }));
    expect(a).toMatchObject({
      kind: 'refused',
      reason: 'Slices are missing: a gap of 10 mm between instance 19 and instance 17, where the slices are 5 mm apart.',
    });
  });

  it('puts an unevenly spaced series on an even grid, but takes rounding noise as even', () => {
    // 5 mm steps, then 5.3 mm from the tenth slice on.
    const uneven = axialStack(20, { zStep: -5 }).map((s, i) =>
      i >= 10
        ? { ...s, imagePositionPatient: [s.imagePositionPatient![0], s.imagePositionPatient![1], s.imagePositionPatient![2] - (i - 9) * 0.3] as const }
        : s,
    );
    const v = volumeOf(uneven);
    expect(v.grid?.acquiredSpacing?.low).toBeCloseTo(5, 9);
    expect(v.grid?.acquiredSpacing?.high).toBeCloseTo(5.3, 9);
    expect(v.grid?.tiltDegrees).toBeUndefined();
    // 9 × 5 + 10 × 5.3 = 98 mm from the first slice to the last at about 5 mm: 20 intervals of 4.9 mm.
    expect(v.grid?.slices).toHaveLength(21);
    expect(v.grid?.sliceSpacing).toBeCloseTo(98 / 20, 9);
    expect(v.grid?.offsets.every((o) => o.column === 0 && o.row === 0)).toBe(true);
    expect(v.grid).toMatchObject({ rows: 512, columns: 512 });
    const noisy = axialStack(20, { zStep: -5 }).map((s, i) => ({
      ...s,
      imagePositionPatient: [s.imagePositionPatient![0], s.imagePositionPatient![1], s.imagePositionPatient![2] + (i % 2) * 0.004] as const,
    }));
    expect(volumeOf(noisy).grid).toBeUndefined();
  });

  it('takes a gantry tilt as a sheared volume, placing each slice on an orthogonal grid that holds it whole', () => {
    // 5 mm slices whose origin moves 0.44 mm in y per slice: a 5° tilt.
    const shear = 5 * Math.tan((5 * Math.PI) / 180);
    const v = volumeOf(axialStack(30, { zStep: 5, shearY: shear }));
    expect(v.grid?.tiltDegrees).toBeCloseTo(5, 6);
    expect(v.grid?.offsets[0]).toEqual({ column: 0, row: 0 });
    expect(v.grid?.offsets[29]?.row).toBeCloseTo((29 * shear) / 0.703125, 6);
    expect(v.grid?.offsets[29]?.column).toBeCloseTo(0, 9);
    // 29 × 0.437 mm = 12.7 mm = 18.05 pixels more rows; the columns as they were.
    expect(v.grid).toMatchObject({ rows: 512 + 19, columns: 512 });
    // The grid's slices lie along the normal through the first slice's origin.
    for (const k of [0, 10, 29]) {
      const g = gridSliceOrigin(v, v.grid!, k);
      expect(g[0]).toBeCloseTo(-179.6, 9);
      expect(g[1]).toBeCloseTo(-179.6, 9);
      expect(g[2]).toBeCloseTo(-30 + k * 5, 9);
    }
    // The acquired voxels keep their own positions: the readout still names them.
    const centre = acquiredVoxelCentre(v, { slice: 29, row: 100, column: 50 });
    expect(centre[1]).toBeCloseTo(-179.6 + 29 * shear + 100 * 0.703125, 9);
    expect(nearestAcquiredVoxel(v, centre)).toEqual({ slice: 29, row: 100, column: 50 });
  });

  it('orders the grid by the slices along the normal whichever way they were stored, tilted the other way', () => {
    // Head first (z falling) and the origin moving up in y: the lowest slice is shifted most, the grid starts there.
    const v = volumeOf(axialStack(20, { zStep: -2, shearY: -0.5 }));
    expect(v.order[0]).toBe(19);
    expect(v.grid?.offsets[0]?.row).toBeCloseTo(0, 9);
    expect(v.grid?.offsets[19]?.row).toBeCloseTo((19 * 0.5) / 0.703125, 9);
    expect(v.grid?.tiltDegrees).toBeCloseTo((Math.atan(0.25) * 180) / Math.PI, 6);
  });

  it('leaves a stack along its normal as it is, and refuses shears beyond a gantry tilt', () => {
    expect(volumeOf(axialStack(20)).grid).toBeUndefined();
    // Origins drifting 0.019 mm over the series (rounding in the header): 0.03 pixel, nothing to resample.
    expect(volumeOf(axialStack(20, { shearY: 0.001 })).grid).toBeUndefined();
    expect(assessVolume(axialStack(20, { zStep: 1, shearY: 2 }))).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/sheared by 63.4°/) as unknown,
    });
    // 30° over 300 slices of 5 mm: 866 mm of shift, more than the image again.
    expect(assessVolume(axialStack(300, { zStep: 5, shearY: 5 * Math.tan(Math.PI / 6) }))).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/gantry tilt of 30° over so long a range/) as unknown,
    });
  });

  it('refuses mixed orientations, sizes, missing geometry and duplicates', () => {
    const mixed = axialStack(12);
    mixed[5] = { ...mixed[5]!, imageOrientationPatient: [1, 0, 0, 0, 0, -1] };
    expect(assessVolume(mixed)).toMatchObject({ reason: expect.stringMatching(/mixed orientations/) as unknown });
    const sizes = axialStack(12);
    sizes[3] = { ...sizes[3]!, rows: 256 };
    expect(assessVolume(sizes)).toMatchObject({ reason: expect.stringMatching(/different sizes/) as unknown });
    const bare = axialStack(12);
    bare[2] = { ...bare[2]!, pixelSpacing: undefined };
    expect(assessVolume(bare)).toMatchObject({ reason: expect.stringMatching(/instance 3 lacks/) as unknown });
    const twice = [...axialStack(12), { ...axialStack(12)[4]!, instanceNumber: 99 }];
    expect(assessVolume(twice)).toMatchObject({ reason: expect.stringMatching(/same position/) as unknown });
  });
});

describe('nearestAcquiredVoxel', () => {
  const volume = volumeOf(axialStack(220));

  it('maps a voxel centre to itself, and a point near it to the same voxel', () => {
    const voxel = { slice: 104, row: 220, column: 142 };
    const centre = acquiredVoxelCentre(volume, voxel);
    expect(centre[0]).toBeCloseTo(-179.6 + 142 * 0.703125);
    expect(centre[1]).toBeCloseTo(-179.6 + 220 * 0.703125);
    expect(centre[2]).toBeCloseTo(-30 - 104 * 1.25);
    expect(nearestAcquiredVoxel(volume, centre)).toEqual(voxel);
    expect(nearestAcquiredVoxel(volume, [centre[0] + 0.34, centre[1] - 0.34, centre[2] + 0.6])).toEqual(voxel);
    expect(nearestAcquiredVoxel(volume, [centre[0] + 0.36, centre[1], centre[2] - 0.63])).toEqual({ slice: 105, row: 220, column: 143 });
  });

  it('is undefined outside the volume', () => {
    const corner = acquiredVoxelCentre(volume, { slice: 0, row: 0, column: 0 });
    expect(nearestAcquiredVoxel(volume, corner)).toEqual({ slice: 0, row: 0, column: 0 });
    expect(nearestAcquiredVoxel(volume, [corner[0] - 1, corner[1], corner[2]])).toBeUndefined();
    expect(nearestAcquiredVoxel(volume, [corner[0], corner[1], corner[2] + 1])).toBeUndefined();
  });

  it('names the nearest acquired voxel of points on an oblique reformat plane (a rotated crosshair plane)', () => {
    // A plane through the nodule's voxel, turned 30° about the table axis and tilted 20° out of it: its points
    // fall between voxel centres; the readout must name the voxel whose centre is nearest, found here by search.
    const through = acquiredVoxelCentre(volume, { slice: 104, row: 220, column: 142 });
    const [a, b] = [(30 * Math.PI) / 180, (20 * Math.PI) / 180];
    const u = [Math.cos(a), Math.sin(a), 0];
    const w = [-Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), Math.sin(b)];
    let checked = 0;
    for (let i = -12; i <= 12; i++) {
      for (let j = -12; j <= 12; j++) {
        const [s, t] = [i * 0.61, j * 0.83];
        const p = [0, 1, 2].map((k) => through[k]! + s * u[k]! + t * w[k]!) as [number, number, number];
        const named = nearestAcquiredVoxel(volume, p)!;
        const distance = (v: { slice: number; row: number; column: number }) => {
          const c = acquiredVoxelCentre(volume, v);
          return Math.hypot(c[0] - p[0], c[1] - p[1], c[2] - p[2]);
        };
        let best = named;
        for (let ds = -1; ds <= 1; ds++)
          for (let dr = -1; dr <= 1; dr++)
            for (let dc = -1; dc <= 1; dc++) {
              const v = { slice: named.slice + ds, row: named.row + dr, column: named.column + dc };
              if (distance(v) < distance(best) - 1e-9) best = v;
            }
        expect(named, `point ${i}, ${j} of the oblique plane`).toEqual(best);
        // Never farther than half a voxel along any axis.
        expect(distance(named)).toBeLessThanOrEqual(Math.hypot(0.703125 / 2, 0.703125 / 2, 1.25 / 2) + 1e-9);
        checked++;
      }
    }
    expect(checked).toBe(625);
  });

  it('follows an oblique orientation', () => {
    const c = Math.SQRT1_2;
    const oblique: SliceGeometry[] = axialStack(12).map((s, i) => ({
      ...s,
      imageOrientationPatient: [c, c, 0, 0, 0, -1],
      imagePositionPatient: [i * c * 2, -i * c * 2, 0],
    }));
    const v = volumeOf(oblique);
    const voxel = { slice: 7, row: 10, column: 20 };
    expect(nearestAcquiredVoxel(v, acquiredVoxelCentre(v, voxel))).toEqual(voxel);
  });
});
