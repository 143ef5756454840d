/**
 * Oblique MPR planes turned from the keyboard: the geometry of rotating a plane's camera about an axis
 * through a point (patient millimetres, DICOM LPS), and how far a plane has turned from its orthogonal one.
 */
import type { Vec3 } from './orientation.ts';
import { add, cross, dot, norm, scale, sub } from './vec3.ts';

/** Degrees one key press turns the other planes. */
export const ROTATION_STEP_DEGREES = 5;

/** What places a plane on screen: its centre, the eye looking at it, its normal (towards the eye) and screen up. */
export interface PlaneCamera {
  focalPoint: Vec3;
  position: Vec3;
  viewPlaneNormal: Vec3;
  viewUp: Vec3;
}

function unit(a: Vec3): Vec3 {
  const n = norm(a);
  if (n === 0 || !Number.isFinite(n)) throw new RangeError('A rotation axis needs a direction');
  return scale(a, 1 / n);
}

/**
 * `v` turned by `degrees` about the direction `axis` (Rodrigues' formula); positive turns counter-clockwise
 * as seen from the tip of `axis` looking back (right-handed).
 */
export function rotateVector(v: Vec3, axis: Vec3, degrees: number): Vec3 {
  const k = unit(axis);
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  return add(add(scale(v, cos), scale(cross(k, v), sin)), scale(k, dot(k, v) * (1 - cos)));
}

/** The point `p` turned by `degrees` about the line through `centre` along `axis`. */
export function rotatePoint(p: Vec3, axis: Vec3, centre: Vec3, degrees: number): Vec3 {
  return add(centre, rotateVector(sub(p, centre), axis, degrees));
}

/**
 * A plane's camera turned by `degrees` about the line through `centre` along `axis`: the plane turns with
 * its image (normal and screen up), and its focal point and eye move on circles about that line, so a plane
 * that passed through `centre` still does and the eye stays at the same distance along the new normal.
 */
export function rotateCamera(camera: PlaneCamera, axis: Vec3, centre: Vec3, degrees: number): PlaneCamera {
  return {
    focalPoint: rotatePoint(camera.focalPoint, axis, centre, degrees),
    position: rotatePoint(camera.position, axis, centre, degrees),
    viewPlaneNormal: rotateVector(camera.viewPlaneNormal, axis, degrees),
    viewUp: rotateVector(camera.viewUp, axis, degrees),
  };
}

/** A plane in patient space: a point on it and its normal. */
export interface Plane {
  point: Vec3;
  normal: Vec3;
}

/**
 * The one point three planes share (the crosshairs' centre of three MPR planes), or nothing when two of them
 * are parallel or nearly so.
 */
export function planesMeet(a: Plane, b: Plane, c: Plane): Vec3 | undefined {
  const [na, nb, nc] = [unit(a.normal), unit(b.normal), unit(c.normal)];
  const det = dot(na, cross(nb, nc));
  if (Math.abs(det) < 1e-6) return undefined;
  const [da, db, dc] = [dot(na, a.point), dot(nb, b.point), dot(nc, c.point)];
  return scale(add(add(scale(cross(nb, nc), da), scale(cross(nc, na), db)), scale(cross(na, nb), dc)), 1 / det);
}

/** Angle (degrees, 0–90) between two planes given by their normals; a plane seen from behind is the same plane. */
export function angleBetweenPlanes(normal: Vec3, other: Vec3): number {
  const c = Math.abs(dot(unit(normal), unit(other)));
  return (Math.acos(Math.min(1, c)) * 180) / Math.PI;
}

/** Below this a plane counts as orthogonal: rounding noise of the camera, not a turn anyone made. */
const ORTHOGONAL_WITHIN_DEGREES = 0.05;

/**
 * The status text of a plane that has turned `degrees` (angleBetweenPlanes) from its orthogonal plane:
 * "Oblique 5°", "Oblique 2.5°"; nothing for an orthogonal plane.
 */
export function obliquityText(degrees: number): string | undefined {
  if (!(degrees >= ORTHOGONAL_WITHIN_DEGREES)) return undefined;
  const shown = Math.round(degrees * 10) / 10;
  return `Oblique ${shown}°`;
}
