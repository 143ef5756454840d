import type { TextPlacement } from './graphic-shapes.ts';
import type { Point } from './types.ts';

/**
 * Layout of a presentation state's texts and label over a viewport (viewport CSS pixels): texts wrapped
 * into lines and kept inside the viewport next to their box or anchor, an arrowhead where a text points at
 * its anchor, and a label placed clear of the viewport's own overlay text.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export const intersects = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const overlapArea = (a: Rect, b: Rect): number =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

const inflate = (r: Rect, by: number): Rect => ({ x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by });

/** Moves `rect` inside `area` (less `margin`); one larger than the area keeps its top-left at the margin. */
export function clampInside(rect: Rect, area: Size, margin = 0): Rect {
  const x = Math.max(margin, Math.min(rect.x, area.width - margin - rect.width));
  const y = Math.max(margin, Math.min(rect.y, area.height - margin - rect.height));
  return { ...rect, x, y };
}

/** The point of `rect` nearest to `p` (p itself when inside). */
export function nearestPointOf(rect: Rect, p: Point): Point {
  return [Math.min(rect.x + rect.width, Math.max(rect.x, p[0])), Math.min(rect.y + rect.height, Math.max(rect.y, p[1]))];
}

/**
 * Lines of at most `maxWidth` (as `measure` reports). Explicit line breaks are kept; a list of values
 * ("Area: 314 mm², Mean: 41 HU, …") breaks after its commas and semicolons first, then between words;
 * a single word wider than the line stays whole (it is clipped, never split mid-number).
 */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    const clauses = paragraph
      .trim()
      .split(/(?<=[,;])\s+/)
      .filter(Boolean);
    let line = '';
    const push = (piece: string) => {
      const joined = line ? `${line} ${piece}` : piece;
      if (!line || measure(joined) <= maxWidth) line = joined;
      else {
        lines.push(line);
        line = piece;
      }
    };
    for (const clause of clauses) {
      if (measure(clause) <= maxWidth) push(clause);
      else for (const word of clause.split(/\s+/)) push(word);
    }
    if (line || clauses.length === 0) lines.push(line);
  }
  return lines;
}

/** An arrowhead: its tip at `to`, pointing away from `from`; undefined when the two nearly coincide. */
export function arrowHead(from: Point, to: Point, length = 9, halfWidth = 4): [Point, Point, Point] | undefined {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const d = Math.hypot(dx, dy);
  if (d < 1) return undefined;
  const ux = dx / d;
  const uy = dy / d;
  const bx = to[0] - ux * Math.min(length, d);
  const by = to[1] - uy * Math.min(length, d);
  return [to, [bx - uy * halfWidth, by + ux * halfWidth], [bx + uy * halfWidth, by - ux * halfWidth]];
}

export interface TextLayoutOptions {
  lineHeight: number;
  /** Widest a text line gets when its box does not say. */
  maxLineWidth: number;
  /** Kept free at the viewport's edges. */
  margin: number;
  /** Between the text and its anchor point when it has no box. */
  anchorGap: number;
  /** Inside a bounding box. */
  padding: number;
}

export const TEXT_LAYOUT: TextLayoutOptions = { lineHeight: 16, maxLineWidth: 240, margin: 4, anchorGap: 14, padding: 2 };

export interface TextLayout {
  lines: string[];
  /** Where the lines' alignment point is (x) and where the first line's top is (y). */
  x: number;
  y: number;
  align: TextPlacement['align'];
  lineHeight: number;
  /** The block the lines occupy, inside the viewport. */
  block: Rect;
  /** From the text to its visible anchor point, with the head at the anchor. */
  arrow?: { from: Point; to: Point; head?: [Point, Point, Point] };
}

/**
 * Places a text: in its bounding box as displayed (with its justification), or beside its anchor point —
 * above and to the right, turned to the other side where the viewport ends — then wrapped into lines and
 * kept inside the viewport. A visible anchor gets an arrow from the text's nearest edge to the anchor.
 */
