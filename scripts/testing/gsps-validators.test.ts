import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGsps, writeGspsPart10 } from '../../src/gsps/build-gsps.ts';
import { checkGsps } from '../../src/gsps/check-gsps.ts';
import { writePart10 } from '../../src/gsps/dcmjs.ts';
import { readGsps } from '../../src/gsps/read-gsps.ts';
import type { PresentationInput } from '../../src/gsps/types.ts';
import { ALL_INPUTS, CT_SOP_UID, ctInput } from './gsps-fixtures.ts';
import { referencedImageFile, runValidator } from './gsps-tools.ts';

/**
 * Every GSPS the writer produces goes through Debian's independent validators (dicom3tools, DCMTK);
 * the reader is tested against GSPS written by DCMTK and by hand with exotic features.
 */

const dir = mkdtempSync(join(tmpdir(), 'readroom-gsps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const toBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

function writeFiles(name: string, input: PresentationInput) {
  const ps = join(dir, `${name}-ps.dcm`);
  const image = join(dir, `${name}-image.dcm`);
  writeFileSync(ps, new Uint8Array(writeGspsPart10(input)));
  writeFileSync(image, referencedImageFile(input));
  return { ps, image };
}

/** dcmpschk's VR scanner knows only ISO 8859: UTF-8 bytes 0x80–0x9F ("ß", "–", "Ø") look like C1 controls to it. */
function dcmpschkErrors(output: string, unicode: boolean): string[] {
  const blocks = output.split(/^E: Error: /m).slice(1);
  return blocks.filter((block) => {
    const value = /Attribute value\s*: \[(.*)\]/.exec(block)?.[1] ?? '';
    const c1InUtf8 = [...new TextEncoder().encode(value)].some((b) => b >= 0x80 && b <= 0x9f);
    return !(unicode && /does not conform to data type/.test(block) && c1InUtf8);
  });
}

describe.each(Object.entries(ALL_INPUTS))('GSPS written for %s', (name, input) => {
  const files = writeFiles(name, input);
  const unicode = buildGsps(input)['SpecificCharacterSet'] === 'ISO_IR 192';

  it('dciodvfy reports no errors', async () => {
    const { output } = await runValidator('dciodvfy', [files.ps]);
    const warnings = output.split('\n').filter((l) => /^Warning/.test(l));
    if (warnings.length > 0) console.info(`dciodvfy warnings for ${name}:\n${warnings.join('\n')}`);
    expect(output.split('\n').filter((l) => /^Error/.test(l))).toEqual([]);
  });

  it('dcmpschk reports no errors', async () => {
    const { output, code } = await runValidator('dcmpschk', [files.ps]);
    expect(dcmpschkErrors(output, unicode)).toEqual([]);
    if (!unicode) expect(code, output).toBe(0);
  });

  it('dcmp2pgm parses every graphic and text object', async () => {
    // dcmp2pgm dumps the objects of the first frame only (its -f selects the rendered frame after the dump).
    const drawn = input.annotations.filter((a) => (a.frameNumber ?? 1) === 1);
    const { output, code } = await runValidator('dcmp2pgm', ['-v', '-p', files.ps, files.image, join(dir, `${name}.pgm`)]);
    expect(code, output).toBe(0);
    const count = (what: string) => Number(new RegExp(`Number of ${what} objects: (\\d+)`).exec(output)?.[1]);
    expect(drawn.length).toBeGreaterThan(0);
    expect(count('graphic')).toBe(drawn.length);
    expect(count('text')).toBe(drawn.filter((a) => a.text.trim() !== '').length);
  });

  it('dcentvfy finds image and presentation state consistent', async () => {
    const { output, code } = await runValidator('dcentvfy', [files.image, files.ps]);
    expect(output.split('\n').filter((l) => /^Error/.test(l))).toEqual([]);
    expect(code, output).toBe(0);
  });

  it('passes the project checker and round-trips', () => {
    const bytes = toBuffer(readFileSync(files.ps));
    const content = readGsps(bytes);
    expect(checkGsps(buildGsps(input))).toEqual([]);
    expect(content.graphics).toHaveLength(input.annotations.length);
    expect(content.warnings).toEqual([]);
  });
});

describe('reading GSPS from other writers', () => {
  it("reads DCMTK's dcmpsmk output", async () => {
    const image = join(dir, 'dcmpsmk-image.dcm');
    const ps = join(dir, 'dcmpsmk-ps.dcm');
    writeFileSync(image, referencedImageFile(ctInput));
    const { output, code } = await runValidator('dcmpsmk', [image, ps]);
    expect(code, output).toBe(0);
    const content = readGsps(toBuffer(readFileSync(ps)));
    expect(content.referencedImages.map((i) => i.sopInstanceUID)).toEqual([CT_SOP_UID]);
    expect(content.label).toBe('UNNAMED');
    expect(content.presentationLutShape).toBe('IDENTITY');
    expect(content.spatial).toEqual({ rotation: 0, horizontalFlip: false });
    expect(content.displayedAreas[0]).toMatchObject({ tlhc: [1, 1], brhc: [512, 512], sizeMode: 'SCALE TO FIT' });
    expect(content.graphics).toEqual([]);
  });

  it('reads CIRCLE, INTERPOLATED, DISPLAY units and bounding-box text', async () => {
    const dataset = buildGsps({ ...ctInput, annotations: [] });
    dataset['SpecificCharacterSet'] = 'ISO_IR 192';
    dataset['ImageRotation'] = 90;
    dataset['ImageHorizontalFlip'] = 'N';
    dataset['DisplayedAreaSelectionSequence'] = [
      {
        DisplayedAreaTopLeftHandCorner: [101, 1],
        DisplayedAreaBottomRightHandCorner: [300, 400],
        PresentationSizeMode: 'SCALE TO FIT',
        PresentationPixelAspectRatio: [1, 1],
      },
    ];
    dataset['GraphicLayerSequence'] = [
      { GraphicLayer: 'OTHER TOOL', GraphicLayerOrder: 2 },
      { GraphicLayer: 'LAYER B', GraphicLayerOrder: 1, GraphicLayerDescription: 'Second layer' },
    ];
    dataset['GraphicAnnotationSequence'] = [
      {
        ReferencedImageSequence: [{ ReferencedSOPClassUID: ctInput.referencedImages[0]!.sopClassUID, ReferencedSOPInstanceUID: CT_SOP_UID }],
        GraphicLayer: 'OTHER TOOL',
        GraphicObjectSequence: [
          {
            GraphicAnnotationUnits: 'PIXEL',
            GraphicDimensions: 2,
            NumberOfGraphicPoints: 2,
            GraphicData: [200, 200, 220, 200],
            GraphicType: 'CIRCLE',
            GraphicFilled: 'Y',
          },
          {
            GraphicAnnotationUnits: 'PIXEL',
            GraphicDimensions: 2,
            NumberOfGraphicPoints: 4,
            GraphicData: [10, 10, 50, 80, 90, 20, 130, 60],
            GraphicType: 'INTERPOLATED',
          },
          { GraphicAnnotationUnits: 'DISPLAY', GraphicDimensions: 2, NumberOfGraphicPoints: 2, GraphicData: [0, 0, 1, 1], GraphicType: 'POLYLINE' },
        ],
        TextObjectSequence: [
          {
            UnformattedTextValue: 'Läsion (Box)',
            BoundingBoxAnnotationUnits: 'DISPLAY',
            BoundingBoxTopLeftHandCorner: [0.1, 0.1],
            BoundingBoxBottomRightHandCorner: [0.5, 0.2],
            BoundingBoxTextHorizontalJustification: 'LEFT',
          },
        ],
      },
      {
        ReferencedImageSequence: [{ ReferencedSOPClassUID: ctInput.referencedImages[0]!.sopClassUID, ReferencedSOPInstanceUID: CT_SOP_UID }],
        GraphicLayer: 'LAYER B',
        TextObjectSequence: [
          {
            UnformattedTextValue: 'pixel box',
            BoundingBoxAnnotationUnits: 'PIXEL',
            BoundingBoxTopLeftHandCorner: [5, 5],
            BoundingBoxBottomRightHandCorner: [60, 20],
            BoundingBoxTextHorizontalJustification: 'CENTER',
          },
        ],
      },
    ];
    expect(checkGsps(dataset)).toEqual([]);
    const ps = join(dir, 'exotic-ps.dcm');
    const bytes = writePart10(dataset, { MediaStorageSOPClassUID: dataset['SOPClassUID'], MediaStorageSOPInstanceUID: dataset['SOPInstanceUID'] });
    writeFileSync(ps, new Uint8Array(bytes));
    const image = join(dir, 'exotic-image.dcm');
    writeFileSync(image, referencedImageFile(ctInput));
    // DCMTK accepts it too: it is a valid GSPS, just one Readroom would not write.
    const dump = await runValidator('dcmp2pgm', ['-v', '-p', ps, image, join(dir, 'exotic.pgm')]);
    expect(dump.code, dump.output).toBe(0);
    expect(dump.output).toMatch(/type=circle/);
    expect(dump.output).toMatch(/type=interpolated/);

    const content = readGsps(bytes);
    expect(content.layers.map((l) => l.name)).toEqual(['LAYER B', 'OTHER TOOL']);
    expect(content.graphics.map((g) => [g.type, g.sourceUnits, g.filled])).toEqual([
      ['CIRCLE', 'PIXEL', true],
      ['INTERPOLATED', 'PIXEL', false],
      ['POLYLINE', 'DISPLAY', false],
    ]);
    // Rotated 90° clockwise, display (0,0) is the area's bottom-left pixel corner, (1,1) its top-right.
    const display = content.graphics[2]!.points;
    expect(display[0]![0]).toBeCloseTo(100, 5);
    expect(display[0]![1]).toBeCloseTo(400, 5);
    expect(display[1]![0]).toBeCloseTo(300, 5);
    expect(display[1]![1]).toBeCloseTo(0, 5);
    const [boxText, pixelBox] = content.texts;
    expect(boxText!.text).toBe('Läsion (Box)');
    expect(boxText!.anchor).toBeUndefined();
    expect(boxText!.boundingBox!.justification).toBe('LEFT');
    // Display x 0.1–0.5 runs up the image from the bottom (rows 360→200); display y 0.1–0.2 runs along columns 120→140.
    const { tlhc, brhc } = boxText!.boundingBox!;
    [tlhc[0], tlhc[1], brhc[0], brhc[1]].forEach((v, i) => expect(v).toBeCloseTo([120, 200, 140, 360][i]!, 4));
    expect(pixelBox!.boundingBox).toEqual({ tlhc: [5, 5], brhc: [60, 20], justification: 'CENTER' });
  });
});
