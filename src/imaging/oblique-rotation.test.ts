import { describe, expect, it } from 'vitest';
import type { Vec3 } from './orientation.ts';
import {
  ROTATION_STEP_DEGREES,
  angleBetweenPlanes,
  obliquityText,
  planesMeet,
  rotateCamera,
  rotatePoint,
  rotateVector,
  type PlaneCamera,
} from './oblique-rotation.ts';

// Cornerstone's orthogonal MPR cameras (MPR_CAMERA_VALUES): normals towards the eye, LPS patient axes.
const AXIAL_NORMAL: Vec3 = [0, 0, -1];
const CORONAL_NORMAL: Vec3 = [0, -1, 0];
const SAGITTAL_NORMAL: Vec3 = [1, 0, 0];

const centre: Vec3 = [12.5, -40, 103.75];
const coronal: PlaneCamera = {
  focalPoint: [30, -40, 90],
  position: [30, -540, 90],
  viewPlaneNormal: CORONAL_NORMAL,
  viewUp: [0, 0, 1],
};

function expectClose(actual: Vec3, expected: Vec3, digits = 9): void {
  for (const k of [0, 1, 2]) expect(actual[k]).toBeCloseTo(expected[k]!, digits);
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

function turnedBySteps(camera: PlaneCamera, axis: Vec3, steps: number, direction: 1 | -1): PlaneCamera {
  let c = camera;
  for (let i = 0; i < steps; i++) c = rotateCamera(c, axis, centre, direction * ROTATION_STEP_DEGREES);
  return c;
}

describe('rotateVector', () => {
  it('turns counter-clockwise about the axis for positive angles (right-handed)', () => {
    expectClose(rotateVector([1, 0, 0], [0, 0, 1], 90), [0, 1, 0]);
    expectClose(rotateVector([0, 1, 0], [0, 0, 1], 90), [-1, 0, 0]);
    expectClose(rotateVector([1, 0, 0], [0, 0, 1], -90), [0, -1, 0]);
  });

  it('leaves the axis itself, and vectors along it, unchanged; the axis need not be of unit length', () => {
    expectClose(rotateVector([0, 0, 3], [0, 0, 2], 37), [0, 0, 3]);
    expectClose(rotateVector([2, 0, 0], [0, 0, 7], 180), [-2, 0, 0]);
  });

  it('keeps lengths and angles (an arbitrary axis)', () => {
    const axis: Vec3 = [1, 2, -2];
    const a: Vec3 = [3, -1, 4];
    const b: Vec3 = [-2, 5, 0.5];
    const [ra, rb] = [rotateVector(a, axis, 23), rotateVector(b, axis, 23)];
    expect(Math.hypot(...ra)).toBeCloseTo(Math.hypot(...a), 10);
    expect(dot(ra, rb)).toBeCloseTo(dot(a, b), 10);
  });

  it('refuses an axis without a direction', () => {
    expect(() => rotateVector([1, 0, 0], [0, 0, 0], 5)).toThrow(RangeError);
  });
});

describe('rotateCamera about the axial normal through the crosshairs’ centre', () => {
  it('turns the coronal plane onto the sagittal one in 18 steps of 5° clockwise (the ] key in the axial plane)', () => {
    const turned = turnedBySteps(coronal, AXIAL_NORMAL, 18, -1);
    expectClose(turned.viewPlaneNormal, SAGITTAL_NORMAL);
    expect(angleBetweenPlanes(turned.viewPlaneNormal, SAGITTAL_NORMAL)).toBeLessThan(1e-6);
    // Screen up stays the patient's head: the turn is about the table's axis.
    expectClose(turned.viewUp, [0, 0, 1]);
  });

  it('comes back to where it started when turned back as many steps', () => {
    const back = turnedBySteps(turnedBySteps(coronal, AXIAL_NORMAL, 7, 1), AXIAL_NORMAL, 7, -1);
    expectClose(back.focalPoint, coronal.focalPoint);
    expectClose(back.position, coronal.position);
    expectClose(back.viewPlaneNormal, coronal.viewPlaneNormal);
    expectClose(back.viewUp, coronal.viewUp);
  });

  it('keeps the centre fixed: a plane through the centre still passes through it, and the centre itself does not move', () => {
    // The coronal plane through the centre (y = −40), its focal point panned away from the centre within the plane.
    for (const steps of [1, 5, 18, 29]) {
      const turned = turnedBySteps(coronal, AXIAL_NORMAL, steps, 1);
      expect(dot(sub(centre, turned.focalPoint), turned.viewPlaneNormal)).toBeCloseTo(0, 9);
    }
    expectClose(rotatePoint(centre, [0.3, -0.2, 0.9], centre, 41), centre);
  });

  it('keeps the eye on the plane’s normal through its focal point, at the same distance', () => {
    const turned = rotateCamera(coronal, [0.2, 0.1, -1], centre, 17);
    const eye = sub(turned.position, turned.focalPoint);
    expect(Math.hypot(...eye)).toBeCloseTo(500, 9);
    expectClose(eye, [500 * turned.viewPlaneNormal[0], 500 * turned.viewPlaneNormal[1], 500 * turned.viewPlaneNormal[2]]);
    expect(dot(turned.viewUp, turned.viewPlaneNormal)).toBeCloseTo(0, 12);
  });
});

describe('planesMeet', () => {
  it('finds the centre of three orthogonal planes', () => {
    expectClose(
      planesMeet(
        { point: [0, 0, centre[2]], normal: AXIAL_NORMAL },
        { point: [99, centre[1], -7], normal: CORONAL_NORMAL },
        { point: [centre[0], 3, 4], normal: SAGITTAL_NORMAL },
      )!,
      centre,
    );
  });

  it('finds the centre again after two planes turned about the third one’s normal through it', () => {
    const sagittal: PlaneCamera = { focalPoint: [centre[0], 10, 80], position: [centre[0] + 500, 10, 80], viewPlaneNormal: SAGITTAL_NORMAL, viewUp: [0, 0, 1] };
    const [c, s] = [rotateCamera(coronal, AXIAL_NORMAL, centre, 35), rotateCamera(sagittal, AXIAL_NORMAL, centre, 35)];
    expectClose(
      planesMeet(
        { point: [5, 5, centre[2]], normal: AXIAL_NORMAL },
        { point: c.focalPoint, normal: c.viewPlaneNormal },
        { point: s.focalPoint, normal: s.viewPlaneNormal },
      )!,
      centre,
    );
  });

  it('finds nothing when two planes are parallel', () => {
    expect(
      planesMeet({ point: [0, 0, 0], normal: AXIAL_NORMAL }, { point: [0, 0, 5], normal: [0, 0, 1] }, { point: [0, 0, 0], normal: SAGITTAL_NORMAL }),
    ).toBeUndefined();
  });
});

describe('obliquity', () => {
  it('is the angle between the planes, whichever side the normal points to', () => {
    expect(angleBetweenPlanes(CORONAL_NORMAL, CORONAL_NORMAL)).toBe(0);
    expect(angleBetweenPlanes([0, 1, 0], CORONAL_NORMAL)).toBe(0);
    expect(angleBetweenPlanes(SAGITTAL_NORMAL, CORONAL_NORMAL)).toBeCloseTo(90, 9);
    expect(angleBetweenPlanes(rotateVector(CORONAL_NORMAL, AXIAL_NORMAL, 5), CORONAL_NORMAL)).toBeCloseTo(5, 9);
    expect(angleBetweenPlanes(rotateVector(CORONAL_NORMAL, AXIAL_NORMAL, 175), CORONAL_NORMAL)).toBeCloseTo(5, 9);
  });

  it('is shown for a turned plane only, in degrees to a tenth', () => {
    expect(obliquityText(0)).toBeUndefined();
    expect(obliquityText(0.01)).toBeUndefined();
    expect(obliquityText(Number.NaN)).toBeUndefined();
    expect(obliquityText(5.000000001)).toBe('Oblique 5°');
    expect(obliquityText(89.99999)).toBe('Oblique 90°');
    expect(obliquityText(2.54)).toBe('Oblique 2.5°');
  });
});
