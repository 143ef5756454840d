import type { GspsGraphic, GspsText, Point } from './types.ts';

/**
 * A 2-D affine map in SVG's `matrix(a b c d e f)` order: x' = a·x + c·y + e, y' = b·x + d·y + f.
 * The viewer measures image pixel space → viewport CSS pixels with it; every shape below is placed
 * through it, so rotation, flips, zoom, pan and non-square pixels follow the image exactly.
 */
export type Affine = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

/** The map that sends (0,0), (1,0) and (0,1) to `origin`, `xUnit` and `yUnit`. */
export function affineFromUnitPoints(origin: Point, xUnit: Point, yUnit: Point): Affine {
  return [xUnit[0] - origin[0], xUnit[1] - origin[1], yUnit[0] - origin[0], yUnit[1] - origin[1], origin[0], origin[1]];
}

export function applyAffine([a, b, c, d, e, f]: Affine, [x, y]: Point): Point {
  return [a * x + c * y + e, b * x + d * y + f];
}

function linear([a, b, c, d]: Affine, [x, y]: Point): Point {
  return [a * x + c * y, b * x + d * y];
}

const same = (p: Point, q: Point) => p[0] === q[0] && p[1] === q[1];
const add = (p: Point, q: Point): Point => [p[0] + q[0], p[1] + q[1]];
const sub = (p: Point, q: Point): Point => [p[0] - q[0], p[1] - q[1]];
const scale = (p: Point, k: number): Point => [p[0] * k, p[1] * k];

/** A cubic Bézier segment: start, two control points, end. */
export type Bezier = readonly [Point, Point, Point, Point];

/**
 * INTERPOLATED (PS3.3 C.10.5.1.2): a smooth curve through every point. A uniform Catmull-Rom spline as
 * cubic Béziers; the curve is closed (and periodic) when the last point repeats the first.
 */
export function interpolatedCurve(points: readonly Point[]): { segments: Bezier[]; closed: boolean } {
  const closed = points.length >= 4 && same(points[0]!, points[points.length - 1]!);
  const through = closed ? points.slice(0, -1) : [...points];
  const n = through.length;
  if (n < 2) return { segments: [], closed: false };
  const at = (i: number): Point => (closed ? through[((i % n) + n) % n]! : through[Math.min(n - 1, Math.max(0, i))]!);
  const segments: Bezier[] = [];
  for (let i = 0; i < (closed ? n : n - 1); i++) {
    const p0 = at(i - 1);
    const p1 = at(i);
    const p2 = at(i + 1);
    const p3 = at(i + 2);
    segments.push([p1, add(p1, scale(sub(p2, p0), 1 / 6)), sub(p2, scale(sub(p3, p1), 1 / 6)), p2]);
  }
  return { segments, closed };
}

/** An ellipse in viewport space: centre, semi-axes and the angle (degrees, clockwise on screen) of `rx`. */
export interface EllipseShape {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  angle: number;
}

/**
 * The ellipse `center + u·cos t + v·sin t` (u, v conjugate semi-diameters) after the affine map, by the
 * eigen-decomposition of M·Mᵀ with M = [Lu Lv]. Exact for any affine map, so a circle on non-square pixels
 * or a rotated, flipped view comes out right.
 */
export function mapEllipse(m: Affine, center: Point, u: Point, v: Point): EllipseShape {
  const [c0, c1] = applyAffine(m, center);
  const p = linear(m, u);
  const q = linear(m, v);
  const sxx = p[0] * p[0] + q[0] * q[0];
  const syy = p[1] * p[1] + q[1] * q[1];
  const sxy = p[0] * p[1] + q[0] * q[1];
  const mean = (sxx + syy) / 2;
  const spread = Math.hypot((sxx - syy) / 2, sxy);
  return {
    cx: c0,
    cy: c1,
    rx: Math.sqrt(mean + spread),
    ry: Math.sqrt(Math.max(0, mean - spread)),
    angle: (Math.atan2(2 * sxy, sxx - syy) / 2) * (180 / Math.PI),
  };
}

export type GraphicShape =
  | { kind: 'point'; at: Point }
  | { kind: 'polyline'; points: Point[]; closed: boolean; filled: boolean }
  | { kind: 'curve'; path: string; through: Point[]; closed: boolean; filled: boolean }
  | ({ kind: 'ellipse'; filled: boolean } & EllipseShape);

const fmt = (v: number) => String(Math.round(v * 1000) / 1000);

/** An SVG path for Bézier segments (already in viewport space). */
export function bezierPath(segments: readonly Bezier[], closed: boolean): string {
  if (segments.length === 0) return '';
  const [start] = segments[0]!;
  const parts = [`M ${fmt(start[0])} ${fmt(start[1])}`];
  for (const [, c1, c2, end] of segments) parts.push(`C ${[c1, c2, end].map((p) => `${fmt(p[0])} ${fmt(p[1])}`).join(' ')}`);
  if (closed) parts.push('Z');
  return parts.join(' ');
}

