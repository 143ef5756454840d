import { describe, expect, it } from 'vitest';
import type { ImageDescriptor } from './image-descriptor.ts';
import { imagePlaneOf, isProjectionImage, localizerLine, pixelToPatient, slicePlaneOfView, type ImagePlane } from './localizer-line.ts';

const FOR = '1.2.3.4';

/** An axial slice at height z (LPS: rows along +y, columns along +x). */
const axial = (z: number, frameOfReferenceUID = FOR): ImagePlane => ({
  frameOfReferenceUID,
  position: [-179.296875, -179.296875, z],
  rowDirection: [1, 0, 0],
  columnDirection: [0, 1, 0],
  rowSpacing: 1.40625,
  columnSpacing: 1.40625,
  rows: 256,
  columns: 256,
});

/** A coronal scout: 320 columns along +x from x = −199.375, 256 rows downwards (−z) from z = 30, 1.25 mm. */
const scout: ImagePlane = {
  frameOfReferenceUID: FOR,
  position: [-199.375, 0, 30],
  rowDirection: [1, 0, 0],
  columnDirection: [0, 0, -1],
  rowSpacing: 1.25,
  columnSpacing: 1.25,
  rows: 256,
  columns: 320,
};

describe('localizerLine', () => {
  it.each([
    // row = (30 − z) / 1.25
    [-25, 44],
    [-220, 200],
    [30, 0],
    [-288.75, 255],
    [-100.5, 104.4],
  ])('an axial slice at z = %d crosses the coronal scout along row %d, edge to edge', (z, row) => {
    const line = localizerLine(axial(z), scout)!;
    expect(line.from.column).toBe(-0.5);
    expect(line.to.column).toBe(319.5);
    expect(line.from.row).toBeCloseTo(row, 9);
    expect(line.to.row).toBeCloseTo(row, 9);
  });

  it('moves one slice step (5 mm = 4 rows) when the axial slice moves', () => {
    const a = localizerLine(axial(-25), scout)!;
    const b = localizerLine(axial(-30), scout)!;
    expect(b.from.row - a.from.row).toBeCloseTo(4, 9);
  });

  it('draws nothing when the slice lies above or below the scout', () => {
    expect(localizerLine(axial(40), scout)).toBeUndefined();
    expect(localizerLine(axial(-300), scout)).toBeUndefined();
    // The edge of the outer row is still on the image.
    expect(localizerLine(axial(30.625), scout)?.from.row).toBeCloseTo(-0.5, 9);
  });

  it('never draws across frames of reference', () => {
    expect(localizerLine(axial(-25, '9.9.9'), scout)).toBeUndefined();
  });

  it('draws nothing for parallel planes', () => {
    expect(localizerLine(axial(-25), axial(-30))).toBeUndefined();
    expect(localizerLine(scout, { ...scout, position: [-199.375, 20, 30] })).toBeUndefined();
  });

  it('a sagittal slice at x = 10 crosses the scout along column 167.5, top to bottom', () => {
    const sagittal: ImagePlane = { ...scout, position: [10, -120, 100], rowDirection: [0, 1, 0], columnDirection: [0, 0, -1] };
    expect(localizerLine(sagittal, scout)).toEqual({ from: { column: 167.5, row: -0.5 }, to: { column: 167.5, row: 255.5 } });
  });

  it('an oblique slice (x + y = 10) crosses an 11 × 11 axial image corner to corner', () => {
    const target: ImagePlane = {
      frameOfReferenceUID: FOR,
      position: [0, 0, 0],
      rowDirection: [1, 0, 0],
      columnDirection: [0, 1, 0],
      rowSpacing: 1,
      columnSpacing: 1,
      rows: 11,
      columns: 11,
    };
    const s = Math.SQRT1_2;
    const oblique: ImagePlane = { ...target, position: [5, 5, 0], rowDirection: [s, -s, 0], columnDirection: [0, 0, 1] };
    const line = localizerLine(oblique, target)!;
    expect(line.from.column).toBeCloseTo(-0.5, 9);
    expect(line.from.row).toBeCloseTo(10.5, 9);
    expect(line.to.column).toBeCloseTo(10.5, 9);
    expect(line.to.row).toBeCloseTo(-0.5, 9);
    // Touching one corner only is no line.
    expect(localizerLine({ ...oblique, position: [-0.5, -0.5, 0] }, target)).toBeUndefined();
  });

  it('uses the row and column spacings of the target separately', () => {
    const target: ImagePlane = { ...scout, rowSpacing: 2, columnSpacing: 1, position: [-100, 0, 0] };
    const line = localizerLine(axial(-10), target)!;
    expect(line.from).toEqual({ column: -0.5, row: 5 });
    expect(line.to).toEqual({ column: 319.5, row: 5 });
    // The end points lie on the slice's plane.
    expect(pixelToPatient(target, line.from)[2]).toBeCloseTo(-10, 9);
    expect(pixelToPatient(target, line.to)).toEqual([219.5, 0, -10]);
  });
});