export function layoutText(
  text: string,
  placement: TextPlacement,
  area: Size,
  measure: (s: string) => number,
  options: TextLayoutOptions = TEXT_LAYOUT,
): TextLayout {
  const { lineHeight, margin, padding, anchorGap } = options;
  const room = Math.max(20, area.width - 2 * margin);
  const box = placement.box;
  const wrapWidth = box ? Math.min(room, Math.max(box.width - 2 * padding, Math.min(options.maxLineWidth, 100))) : Math.min(room, options.maxLineWidth);
  const lines = wrapText(text, wrapWidth, measure);
  const width = Math.min(room, Math.max(0, ...lines.map(measure)));
  const height = lines.length * lineHeight;
  const align = placement.align;

  let x: number;
  let y: number;
  if (box) {
    x = align === 'end' ? box.x + box.width - padding - width : align === 'middle' ? box.x + box.width / 2 - width / 2 : box.x + padding;
    y = box.y + padding;
  } else {
    const anchor = placement.anchor ?? placement.at;
    x = anchor[0] + anchorGap;
    if (x + width > area.width - margin && anchor[0] - anchorGap - width >= margin) x = anchor[0] - anchorGap - width;
    y = anchor[1] - anchorGap - height;
    if (y < margin) y = anchor[1] + anchorGap;
  }
  const block = clampInside({ x, y, width, height }, area, margin);
  const alignX = align === 'end' ? block.x + block.width : align === 'middle' ? block.x + block.width / 2 : block.x;
  const layout: TextLayout = { lines, x: alignX, y: block.y, align, lineHeight, block };
  if (placement.anchor && placement.anchorVisible) {
    const to = placement.anchor;
    const from = nearestPointOf(inflate(block, padding), to);
    if (Math.hypot(to[0] - from[0], to[1] - from[1]) >= 1) {
      const head = arrowHead(from, to);
      layout.arrow = { from, to, ...(head ? { head } : {}) };
    }
  }
  return layout;
}

export interface LabelObstacles {
  /** The viewport's own corner blocks, markers, badges: everything the label must not cover. */
  all: readonly Rect[];
  topLeft?: Rect | undefined;
  bottomLeft?: Rect | undefined;
  markerTop?: Rect | undefined;
  markerBottom?: Rect | undefined;
}

/**
 * Where the presentation state's label goes: the first of bottom centre (above the bottom marker), below
 * the top-left block, above the bottom-left block, top centre (below the top marker) that is inside the
 * viewport and clear of every obstacle; else the first free spot scanning up from the bottom; else the
 * candidate that covers least.
 */
export function placeLabel(label: Size, area: Size, obstacles: LabelObstacles, gap = 4): { x: number; y: number } {
  const { width: w, height: h } = label;
  const centreX = (area.width - w) / 2;
  const candidates: Array<{ x: number; y: number }> = [
    { x: centreX, y: (obstacles.markerBottom?.y ?? area.height - gap) - gap - h },
    ...(obstacles.topLeft ? [{ x: obstacles.topLeft.x + gap, y: obstacles.topLeft.y + obstacles.topLeft.height + gap }] : []),
    ...(obstacles.bottomLeft ? [{ x: obstacles.bottomLeft.x + gap, y: obstacles.bottomLeft.y - gap - h }] : []),
    { x: centreX, y: (obstacles.markerTop ? obstacles.markerTop.y + obstacles.markerTop.height : 0) + gap },
  ];
  const padded = obstacles.all.map((o) => inflate(o, gap / 2));
  const fits = (c: { x: number; y: number }) => c.x >= 0 && c.y >= 0 && c.x + w <= area.width && c.y + h <= area.height;
  const covered = (c: { x: number; y: number }) => padded.reduce((sum, o) => sum + overlapArea({ x: c.x, y: c.y, width: w, height: h }, o), 0);
  const free = candidates.find((c) => fits(c) && covered(c) === 0);
  if (free) return free;
  const step = 4;
  for (let y = area.height - gap - h; y >= gap; y -= step) {
    for (const x of [centreX, gap, area.width - gap - w]) {
      const c = { x, y };
      if (fits(c) && covered(c) === 0) return c;
    }
  }
  const inside = candidates.map((c) => clampInside({ ...c, width: w, height: h }, area));
  return inside.reduce((best, c) => (covered(c) < covered(best) ? c : best), inside[0]!);
}
