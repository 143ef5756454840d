// @ts-expect-error dcmjs ships no type declarations; the test only denaturalizes a dataset into DICOM JSON.
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { CT_SOP_UID, ctInput, multiFrameInput, rotatedInput, US_SOP_UID } from '../../scripts/testing/gsps-fixtures.ts';
import { annotationsForFrame, appliesToFrame, firstReferencedFrame, itemForFrame, referencesFrame } from './applies-to.ts';
import { buildGsps, writeGspsPart10 } from './build-gsps.ts';
import { CSS_PIXEL_MM, displayedAreaView } from './displayed-area-view.ts';
import { affineFromUnitPoints, applyAffine, graphicShape, interpolatedCurve, mapEllipse, textPlacement, type Affine } from './graphic-shapes.ts';
import { readGsps } from './read-gsps.ts';
import { imageFrameOf } from '../imaging/wadors-image-id.ts';
import { summarisePresentation } from './presentation-summary.ts';
import { readGspsFromDicomJson } from './read-gsps-json.ts';
import type { Point } from './types.ts';

const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

describe('which items apply to an image and frame', () => {
  const content = readGsps(writeGspsPart10(multiFrameInput));

  it('selects graphics and texts by image and frame, nothing on images the state does not reference', () => {
    expect(annotationsForFrame(content, { sopInstanceUID: US_SOP_UID, frameNumber: 1 }).graphics.map((g) => g.type)).toEqual(['POLYLINE']);
    expect(annotationsForFrame(content, { sopInstanceUID: US_SOP_UID, frameNumber: 7 }).texts.map((t) => t.text)).toEqual(['120']);
    expect(annotationsForFrame(content, { sopInstanceUID: US_SOP_UID, frameNumber: 2 })).toEqual({ graphics: [], texts: [] });
    expect(
      annotationsForFrame({ ...content, graphics: content.graphics.map((g) => ({ ...g, appliesTo: {} })) }, { sopInstanceUID: '1.2.3', frameNumber: 1 })
        .graphics,
    ).toEqual([]);
    expect(referencesFrame(content, { sopInstanceUID: US_SOP_UID, frameNumber: 7 })).toBe(true);
    expect(referencesFrame(content, { sopInstanceUID: US_SOP_UID, frameNumber: 3 })).toBe(false);
  });

  it('prefers the item naming the image over the one for every image', () => {
    const general: { center: number; width: number; images?: Array<{ sopInstanceUID: string; frameNumbers: number[] }> } = { center: 1, width: 2 };
    const specific = { center: 3, width: 4, images: [{ sopInstanceUID: 'A', frameNumbers: [] }] };
    expect(itemForFrame([general, specific], { sopInstanceUID: 'A', frameNumber: 5 })).toBe(specific);
    expect(itemForFrame([general, specific], { sopInstanceUID: 'B', frameNumber: 1 })).toBe(general);
    expect(itemForFrame([specific], { sopInstanceUID: 'B', frameNumber: 1 })).toBeUndefined();
    expect(appliesToFrame({ images: [{ sopInstanceUID: 'A', frameNumbers: [2] }] }, { sopInstanceUID: 'A', frameNumber: 1 })).toBe(false);
  });

  it('goes to the first referenced image and frame', () => {
    expect(firstReferencedFrame(content)).toEqual({
      sopInstanceUID: US_SOP_UID,
      seriesInstanceUID: multiFrameInput.referencedImages[0]!.seriesInstanceUID,
      frameNumber: 1,
    });
    expect(firstReferencedFrame(readGsps(writeGspsPart10(ctInput)))).toMatchObject({ sopInstanceUID: CT_SOP_UID, frameNumber: 1 });
  });
});