const descriptor = (patch: Partial<ImageDescriptor>): ImageDescriptor => ({
  frameNumber: 1,
  spacing: { kind: 'none' },
  windows: [],
  frameOfReferenceUID: FOR,
  imagePositionPatient: [-199.375, 0, 30],
  imageOrientationPatient: [1, 0, 0, 0, 0, -1],
  pixelSpacing: [1.25, 1.25],
  rows: 256,
  columns: 320,
  ...patch,
});

describe('slicePlaneOfView', () => {
  it('an axial MPR plane through z = −25 crosses the scout along row 44, as the acquired slice there does, whichever way it looks', () => {
    const fromFeet = slicePlaneOfView(FOR, { focalPoint: [12, -30, -25], viewUp: [0, -1, 0], viewPlaneNormal: [0, 0, -1] })!;
    const fromHead = slicePlaneOfView(FOR, { focalPoint: [0, 0, -25], viewUp: [0, 1, 0], viewPlaneNormal: [0, 0, 1] })!;
    expect(localizerLine(fromFeet, scout)).toEqual(localizerLine(axial(-25), scout));
    expect(localizerLine(fromHead, scout)).toEqual({ from: { column: -0.5, row: 44 }, to: { column: 319.5, row: 44 } });
  });

  it('a sagittal MPR plane through x = 10 crosses the scout along column 167.5; a coronal one, parallel to it, not at all', () => {
    const sagittal = slicePlaneOfView(FOR, { focalPoint: [10, 5, -40], viewUp: [0, 0, 1], viewPlaneNormal: [1, 0, 0] })!;
    expect(localizerLine(sagittal, scout)).toEqual({ from: { column: 167.5, row: -0.5 }, to: { column: 167.5, row: 255.5 } });
    const coronal = slicePlaneOfView(FOR, { focalPoint: [10, 5, -40], viewUp: [0, 0, 1], viewPlaneNormal: [0, 1, 0] })!;
    expect(localizerLine(coronal, scout)).toBeUndefined();
  });

  it('an oblique plane is the plane its camera shows; the rest of the frame of reference is the series', () => {
    const s = Math.SQRT1_2;
    const oblique = slicePlaneOfView(FOR, { focalPoint: [5, 5, 0], viewUp: [0, 0, 1], viewPlaneNormal: [s, s, 0] })!;
    expect(oblique.frameOfReferenceUID).toBe(FOR);
    expect(Math.abs(oblique.rowDirection[0] * s + oblique.rowDirection[1] * s)).toBeLessThan(1e-12);
    expect(localizerLine(oblique, { ...scout, frameOfReferenceUID: '9.9' })).toBeUndefined();
  });

  it('is undefined without a frame of reference or a usable direction', () => {
    expect(slicePlaneOfView('', { focalPoint: [0, 0, 0], viewUp: [0, 1, 0], viewPlaneNormal: [0, 0, 1] })).toBeUndefined();
    expect(slicePlaneOfView(FOR, { focalPoint: [0, 0, 0], viewUp: [0, 0, 1], viewPlaneNormal: [0, 0, 1] })).toBeUndefined();
    expect(slicePlaneOfView(FOR, { focalPoint: [0, 0, 0], viewUp: [0, 0, 0], viewPlaneNormal: [0, 0, 1] })).toBeUndefined();
  });
});

describe('imagePlaneOf', () => {
  it('reads the plane of a header', () => {
    expect(imagePlaneOf(descriptor({}))).toEqual(scout);
  });

  it.each([
    ['no frame of reference', { frameOfReferenceUID: undefined }],
    ['no position', { imagePositionPatient: undefined }],
    ['no orientation', { imageOrientationPatient: undefined }],
    ['no Pixel Spacing (a radiograph with Imager Pixel Spacing only)', { pixelSpacing: undefined }],
    ['directions that are not unit vectors', { imageOrientationPatient: [2, 0, 0, 0, 0, -1] as const }],
    ['directions that are not orthogonal', { imageOrientationPatient: [1, 0, 0, 1, 0, 0] as const }],
    ['a zero spacing', { pixelSpacing: [0, 1.25] as const }],
  ])('gives nothing with %s', (_name, patch) => {
    expect(imagePlaneOf(descriptor(patch as Partial<ImageDescriptor>))).toBeUndefined();
  });
});

describe('isProjectionImage', () => {
  it.each([
    [{ modality: 'CT', imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'] }, true],
    [{ modality: 'MR', imageType: ['ORIGINAL', 'PRIMARY', 'localizer'] }, true],
    [{ modality: 'CR', imageType: [] }, true],
    [{ modality: 'DX', imageType: ['ORIGINAL', 'PRIMARY'] }, true],
    [{ modality: 'CT', imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'] }, false],
    [{ modality: 'MR', imageType: undefined }, false],
  ])('%j → %s', (patch, expected) => {
    expect(isProjectionImage(descriptor(patch))).toBe(expected);
  });
});
