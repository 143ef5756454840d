import { describe, expect, it } from 'vitest';
import {
  FILL_DRAW_TIME_SHARE,
  MAX_FILL_DRAW_INTERVAL_MS,
  MIN_FILL_DRAW_INTERVAL_MS,
  nextFillDrawAt,
  nextFillPlane,
  planeShowsSlice,
  type PlaneView,
} from './volume-fill-drawing.ts';
import type { Vec3 } from './orientation.ts';

// Axial CT slices: normal +z (feet to head), 1.25 mm apart.
const normal: Vec3 = [0, 0, 1];
const spacing = 1.25;
const axialAt = (z: number, slabMm = 0): PlaneView => ({ normal: [0, 0, -1], point: [10, -20, z], slabMm });

describe('planeShowsSlice', () => {
  it('an axial plane shows the slice it passes through and the nearest ones, not the others', () => {
    expect(planeShowsSlice(axialAt(-100), normal, -100, spacing)).toBe(true);
    expect(planeShowsSlice(axialAt(-100), normal, -100.6, spacing)).toBe(true);
    expect(planeShowsSlice(axialAt(-100), normal, -98.75, spacing)).toBe(false);
    expect(planeShowsSlice(axialAt(-100), normal, 50, spacing)).toBe(false);
  });

  it('a slab shows every slice within it', () => {
    expect(planeShowsSlice(axialAt(-100, 10), normal, -95.5, spacing)).toBe(true);
    expect(planeShowsSlice(axialAt(-100, 10), normal, -104.5, spacing)).toBe(true);
    expect(planeShowsSlice(axialAt(-100, 10), normal, -93, spacing)).toBe(false);
  });

  it('coronal, sagittal and oblique planes cross every slice', () => {
    const coronal: PlaneView = { normal: [0, -1, 0], point: [0, 0, 0], slabMm: 0 };
    const sagittal: PlaneView = { normal: [1, 0, 0], point: [0, 0, 0], slabMm: 0 };
    const tilted = Math.sin((5 * Math.PI) / 180);
    const oblique: PlaneView = { normal: [0, tilted, Math.cos((5 * Math.PI) / 180)], point: [0, 0, 0], slabMm: 0 };
    for (const plane of [coronal, sagittal, oblique]) expect(planeShowsSlice(plane, normal, 300, spacing)).toBe(true);
  });

  it('reads a plane whose normal is not of unit length', () => {
    expect(planeShowsSlice({ normal: [0, 0, 2], point: [0, 0, 0], slabMm: 0 }, normal, 40, spacing)).toBe(false);
  });
});

describe('nextFillDrawAt', () => {
  it('waits at least the minimum interval after a cheap or unmeasured draw', () => {
    expect(nextFillDrawAt(1000, undefined)).toBe(1000 + MIN_FILL_DRAW_INTERVAL_MS);
    expect(nextFillDrawAt(1000, 5)).toBe(1000 + MIN_FILL_DRAW_INTERVAL_MS);
  });

  it('spaces costly draws so that they take their share of the time at most', () => {
    expect(nextFillDrawAt(1000, 150)).toBe(1000 + 150 * FILL_DRAW_TIME_SHARE);
  });

  it('draws at least once per MAX_FILL_DRAW_INTERVAL_MS however slow a draw is', () => {
    expect(nextFillDrawAt(1000, 900)).toBe(1000 + MAX_FILL_DRAW_INTERVAL_MS);
  });
});

describe('nextFillPlane', () => {
  it('takes the waiting plane drawn longest ago, one at a time', () => {
    const lastDrawnAt = { axial: 100, coronal: 300, sagittal: 200 };
    expect(nextFillPlane(['coronal', 'sagittal'], lastDrawnAt)).toBe('sagittal');
    expect(nextFillPlane(['coronal'], lastDrawnAt)).toBe('coronal');
    expect(nextFillPlane(['axial', 'coronal', 'sagittal'], lastDrawnAt)).toBe('axial');
  });

  it('draws none when no plane waits', () => {
    expect(nextFillPlane([], { axial: 0, coronal: 0, sagittal: 0 })).toBeUndefined();
  });
});
