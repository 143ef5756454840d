import { describe, expect, it } from 'vitest';
import { ALL_INPUTS, CT_ANNOTATIONS, ctInput, multiFrameInput, rotatedInput, unicodeInput } from '../../scripts/testing/gsps-fixtures.ts';
import { buildGsps, GSPS_SOP_CLASS_UID, writeGspsPart10 } from './build-gsps.ts';
import { checkGsps } from './check-gsps.ts';
import { codeString } from './dicom-values.ts';
import { displayToPixel } from './display-units.ts';
import { ellipseAxes } from './graphics.ts';
import { readGsps } from './read-gsps.ts';
import { newUid } from './uid.ts';

describe('GSPS writer', () => {
  it.each(Object.entries(ALL_INPUTS))('%s: passes the project checker', (_name, input) => {
    expect(checkGsps(buildGsps(input))).toEqual([]);
  });

  it.each(Object.entries(ALL_INPUTS))('%s: round-trips graphics, texts and display state', (_name, input) => {
    const content = readGsps(writeGspsPart10(input));
    const expected = buildGsps(input);
    expect(content.sopInstanceUID).toBe(input.uids.sopInstanceUID);
    expect(content.createdAt).toBe('2024-03-14T11:22:33');
    expect(content.graphics).toHaveLength(input.annotations.length);
    expect(content.texts.map((t) => t.text)).toEqual(input.annotations.map((a) => a.text));
    const written = (expected['GraphicAnnotationSequence'] as Array<{ GraphicObjectSequence: Array<{ GraphicData: number[] }> }>).flatMap((a) =>
      a.GraphicObjectSequence.map((g) => g.GraphicData),
    );
    content.graphics.forEach((graphic, i) => {
      graphic.points.flat().forEach((v, j) => expect(v).toBeCloseTo(written[i]![j]!, 3));
    });
    expect(content.spatial).toEqual(input.spatial);
    expect(content.layers.map((l) => l.name)).toEqual(['READROOM']);
  });

  it('encodes each measurement by convention', () => {
    const dataset = buildGsps(ctInput);
    const [item] = dataset['GraphicAnnotationSequence'] as Array<Record<string, Array<Record<string, unknown>>>>;
    const types = item!['GraphicObjectSequence']!.map((g) => [g['GraphicType'], g['NumberOfGraphicPoints']]);
    expect(types).toEqual([
      ['POLYLINE', 2],
      ['POLYLINE', 3],
      ['POLYLINE', 5],
      ['ELLIPSE', 4],
      ['POLYLINE', 2],
      ['POINT', 1],
    ]);
    const rectangle = item!['GraphicObjectSequence']![2]!['GraphicData'];
    expect(rectangle).toEqual([280, 260, 320, 260, 320, 300, 280, 300, 280, 260]);
    // Only the arrow's text points at something (its head); measurement texts sit beside their shape.
    const visibility = item!['TextObjectSequence']!.map((t) => [t['UnformattedTextValue'], t['AnchorPointVisibility']]);
    expect(visibility).toEqual(CT_ANNOTATIONS.map((a) => [a.text, a.kind === 'arrow' ? 'Y' : 'N']));
    const arrowText = item!['TextObjectSequence']!.find((t) => t['UnformattedTextValue'] === 'Nodule')!;
    expect(arrowText['AnchorPoint']).toEqual([400, 200]);
    expect(arrowText['BoundingBoxTopLeftHandCorner']).toEqual([442, 150]);
    expect(arrowText['BoundingBoxBottomRightHandCorner']).toEqual([488, 166]);
    expect(arrowText['BoundingBoxAnnotationUnits']).toBe('PIXEL');
    expect(dataset['Modality']).toBe('PR');
    expect(dataset['SOPClassUID']).toBe(GSPS_SOP_CLASS_UID);
    expect(dataset['PresentationLUTShape']).toBe('IDENTITY');
    expect(dataset['RescaleType']).toBe('HU');
    expect(dataset['SpecificCharacterSet']).toBe('ISO_IR 192'); // "cm²" and "°" are not ASCII
  });

  it('computes ELLIPSE axes from a bounding box, the major axis first', () => {
    expect(
      ellipseAxes([
        [100, 300],
        [180, 350],
      ]),
    ).toEqual([
      [100, 325],
      [180, 325],
      [140, 300],
      [140, 350],
    ]);
    expect(
      ellipseAxes([
        [0, 0],
        [10, 40],
      ]),
    ).toEqual([
      [5, 0],
      [5, 40],
      [0, 20],
      [10, 20],
    ]);
  });

  it('references every frame of a multi-frame image in one item', () => {
    const dataset = buildGsps(multiFrameInput);
    const [series] = dataset['ReferencedSeriesSequence'] as Array<{ ReferencedImageSequence: Array<Record<string, unknown>> }>;
    expect(series!.ReferencedImageSequence).toEqual([expect.objectContaining({ ReferencedFrameNumber: [1, 7] })]);
    const content = readGsps(writeGspsPart10(multiFrameInput));
    expect(content.referencedImages[0]!.frameNumbers).toEqual([1, 7]);
    expect(content.graphics.map((g) => g.appliesTo.images?.[0]?.frameNumbers)).toEqual([[1], [7]]);
  });

  it('declares UTF-8 and keeps non-ASCII text intact', () => {
    const content = readGsps(writeGspsPart10(unicodeInput));
    expect(content.creator).toBe('Müller^Jürgen');
    expect(content.label).toBe('BEFUND LUNGE _ G');
    expect(content.description).toBe('Rundherd rechts, Größe 14 mm');
    expect(content.texts.map((t) => t.text)).toEqual(['Ø 14,2 mm', 'Rundherd – größer']);
    expect(buildGsps({ ...ctInput, annotations: [{ ...CT_ANNOTATIONS[0]!, text: '42 mm' }] })['SpecificCharacterSet']).toBeUndefined();
  });

  it('keeps rotation, flip, magnification, window and inversion', () => {
    const content = readGsps(writeGspsPart10(rotatedInput));
    expect(content.spatial).toEqual({ rotation: 90, horizontalFlip: true });
    expect(content.displayedAreas).toEqual([{ tlhc: [129, 129], brhc: [384, 384], sizeMode: 'MAGNIFY', magnification: 2 }]);
    expect(content.voi).toEqual([{ center: -600, width: 1500, explanation: 'LUNG' }]);
    expect(content.presentationLutShape).toBe('INVERSE');
  });

  it('maps inversion through MONOCHROME1', () => {
    const mono1 = { ...ctInput, referencedImages: ctInput.referencedImages.map((i) => ({ ...i, photometricInterpretation: 'MONOCHROME1' })) };
    expect(buildGsps(mono1)['PresentationLUTShape']).toBe('INVERSE');
    expect(buildGsps({ ...mono1, invert: true })['PresentationLUTShape']).toBe('IDENTITY');
  });

  it('refuses annotations on images it does not reference', () => {
    expect(() => buildGsps({ ...ctInput, annotations: [{ ...CT_ANNOTATIONS[0]!, referencedSopInstanceUID: '1.2.3' }] })).toThrow(
      /not among the referenced images/,
    );
  });

  it('sanitises content labels and makes 2.25 UIDs', () => {
    expect(codeString('my first-read (v2)!')).toBe('MY FIRST_READ _V');
    expect(codeString('')).toBe('ANNOTATIONS');
    expect(newUid(() => '00000000-0000-4000-8000-000000000001')).toBe(`2.25.${BigInt('0x00000000000040008000000000000001')}`);
    expect(newUid()).toMatch(/^2\.25\.[1-9][0-9]{0,38}$/);
  });
});

