import { describe, expect, it } from 'vitest';
import { CATALOGUE, CURRENT_CHEST_STACK } from './catalogue.ts';
import { chestKnownValues } from './known-values.ts';
import { planSeries } from './series/index.ts';
import { TransferSyntax } from './transfer-syntaxes.ts';
import { part10Bytes, readPart10 } from './write-part10.ts';

const chestStudy = CATALOGUE.find((s) => s.key === 'ct-chest-current')!;
const chestSeries = chestStudy.series[0]!;
const plan = planSeries(chestStudy, chestSeries);

function writeAndRead(index: number) {
  const draft = plan.instance(index);
  const bytes = part10Bytes(draft.dataset, draft.pixelData);
  return { bytes, ...readPart10(bytes) };
}

describe('Part 10 of a chest CT slice', () => {
  const first = writeAndRead(0);
  const second = writeAndRead(1);

  it('has a File Meta header for Explicit VR Little Endian', () => {
    expect(Buffer.from(first.bytes.subarray(128, 132)).toString('latin1')).toBe('DICM');
    expect(first.meta['TransferSyntaxUID']).toBe(TransferSyntax.explicitLittleEndian);
    expect(first.meta['MediaStorageSOPInstanceUID']).toBe(first.dataset['SOPInstanceUID']);
    expect(first.meta['MediaStorageSOPClassUID']).toBe('1.2.840.10008.5.1.4.1.1.2');
  });

  it('steps Image Position (Patient) along z by the slice spacing', () => {
    const [x0, y0, z0] = first.dataset['ImagePositionPatient'] as number[];
    const [x1, y1, z1] = second.dataset['ImagePositionPatient'] as number[];
    expect([x0, y0, z0]).toEqual([-179.6484375, -179.6484375, -30]);
    expect([x1, y1]).toEqual([x0, y0]);
    expect(z1! - z0!).toBeCloseTo(-1.25, 10);
    expect(second.dataset['SliceLocation']).toBe(z1);
    expect(first.dataset['ImageOrientationPatient']).toEqual([1, 0, 0, 0, 1, 0]);
    expect(first.dataset['SliceThickness']).toBe(1.25);
    expect(first.dataset['PixelSpacing']).toEqual([0.703125, 0.703125]);
    expect(first.dataset['InstanceNumber']).toBe(1);
    expect(second.dataset['InstanceNumber']).toBe(2);
    expect(second.dataset['FrameOfReferenceUID']).toBe(first.dataset['FrameOfReferenceUID']);
  });

  it('stores signed 16-bit values with rescale to HU', () => {
    expect(first.dataset).toMatchObject({
      Rows: 512,
      Columns: 512,
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 1,
      RescaleIntercept: -1024,
      RescaleSlope: 1,
      RescaleType: 'HU',
      Modality: 'CT',
      BodyPartExamined: 'CHEST',
      KVP: 120,
      WindowCenter: [40, -600],
      WindowWidth: [400, 1500],
      WindowCenterWidthExplanation: ['MEDIASTINUM', 'LUNG'],
    });
  });

  it('keeps the non-ASCII patient name with its character set', () => {
    expect(first.dataset['SpecificCharacterSet']).toBe('ISO_IR 192');
    expect(first.dataset['PatientName']).toEqual([{ Alphabetic: 'Müller^Jürgen' }]);
  });

  it('carries the known pixel values in its pixel data', () => {
    const known = chestKnownValues(chestStudy, chestSeries).knownPixels.find((p) => p.name === 'vertebral body')!;
    const { dataset } = writeAndRead(known.sliceIndex);
    const pixels = new Int16Array((dataset['PixelData'] as ArrayBuffer[])[0]!);
    const stored = pixels[known.row * CURRENT_CHEST_STACK.columns + known.column]!;
    expect(stored).toBe(known.storedValue);
    expect(stored * (dataset['RescaleSlope'] as number) + (dataset['RescaleIntercept'] as number)).toBe(known.hu);
  });

  it('is byte-identical when written again', () => {
    expect(Buffer.compare(Buffer.from(writeAndRead(0).bytes), Buffer.from(first.bytes))).toBe(0);
  });
});

describe('first instance of every catalogue series', () => {
  const cases = CATALOGUE.flatMap((study) => study.series.map((series) => [`${study.key}/${series.key}`, study, series] as const));

  it.each(cases)('%s has pixel data of the declared size', (_name, study, series) => {
    const draft = planSeries(study, series).instance(0);
    const { dataset } = readPart10(part10Bytes(draft.dataset, draft.pixelData));
    const frames = Number(dataset['NumberOfFrames'] ?? 1);
    const expected =
      (dataset['Rows'] as number) *
      (dataset['Columns'] as number) *
      (dataset['SamplesPerPixel'] as number) *
      ((dataset['BitsAllocated'] as number) / 8) *
      frames;
    expect((dataset['PixelData'] as ArrayBuffer[])[0]!.byteLength).toBe(expected);
    expect(dataset['StudyInstanceUID']).toMatch(/^2\.25\.\d+$/);
  });
});