/** A GSPS graphic (image pixel space) as a shape in viewport space. */
export function graphicShape(graphic: Pick<GspsGraphic, 'type' | 'points' | 'filled'>, m: Affine): GraphicShape | undefined {
  const { points, filled } = graphic;
  switch (graphic.type) {
    case 'POINT':
      return points[0] && { kind: 'point', at: applyAffine(m, points[0]) };
    case 'POLYLINE': {
      if (points.length < 2) return undefined;
      const closed = points.length > 2 && same(points[0]!, points[points.length - 1]!);
      return { kind: 'polyline', points: points.map((p) => applyAffine(m, p)), closed, filled: filled && closed };
    }
    case 'INTERPOLATED': {
      const { segments, closed } = interpolatedCurve(points);
      if (segments.length === 0) return undefined;
      // Béziers are affine-invariant: mapping the control points maps the curve.
      const mapped = segments.map((s) => s.map((p) => applyAffine(m, p)) as unknown as Bezier);
      return { kind: 'curve', path: bezierPath(mapped, closed), through: points.map((p) => applyAffine(m, p)), closed, filled: filled && closed };
    }
    case 'CIRCLE': {
      const [center, rim] = points;
      if (!center || !rim) return undefined;
      const r = Math.hypot(rim[0] - center[0], rim[1] - center[1]);
      return { kind: 'ellipse', filled, ...mapEllipse(m, center, [r, 0], [0, r]) };
    }
    case 'ELLIPSE': {
      const [a1, a2, b1, b2] = points;
      if (!a1 || !a2 || !b1 || !b2) return undefined;
      const center: Point = [(a1[0] + a2[0]) / 2, (a1[1] + a2[1]) / 2];
      return { kind: 'ellipse', filled, ...mapEllipse(m, center, scale(sub(a2, a1), 0.5), scale(sub(b2, b1), 0.5)) };
    }
  }
}

export interface TextPlacement {
  /** Where the text starts (its alignment point) in viewport space. */
  at: Point;
  align: 'start' | 'middle' | 'end';
  /** `hanging`: the text hangs below `at` (inside a box); `auto`: it sits on `at`. */
  baseline: 'hanging' | 'auto';
  /** The bounding box as the reader sees it. */
  box?: { x: number; y: number; width: number; height: number };
  /** A line from the text to its visible anchor point. */
  anchorLine?: { from: Point; to: Point };
  /** The anchor point in viewport space, visible or not. */
  anchor?: Point;
  anchorVisible?: boolean;
}

const BOX_PADDING = 2;
const ANCHOR_OFFSET = 6;

/**
 * Where a GSPS text goes in viewport space: inside its bounding box (as displayed, so after rotation and
 * flip its corners are re-sorted) with the box's horizontal justification, or beside its anchor point.
 * Text is never rotated or mirrored with the image: it must stay readable.
 */
export function textPlacement(text: Pick<GspsText, 'anchor' | 'boundingBox'>, m: Affine): TextPlacement | undefined {
  const anchor = text.anchor && applyAffine(m, text.anchor.point);
  if (text.boundingBox) {
    const { tlhc, brhc, justification } = text.boundingBox;
    const corners = [tlhc, brhc, [tlhc[0], brhc[1]] as Point, [brhc[0], tlhc[1]] as Point].map((p) => applyAffine(m, p));
    const x0 = Math.min(...corners.map((c) => c[0]));
    const x1 = Math.max(...corners.map((c) => c[0]));
    const y0 = Math.min(...corners.map((c) => c[1]));
    const y1 = Math.max(...corners.map((c) => c[1]));
    const align = justification === 'RIGHT' ? 'end' : justification === 'CENTER' ? 'middle' : 'start';
    const x = align === 'end' ? x1 - BOX_PADDING : align === 'middle' ? (x0 + x1) / 2 : x0 + BOX_PADDING;
    const placement: TextPlacement = {
      at: [x, y0 + BOX_PADDING],
      align,
      baseline: 'hanging',
      box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
      ...(anchor ? { anchor, anchorVisible: text.anchor?.visible === true } : {}),
    };
    if (anchor && text.anchor?.visible) {
      const nearest: Point = [Math.min(x1, Math.max(x0, anchor[0])), Math.min(y1, Math.max(y0, anchor[1]))];
      placement.anchorLine = { from: nearest, to: anchor };
    }
    return placement;
  }
  if (!anchor) return undefined;
  const at: Point = [anchor[0] + ANCHOR_OFFSET, anchor[1] - ANCHOR_OFFSET];
  return {
    at,
    align: 'start',
    baseline: 'auto',
    anchor,
    anchorVisible: text.anchor?.visible === true,
    ...(text.anchor?.visible ? { anchorLine: { from: at, to: anchor } } : {}),
  };
}
