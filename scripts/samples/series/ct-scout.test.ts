import { describe, expect, it } from 'vitest';
import { CATALOGUE, OTHER_ISSUER_SCOUT, SMALL_CHEST_STACK } from '../catalogue.ts';
import { scoutRowAt, slicePosition } from '../geometry.ts';
import { planSeries } from './index.ts';

const study = CATALOGUE.find((s) => s.key === 'ct-chest-other-issuer')!;
const scoutSeries = study.series.find((s) => s.key === 'scout')!;
const axialSeries = study.series.find((s) => s.key === 'axial')!;
const scout = planSeries(study, scoutSeries);
const { dataset, pixelData } = scout.instance(0);
const pixels = pixelData as Uint16Array;
const at = (row: number, column: number) => pixels[row * OTHER_ISSUER_SCOUT.columns + column]!;

describe('the CT localizer of the other issuer’s chest CT', () => {
  it('is one coronal LOCALIZER image in the frame of reference of the axial series', () => {
    expect(scout.instanceCount).toBe(1);
    const axial = planSeries(study, axialSeries).instance(0).dataset;
    expect(dataset).toMatchObject({
      Modality: 'CT',
      ImageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'],
      ImageOrientationPatient: [1, 0, 0, 0, 0, -1],
      ImagePositionPatient: [-199.375, 0, 0],
      PixelSpacing: [1.25, 1.25],
      Rows: 256,
      Columns: 320,
      FrameOfReferenceUID: axial['FrameOfReferenceUID'],
    });
    expect(scoutSeries.number).toBeLessThan(axialSeries.number);
  });

  it('puts every axial slice on a whole row: 20, 24, … 176', () => {
    const rows = Array.from({ length: SMALL_CHEST_STACK.count }, (_, i) => scoutRowAt(OTHER_ISSUER_SCOUT, slicePosition(SMALL_CHEST_STACK, i)[2]));
    expect(rows).toEqual(Array.from({ length: SMALL_CHEST_STACK.count }, (_, i) => 20 + 4 * i));
  });

  it('is a projection: nothing beside the body and the table, spine brighter than lung', () => {
    // Column 0 lies at x = −199.4 mm, beyond the table (±175 mm) and the body.
    for (const row of [0, 100, 255]) expect(at(row, 0)).toBe(0);
    // Row 100 (z = −125): the spine at x = 0 (column 159.5), the right lung at x = −80 (column 95.5).
    expect(at(100, 160)).toBeGreaterThan(at(100, 95) + 500);
  });
});
