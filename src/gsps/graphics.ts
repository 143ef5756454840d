import type { Annotation, GraphicType, Point } from './types.ts';

/** One graphic object and its text object, in image pixel space, ready to encode. */
export interface EncodedAnnotation {
  graphic: { type: GraphicType; points: Point[]; filled: boolean; closed: boolean };
  text: { value: string; anchor: Point; anchorVisible: boolean; box?: [Point, Point] } | undefined;
}

const xs = (points: readonly Point[]) => points.map((p) => p[0]);
const ys = (points: readonly Point[]) => points.map((p) => p[1]);

function box(points: readonly Point[]) {
  return { left: Math.min(...xs(points)), right: Math.max(...xs(points)), top: Math.min(...ys(points)), bottom: Math.max(...ys(points)) };
}

/**
 * ELLIPSE points from an axis-aligned bounding box: the major axis ends, then the minor axis ends
 * (PS3.3 C.10.5.1.2). A circle's "major" axis is the horizontal one.
 */
export function ellipseAxes(corners: readonly [Point, Point]): Point[] {
  const { left, right, top, bottom } = box(corners);
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const horizontal: Point[] = [
    [left, cy],
    [right, cy],
  ];
  const vertical: Point[] = [
    [cx, top],
    [cx, bottom],
  ];
  return right - left >= bottom - top ? [...horizontal, ...vertical] : [...vertical, ...horizontal];
}

/** The closed 5-point POLYLINE of an axis-aligned rectangle, clockwise from the top-left corner. */
export function rectanglePolyline(corners: readonly [Point, Point]): Point[] {
  const { left, right, top, bottom } = box(corners);
  return [
    [left, top],
    [right, top],
    [right, bottom],
    [left, bottom],
    [left, top],
  ];
}

/** Where a text goes when the viewer gave no position: next to the shape's natural end. */
function defaultAnchor(annotation: Annotation): Point {
  switch (annotation.kind) {
    case 'length':
    case 'arrow':
      return annotation.points[1];
    case 'angle':
      return annotation.points[1];
    case 'rectangleRoi':
    case 'ellipseRoi': {
      const { right, bottom } = box(annotation.points);
      return [right, bottom];
    }
    case 'probe':
      return annotation.points[0];
  }
}

function boxCorners(corners: readonly [Point, Point]): [Point, Point] | undefined {
  const { left, right, top, bottom } = box(corners);
  if (![left, right, top, bottom].every(Number.isFinite) || right <= left || bottom <= top) return undefined;
  return [
    [left, top],
    [right, bottom],
  ];
}

/** GSPS conventions for each measurement (domain.md, "GSPS"). */
export function encodeAnnotation(annotation: Annotation): EncodedAnnotation {
  const copy = (points: readonly Point[]): Point[] => points.map((p) => [p[0], p[1]] as const);
  let graphic: EncodedAnnotation['graphic'];
  switch (annotation.kind) {
    case 'length':
    case 'angle':
    case 'arrow':
      graphic = { type: 'POLYLINE', points: copy(annotation.points), filled: false, closed: false };
      break;
    case 'rectangleRoi':
      graphic = { type: 'POLYLINE', points: rectanglePolyline(annotation.points), filled: false, closed: true };
      break;
    case 'ellipseRoi':
      graphic = { type: 'ELLIPSE', points: ellipseAxes(annotation.points), filled: false, closed: true };
      break;
    case 'probe':
      graphic = { type: 'POINT', points: copy(annotation.points), filled: false, closed: false };
      break;
  }
  for (const [c, r] of graphic.points) {
    if (!Number.isFinite(c) || !Number.isFinite(r)) throw new RangeError(`The ${annotation.kind} has a point that is not a number.`);
  }
  const value = annotation.text.trim();
  if (value === '') return { graphic, text: undefined };
  const box = annotation.textBox && boxCorners(annotation.textBox);
  // An arrow's text points at the arrow head: a visible anchor there (PS3.3 C.10.5.1.1: a line or arrow from
  // the text to the anchor point), the text in its box. A measurement's text just sits beside its shape.
  const arrow = annotation.kind === 'arrow';
  const anchor = arrow ? annotation.points[0] : (annotation.textAnchor ?? defaultAnchor(annotation));
  return { graphic, text: { value, anchor: [anchor[0], anchor[1]], anchorVisible: arrow, ...(box ? { box } : {}) } };
}