describe('displayed area → view', () => {
  const viewport = { width: 800, height: 600 };
  const spacing = { x: 0.5, y: 0.5 };

  it('SCALE TO FIT fits the area, rotated, into the viewport and centres it', () => {
    const area = { tlhc: [1, 1] as const, brhc: [512, 512] as const, sizeMode: 'SCALE TO FIT' as const };
    const view = displayedAreaView({ area, rotation: 0, spacing, viewport });
    expect(view.center).toEqual([256, 256]);
    expect(view.worldPerCssPixel).toBeCloseTo((512 * 0.5) / 600, 12);
    expect(view.parallelScale).toBeCloseTo(128, 12); // half the image height: it fills the viewport's height
    const wide = { tlhc: [101, 1] as const, brhc: [300, 400] as const, sizeMode: 'SCALE TO FIT' as const };
    expect(displayedAreaView({ area: wide, rotation: 0, spacing, viewport }).worldPerCssPixel).toBeCloseTo((400 * 0.5) / 600, 12);
    // Rotated a quarter turn, the 400 rows run across the 800 px width and the 200 columns down the 600 px height.
    expect(displayedAreaView({ area: wide, rotation: 90, spacing, viewport }).worldPerCssPixel).toBeCloseTo((400 * 0.5) / 800, 12);
    expect(displayedAreaView({ area: wide, rotation: 90, spacing, viewport }).center).toEqual([200, 200]);
  });

  it('MAGNIFY shows one pixel as `magnification` CSS pixels, TRUE SIZE one mm as one mm', () => {
    const magnify = { tlhc: [129, 129] as const, brhc: [384, 384] as const, sizeMode: 'MAGNIFY' as const, magnification: 2 };
    const view = displayedAreaView({ area: magnify, rotation: 0, spacing, viewport });
    expect(view.worldPerCssPixel).toBe(0.25);
    expect(view.center).toEqual([256, 256]);
    const trueSize = { tlhc: [1, 1] as const, brhc: [512, 512] as const, sizeMode: 'TRUE SIZE' as const };
    expect(displayedAreaView({ area: trueSize, rotation: 0, spacing, viewport }).worldPerCssPixel).toBeCloseTo(CSS_PIXEL_MM, 12);
    // The presentation says a pixel is really 1 mm while the image's spacing says 0.5: show it twice as big.
    const presented = { ...trueSize, pixelSpacing: [1, 1] as const };
    expect(displayedAreaView({ area: presented, rotation: 0, spacing, viewport }).worldPerCssPixel).toBeCloseTo(CSS_PIXEL_MM / 2, 12);
    expect(displayedAreaView({ area: { ...magnify, magnification: undefined }, rotation: 0, spacing, viewport }).worldPerCssPixel).toBeCloseTo(
      (256 * 0.5) / 600,
      12,
    );
  });
});