describe('GSPS checker', () => {
  it('finds what validators miss', () => {
    const dataset = buildGsps(ctInput);
    const [item] = dataset['GraphicAnnotationSequence'] as Array<Record<string, unknown>>;
    item!['GraphicLayer'] = 'UNDECLARED';
    const graphics = item!['GraphicObjectSequence'] as Array<Record<string, unknown>>;
    graphics[0]!['NumberOfGraphicPoints'] = 3;
    graphics[3]!['NumberOfGraphicPoints'] = 3;
    graphics[3]!['GraphicData'] = [1, 2, 3, 4, 5, 6];
    graphics[5]!['GraphicAnnotationUnits'] = 'DISPLAY';
    graphics[5]!['GraphicData'] = [1.5, 0.5];
    expect(checkGsps(dataset)).toEqual([
      'Graphic Annotation 1: layer "UNDECLARED" is not in the Graphic Layer Sequence.',
      'Graphic Annotation 1, graphic 1: Number of Graphic Points 3 but Graphic Data has 4 values.',
      'Graphic Annotation 1, graphic 4: ELLIPSE with 3 points (needs 4).',
      'Graphic Annotation 1, graphic 6: DISPLAY values outside 0–1.',
    ]);
  });
});

describe('DISPLAY units', () => {
  const area = { tlhc: [11, 21] as const, brhc: [110, 70] as const, sizeMode: 'SCALE TO FIT' as const };
  it('span the displayed area from its first pixel corner to its last', () => {
    expect(displayToPixel([0, 0], area, { rotation: 0, horizontalFlip: false })).toEqual([10, 20]);
    expect(displayToPixel([1, 1], area, { rotation: 0, horizontalFlip: false })).toEqual([110, 70]);
  });
  it('follow rotation then flip', () => {
    // Rotated 90° clockwise, the display's top-left is the image's bottom-left.
    expect(displayToPixel([0, 0], area, { rotation: 90, horizontalFlip: false })).toEqual([10, 70]);
    // Then flipped, the display's top-left is the image's top-left again.
    expect(displayToPixel([0, 0], area, { rotation: 90, horizontalFlip: true })).toEqual([10, 20]);
    expect(displayToPixel([1, 0], area, { rotation: 180, horizontalFlip: false })).toEqual([10, 70]);
  });
});
