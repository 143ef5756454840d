import { describe, expect, it } from 'vitest';
import { directionLetters, orientationMarkers, screenDirectionsFromIop, transformScreenDirections } from './orientation.ts';

const axial = screenDirectionsFromIop([1, 0, 0, 0, 1, 0])!;
const sagittal = screenDirectionsFromIop([0, 1, 0, 0, 0, -1])!;
const coronal = screenDirectionsFromIop([1, 0, 0, 0, 0, -1])!;

describe('orientation markers', () => {
  it('labels a standard axial image (patient right on screen left, anterior up)', () => {
    expect(orientationMarkers(axial.right, axial.down)).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });
  it('labels sagittal and coronal images', () => {
    expect(orientationMarkers(sagittal.right, sagittal.down)).toEqual({ left: 'A', right: 'P', top: 'H', bottom: 'F' });
    expect(orientationMarkers(coronal.right, coronal.down)).toEqual({ left: 'R', right: 'L', top: 'H', bottom: 'F' });
  });
  it('names oblique directions strongest first and ignores small tilts', () => {
    expect(directionLetters([0.6, 0, -0.8])).toBe('FL');
    expect(directionLetters([0.99, 0.05, 0])).toBe('L');
  });
  it('follows flips and clockwise rotation', () => {
    const flipped = transformScreenDirections(axial, { flipHorizontal: true });
    expect(orientationMarkers(flipped.right, flipped.down)).toEqual({ left: 'L', right: 'R', top: 'A', bottom: 'P' });
    const rotated = transformScreenDirections(axial, { rotation: 90 });
    // Turning the picture clockwise brings anterior (the top) to the right.
    expect(orientationMarkers(rotated.right, rotated.down)).toEqual({ left: 'P', right: 'A', top: 'R', bottom: 'L' });
    const full = transformScreenDirections(axial, { rotation: 360 });
    expect(orientationMarkers(full.right, full.down)).toEqual(orientationMarkers(axial.right, axial.down));
    const vflip = transformScreenDirections(axial, { flipVertical: true });
    expect(orientationMarkers(vflip.right, vflip.down)).toEqual({ left: 'R', right: 'L', top: 'P', bottom: 'A' });
  });
  it('gives nothing without a usable orientation', () => {
    expect(screenDirectionsFromIop([1, 0, 0])).toBeUndefined();
  });
});
