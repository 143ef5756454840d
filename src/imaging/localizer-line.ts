import type { ImageDescriptor } from './image-descriptor.ts';
import type { Vec3 } from './orientation.ts';
import { cross, dot, norm, scale, sub } from './vec3.ts';

/**
 * Localizer (reference) lines: where the slice on one viewport cuts the image plane shown in another,
 * in that image's pixel coordinates. Pixel (column c, row r) has its centre at
 * position + c·columnSpacing·rowDirection + r·rowSpacing·columnDirection (PS3.3 C.7.6.2.1.1), so the
 * image covers columns −0.5 … columns − 0.5 and rows −0.5 … rows − 0.5.
 */

/** A plane in the patient coordinate system: what a line is drawn from. */
export interface SlicePlane {
  frameOfReferenceUID: string;
  /** A point of the plane, mm; for an image, Image Position (Patient): the centre of its first pixel. */
  position: Vec3;
  /** Direction of increasing column index (first half of Image Orientation (Patient)). */
  rowDirection: Vec3;
  /** Direction of increasing row index (second half of Image Orientation (Patient)). */
  columnDirection: Vec3;
}

/** The geometry of one image in the patient coordinate system: what a line is drawn on. */
export interface ImagePlane extends SlicePlane {
  /** Pixel Spacing: distance between rows, then between columns, mm. */
  rowSpacing: number;
  columnSpacing: number;
  rows: number;
  columns: number;
}

/** A point in an image's pixel coordinates: 0-based column and row of pixel centres (fractions between them). */
export interface PixelPoint {
  column: number;
  row: number;
}

export interface LocalizerLine {
  from: PixelPoint;
  to: PixelPoint;
}

/** Planes closer to parallel than this (sine of the angle between them) have no line worth drawing. */
const PARALLEL_SINE = 1e-3;

/**
 * The plane of an image from its header, when everything needed is there: a frame of reference, a
 * position, an orientation of two unit-length orthogonal directions, a Pixel Spacing (in the patient, not
 * at the detector) and a size. Anything missing or inconsistent gives undefined, never a guess.
 */
export function imagePlaneOf(d: ImageDescriptor | undefined): ImagePlane | undefined {
  if (!d?.frameOfReferenceUID || !d.imagePositionPatient || !d.imageOrientationPatient || !d.pixelSpacing || !d.rows || !d.columns) return undefined;
  const o = d.imageOrientationPatient;
  const rowDirection: Vec3 = [o[0], o[1], o[2]];
  const columnDirection: Vec3 = [o[3], o[4], o[5]];
  const unit = (v: Vec3) => Math.abs(Math.hypot(...v) - 1) < 1e-3;
  if (!unit(rowDirection) || !unit(columnDirection) || Math.abs(dot(rowDirection, columnDirection)) > 1e-3) return undefined;
  const [rowSpacing, columnSpacing] = d.pixelSpacing;
  if (!(rowSpacing > 0) || !(columnSpacing > 0)) return undefined;
  return {
    frameOfReferenceUID: d.frameOfReferenceUID,
    position: d.imagePositionPatient,
    rowDirection,
    columnDirection,
    rowSpacing,
    columnSpacing,
    rows: d.rows,
    columns: d.columns,
  };
}

/** The patient coordinates (mm) of a point of the image. */
export function pixelToPatient(plane: ImagePlane, p: PixelPoint): Vec3 {
  const u = p.column * plane.columnSpacing;
  const v = p.row * plane.rowSpacing;
  const along = (i: 0 | 1 | 2) => plane.position[i] + u * plane.rowDirection[i] + v * plane.columnDirection[i];
  return [along(0), along(1), along(2)];
}

/**
 * The plane a reformatted (MPR) view shows, from its camera: through the focal point, across the screen's
 * right and down directions. Undefined for a camera without a usable direction.
 */
export function slicePlaneOfView(frameOfReferenceUID: string, view: { focalPoint: Vec3; viewUp: Vec3; viewPlaneNormal: Vec3 }): SlicePlane | undefined {
  const right = cross(view.viewUp, view.viewPlaneNormal);
  const down = cross(view.viewPlaneNormal, right);
  if (!frameOfReferenceUID || !(norm(right) > 1e-9) || !(norm(down) > 1e-9)) return undefined;
  return { frameOfReferenceUID, position: view.focalPoint, rowDirection: scale(right, 1 / norm(right)), columnDirection: scale(down, 1 / norm(down)) };
}

/**
 * Projection images (localizers, radiographs) are drawn on, never drawn from: their plane is where the
 * detector is said to be, not a slice through the patient.
 */
export function isProjectionImage(d: ImageDescriptor | undefined): boolean {
  if (!d) return false;
  if (d.modality === 'CR' || d.modality === 'DX' || d.modality === 'MG' || d.modality === 'XA' || d.modality === 'RF') return true;
  return d.imageType?.some((value) => value.toUpperCase() === 'LOCALIZER') ?? false;
}

/**
 * Where the plane of `slice` cuts the image `target`, clipped to the target's rectangle, in the target's
 * pixel coordinates. Undefined across frames of reference, for parallel planes and when the line misses
 * the image.
 */
export function localizerLine(slice: SlicePlane, target: ImagePlane): LocalizerLine | undefined {
  if (slice.frameOfReferenceUID !== target.frameOfReferenceUID) return undefined;
  const normal = cross(slice.rowDirection, slice.columnDirection);
  // Points of the target on the slice's plane: a·column + b·row + d = 0.
  const a = target.columnSpacing * dot(normal, target.rowDirection);
  const b = target.rowSpacing * dot(normal, target.columnDirection);
  const d = dot(normal, sub(target.position, slice.position));
  if (Math.hypot(dot(normal, target.rowDirection), dot(normal, target.columnDirection)) < PARALLEL_SINE) return undefined;
  return clipToImage(a, b, d, target.columns, target.rows);
}

/** The segment of the line a·column + b·row + d = 0 inside the image rectangle (edges of the outer pixels). */
function clipToImage(a: number, b: number, d: number, columns: number, rows: number): LocalizerLine | undefined {
  const left = -0.5;
  const right = columns - 0.5;
  const top = -0.5;
  const bottom = rows - 0.5;
  const points: PixelPoint[] = [];
  const add = (p: PixelPoint) => {
    const eps = 1e-9;
    if (p.column < left - eps || p.column > right + eps || p.row < top - eps || p.row > bottom + eps) return;
    if (!points.some((q) => Math.abs(q.column - p.column) < 1e-6 && Math.abs(q.row - p.row) < 1e-6)) points.push(p);
  };
  if (Math.abs(b) > 1e-12) {
    add({ column: left, row: -(a * left + d) / b });
    add({ column: right, row: -(a * right + d) / b });
  }
  if (Math.abs(a) > 1e-12) {
    add({ column: -(b * top + d) / a, row: top });
    add({ column: -(b * bottom + d) / a, row: bottom });
  }
  if (points.length < 2) return undefined;
  // A line through a corner and across the image meets three edges at two distinct points; keep the farthest pair.
  let best: LocalizerLine = { from: points[0]!, to: points[1]! };
  let longest = -1;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const length = Math.hypot(points[i]!.column - points[j]!.column, points[i]!.row - points[j]!.row);
      if (length > longest) {
        longest = length;
        best = { from: points[i]!, to: points[j]! };
      }
    }
  }
  return longest > 1e-9 ? orderLeftToRight(best) : undefined;
}

function orderLeftToRight(line: LocalizerLine): LocalizerLine {
  const { from, to } = line;
  return from.column < to.column || (from.column === to.column && from.row <= to.row) ? line : { from: to, to: from };
}
