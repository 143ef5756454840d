import { describe, expect, it } from 'vitest';
import { arrowHead, clampInside, intersects, layoutText, placeLabel, wrapText, type Rect } from './overlay-layout.ts';

/** 7 px per character: a stand-in for the canvas measure. */
const measure = (s: string) => s.length * 7;
const inside = (r: Rect, area: { width: number; height: number }, margin = 0) =>
  r.x >= margin - 1e-9 && r.y >= margin - 1e-9 && r.x + r.width <= area.width - margin + 1e-9 && r.y + r.height <= area.height - margin + 1e-9;

describe('wrapText', () => {
  const stats = 'Area: 314 mm², Mean: 41 HU, Max: 80 HU, Min: -12 HU, Std Dev: 12 HU';

  it('breaks a list of values after its commas, one value per line when they are long', () => {
    expect(wrapText(stats, 100, measure)).toEqual(['Area: 314 mm²,', 'Mean: 41 HU,', 'Max: 80 HU,', 'Min: -12 HU,', 'Std Dev: 12 HU']);
  });

  it('packs values that fit together and keeps every character', () => {
    const lines = wrapText(stats, 200, measure);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => measure(l) <= 200)).toBe(true);
    expect(lines.join(' ')).toBe(stats);
  });

  it('keeps explicit line breaks and breaks long clauses between words', () => {
    expect(wrapText('Nodule\r\nright upper lobe, growing since the prior', 70, measure)).toEqual([
      'Nodule',
      'right',
      'upper',
      'lobe,',
      'growing',
      'since the',
      'prior',
    ]);
  });

  it('leaves a word wider than the line whole', () => {
    expect(wrapText('1234567890123 mm', 50, measure)).toEqual(['1234567890123', 'mm']);
  });
});

describe('arrowHead', () => {
  it('has its tip at the anchor and its base back along the shaft', () => {
    const [tip, a, b] = arrowHead([0, 0], [100, 0])!;
    expect(tip).toEqual([100, 0]);
    expect(a[0]).toBeCloseTo(91);
    expect(b[0]).toBeCloseTo(91);
    expect(Math.abs(a[1] - b[1])).toBeCloseTo(8);
  });

  it('is left out when the text touches the anchor', () => {
    expect(arrowHead([5, 5], [5.2, 5.3])).toBeUndefined();
  });
});

describe('layoutText', () => {
  const area = { width: 400, height: 300 };

  it('wraps a long statistics line and keeps it inside the viewport', () => {
    const text = 'Area: 314 mm², Mean: 41 HU, Max: 80 HU, Min: -12 HU, Std Dev: 12 HU';
    const layout = layoutText(text, { at: [390, 280], align: 'start', baseline: 'auto', anchor: [390, 280], anchorVisible: false }, area, measure);
    expect(layout.lines.length).toBeGreaterThan(1);
    expect(inside(layout.block, area, 4)).toBe(true);
    expect(layout.block.height).toBe(layout.lines.length * 16);
    expect(layout.arrow).toBeUndefined();
  });

  it('puts an anchored text beside its anchor, on the side with room', () => {
    const right = layoutText('Nodule', { at: [106, 94], align: 'start', baseline: 'auto', anchor: [100, 100] }, area, measure);
    expect(right.block.x).toBe(114);
    expect(right.block.y + right.block.height).toBe(86);
    const left = layoutText('Nodule', { at: [396, 94], align: 'start', baseline: 'auto', anchor: [390, 100] }, area, measure);
    expect(left.block.x + left.block.width).toBe(376);
    const below = layoutText('Nodule', { at: [106, 4], align: 'start', baseline: 'auto', anchor: [100, 10] }, area, measure);
    expect(below.block.y).toBe(24);
  });

  it('draws an arrow from the text to a visible anchor, its head at the anchor', () => {
    const layout = layoutText(
      'Nodule',
      { at: [302, 52], align: 'start', baseline: 'hanging', box: { x: 300, y: 50, width: 60, height: 16 }, anchor: [250, 120], anchorVisible: true },
      area,
      measure,
    );
    expect(layout.block).toMatchObject({ x: 302, y: 52 });
    expect(layout.arrow!.to).toEqual([250, 120]);
    expect(layout.arrow!.head![0]).toEqual([250, 120]);
    expect(layout.arrow!.from).toEqual([300, 52 + 16 + 2]);
  });

  it('honours a right-justified box and clamps a box past the edge back inside', () => {
    const right = layoutText('42 mm', { at: [0, 0], align: 'end', baseline: 'hanging', box: { x: 100, y: 100, width: 100, height: 20 } }, area, measure);
    expect(right.block.x + right.block.width).toBe(198);
    expect(right.x).toBe(198);
    const off = layoutText('42 mm', { at: [0, 0], align: 'start', baseline: 'hanging', box: { x: 380, y: 295, width: 100, height: 20 } }, area, measure);
    expect(inside(off.block, area, 4)).toBe(true);
  });
});

describe('placeLabel', () => {
  const area = { width: 500, height: 400 };
  const topLeft = { x: 0, y: 0, width: 160, height: 70 };
  const bottomLeft = { x: 0, y: 330, width: 150, height: 70 };
  const bottomRight = { x: 380, y: 330, width: 120, height: 70 };
  const markerTop = { x: 244, y: 5, width: 12, height: 18 };
  const markerBottom = { x: 244, y: 377, width: 12, height: 18 };
  const markerLeft = { x: 6, y: 191, width: 12, height: 18 };
  const markerRight = { x: 482, y: 191, width: 12, height: 18 };
  const all = [topLeft, bottomLeft, bottomRight, markerTop, markerBottom, markerLeft, markerRight];
  const obstacles = { all, topLeft, bottomLeft, markerTop, markerBottom };

  it('prefers the bottom centre, above the bottom marker, clear of every block', () => {
    const at = placeLabel({ width: 180, height: 20 }, area, obstacles);
    const rect = { ...at, width: 180, height: 20 };
    expect(at.x).toBe(160);
    expect(rect.y + rect.height).toBeLessThanOrEqual(markerBottom.y);
    expect(all.some((o) => intersects(rect, o))).toBe(false);
  });

  it('goes below the top-left block when the bottom centre is taken', () => {
    const wide = { width: 300, height: 20 };
    const at = placeLabel(wide, area, obstacles);
    expect(at).toEqual({ x: 4, y: 74 });
    expect(all.some((o) => intersects({ ...at, ...wide }, o))).toBe(false);
  });

  it('finds some free place in a crowded viewport, and stays inside when there is none', () => {
    const crowded = { ...obstacles, all: [...all, { x: 0, y: 70, width: 500, height: 40 }] };
    const at = placeLabel({ width: 300, height: 20 }, area, crowded);
    expect(crowded.all.some((o) => intersects({ ...at, width: 300, height: 20 }, o))).toBe(false);
    const full = placeLabel({ width: 300, height: 20 }, area, { all: [{ x: 0, y: 0, width: 500, height: 400 }] });
    expect(inside({ ...full, width: 300, height: 20 }, area)).toBe(true);
  });

  it('clamps into the area', () => {
    expect(clampInside({ x: -5, y: 390, width: 50, height: 20 }, area, 4)).toEqual({ x: 4, y: 376, width: 50, height: 20 });
  });
});