describe('graphics in viewport space', () => {
  // 2 CSS px per pixel, rotated 90° clockwise (x → down, y → left), then shifted.
  const rotated = affineFromUnitPoints([500, 10], [500, 12], [498, 10]);

  it('maps points through the measured affine', () => {
    expect(applyAffine(rotated, [10, 20])).toEqual([460, 30]);
    expect(graphicShape({ type: 'POINT', points: [[10, 20]], filled: false }, rotated)).toEqual({ kind: 'point', at: [460, 30] });
    expect(
      graphicShape(
        {
          type: 'POLYLINE',
          points: [
            [0, 0],
            [10, 0],
            [10, 10],
            [0, 0],
          ],
          filled: true,
        },
        IDENTITY,
      ),
    ).toMatchObject({ closed: true, filled: true });
    expect(
      graphicShape(
        {
          type: 'POLYLINE',
          points: [
            [0, 0],
            [10, 0],
          ],
          filled: true,
        },
        IDENTITY,
      ),
    ).toMatchObject({ closed: false, filled: false });
  });

  it('draws INTERPOLATED as a smooth curve through every point', () => {
    const points: Point[] = [
      [10, 10],
      [50, 80],
      [90, 20],
      [130, 60],
    ];
    const { segments, closed } = interpolatedCurve(points);
    expect(closed).toBe(false);
    expect(segments).toHaveLength(3);
    segments.forEach((s, i) => {
      expect(s[0]).toEqual(points[i]);
      expect(s[3]).toEqual(points[i + 1]);
    });
    // C1 continuity: the tangents on both sides of an inner point are collinear and equal.
    const out = [segments[1]![1][0] - points[1]![0], segments[1]![1][1] - points[1]![1]];
    const into = [points[1]![0] - segments[0]![2][0], points[1]![1] - segments[0]![2][1]];
    expect(out[0]).toBeCloseTo(into[0]!, 12);
    expect(out[1]).toBeCloseTo(into[1]!, 12);
    const loop = interpolatedCurve([
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ]);
    expect(loop.closed).toBe(true);
    expect(loop.segments).toHaveLength(4);
    const shape = graphicShape({ type: 'INTERPOLATED', points, filled: false }, rotated);
    expect(shape?.kind === 'curve' && shape.path.startsWith('M 480 30 C')).toBe(true);
  });

  it('maps CIRCLE and ELLIPSE exactly, also on non-square pixels', () => {
    expect(
      graphicShape(
        {
          type: 'CIRCLE',
          points: [
            [200, 200],
            [220, 200],
          ],
          filled: true,
        },
        rotated,
      ),
    ).toMatchObject({ kind: 'ellipse', cx: 100, cy: 410, rx: 40, ry: 40, filled: true });
    const stretched: Affine = [2, 0, 0, 1, 0, 0];
    const circle = graphicShape(
      {
        type: 'CIRCLE',
        points: [
          [0, 0],
          [0, 10],
        ],
        filled: false,
      },
      stretched,
    );
    expect(circle).toMatchObject({ rx: 20, ry: 10, angle: 0 });
    // An ellipse with its major axis on the diagonal.
    const diagonal = mapEllipse(IDENTITY, [0, 0], [3, 3], [-1, 1]);
    expect(diagonal.rx).toBeCloseTo(Math.hypot(3, 3), 12);
    expect(diagonal.ry).toBeCloseTo(Math.SQRT2, 12);
    expect(diagonal.angle).toBeCloseTo(45, 12);
    const ellipse = graphicShape(
      {
        type: 'ELLIPSE',
        points: [
          [100, 325],
          [180, 325],
          [140, 300],
          [140, 350],
        ],
        filled: false,
      },
      rotated,
    );
    expect(ellipse).toMatchObject({ cx: 500 - 2 * 325, cy: 10 + 2 * 140, rx: 80 });
    expect(ellipse?.kind === 'ellipse' && ellipse.ry).toBeCloseTo(50, 12);
    expect(ellipse?.kind === 'ellipse' && Math.abs(ellipse.angle) % 180).toBeCloseTo(90, 12);
  });

  it('places text in its bounding box as displayed, or beside its anchor', () => {
    const boxed = textPlacement({ boundingBox: { tlhc: [5, 5], brhc: [60, 20], justification: 'CENTER' } }, rotated);
    expect(boxed).toMatchObject({ align: 'middle', baseline: 'hanging', box: { x: 460, y: 20, width: 30, height: 110 } });
    expect(boxed!.at).toEqual([475, 22]);
    const right = textPlacement(
      { boundingBox: { tlhc: [0, 0], brhc: [100, 10], justification: 'RIGHT' }, anchor: { point: [50, 40], visible: true } },
      IDENTITY,
    );
    expect(right).toMatchObject({ at: [98, 2], align: 'end', anchorLine: { from: [50, 10], to: [50, 40] } });
    expect(textPlacement({ anchor: { point: [10, 20], visible: false } }, IDENTITY)).toEqual({
      at: [16, 14],
      align: 'start',
      baseline: 'auto',
      anchor: [10, 20],
      anchorVisible: false,
    });
  });
});

describe('reading from WADO-RS metadata', () => {
  it('gives what the Part 10 file gives', () => {
    for (const input of [ctInput, rotatedInput, multiFrameInput]) {
      const json = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(buildGsps(input)) as Record<string, { vr: string; Value?: unknown[] }>;
      expect(readGspsFromDicomJson(JSON.parse(JSON.stringify(json)))).toEqual(readGsps(writeGspsPart10(input)));
    }
  });
});

describe('naming a presentation state', () => {
  it('shows label, author and creation time as text', () => {
    expect(summarisePresentation({ label: 'UNNAMED', creator: '', createdAt: '2026-11-25T03:40:02' })).toEqual({
      label: 'UNNAMED',
      creator: 'unknown author',
      created: '2026-11-25 03:40',
      overlayLine: 'GSPS: UNNAMED — unknown author, 2026-11-25 03:40',
    });
    expect(summarisePresentation({ label: ' ', creator: 'Reader^Rita', createdAt: '' }).overlayLine).toBe('GSPS: (no label) — Reader, Rita');
  });

  it('finds the image and frame of a WADO-RS image id', () => {
    expect(imageFrameOf('wadors:/dicom-web/studies/1.2/series/1.3/instances/1.4.5/frames/7')).toEqual({ sopInstanceUID: '1.4.5', frameNumber: 7 });
    expect(imageFrameOf('dicomfile:1')).toBeUndefined();
  });
});
