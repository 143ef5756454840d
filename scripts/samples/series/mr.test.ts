import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../catalogue.ts';
import { planeGrid, slicePosition, type AxialStack } from '../geometry.ts';
import { HeadTissue, headLabels } from '../phantoms/head.ts';
import { planSeries } from './index.ts';

const study = CATALOGUE.find((s) => s.key === 'mr-brain')!;
const byKey = (key: string) => study.series.find((s) => s.key === key)!;
const stackOf = (key: string): AxialStack => {
  const { phantom } = byKey(key);
  if (phantom.kind !== 'mr-head') throw new Error(`${key} is not an MR head series`);
  return phantom.stack;
};

/** Mean stored value over the pixels of one tissue in one slice. */
function meanOf(key: string, index: number, tissue: HeadTissue): number {
  const stack = stackOf(key);
  const labels = headLabels(planeGrid(stack), slicePosition(stack, index)[2]);
  const pixels = planSeries(study, byKey(key)).instance(index).pixelData as Uint16Array;
  let sum = 0;
  let n = 0;
  for (let row = 0; row < stack.rows; row++) {
    for (let column = 0; column < stack.columns; column++) {
      if (labels.labelAt(row, column) !== tissue) continue;
      sum += pixels[row * stack.columns + column]!;
      n++;
    }
  }
  if (n === 0) throw new Error(`no pixel of tissue ${tissue} in ${key} slice ${index}`);
  return sum / n;
}

describe('MRI Brain sample', () => {
  it('has T1, T2, FLAIR and a diffusion trace, in that order', () => {
    expect(study.series.map((s) => [s.number, s.description])).toEqual([
      [3, 'T1 SE axial'],
      [4, 'T2 TSE axial'],
      [5, 'FLAIR axial'],
      [6, 'DWI b1000 trace axial'],
    ]);
  });

  it('FLAIR and DWI cover the slices and the field of view of T1, in its frame of reference', () => {
    const t1 = stackOf('t1-axial');
    const t1First = planSeries(study, byKey('t1-axial')).instance(0).dataset;
    for (const key of ['flair-axial', 'dwi-axial']) {
      const stack = stackOf(key);
      expect(stack.count).toBe(t1.count);
      expect(stack.rows).toBeLessThanOrEqual(t1.rows);
      expect(stack.columns * stack.pixelSpacing).toBe(t1.columns * t1.pixelSpacing);
      const plan = planSeries(study, byKey(key));
      expect(plan.instanceCount).toBe(t1.count);
      for (const index of [0, t1.count - 1]) {
        const dataset = plan.instance(index).dataset;
        expect(dataset['FrameOfReferenceUID']).toBe(t1First['FrameOfReferenceUID']);
        expect((dataset['ImagePositionPatient'] as number[])[2]).toBe(slicePosition(t1, index)[2]);
      }
    }
  });

  it('FLAIR names its inversion recovery; DWI its b value', () => {
    const flair = planSeries(study, byKey('flair-axial')).instance(0).dataset;
    expect(flair).toMatchObject({ InversionTime: 2500, ScanOptions: 'IR', SequenceName: '*tir2d1_16', ScanningSequence: ['SE', 'IR'] });
    const dwi = planSeries(study, byKey('dwi-axial')).instance(0).dataset;
    expect(dwi).toMatchObject({ DiffusionBValue: 1000, DiffusionDirectionality: 'ISOTROPIC', ScanningSequence: 'EP', SequenceName: '*ep_b1000t' });
    expect(dwi['ImageType']).toEqual(['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW']);
  });

  it('CSF is dark on FLAIR and DWI and bright on T2; grey matter is brighter than white on FLAIR', () => {
    const slice = 8; // z = 38: ventricles and cortex
    expect(meanOf('t2-axial', slice, HeadTissue.CSF)).toBeGreaterThan(2 * meanOf('t2-axial', slice, HeadTissue.GREY));
    expect(meanOf('flair-axial', slice, HeadTissue.CSF)).toBeLessThan(meanOf('flair-axial', slice, HeadTissue.WHITE) / 3);
    expect(meanOf('flair-axial', slice, HeadTissue.GREY)).toBeGreaterThan(meanOf('flair-axial', slice, HeadTissue.WHITE));
    expect(meanOf('dwi-axial', slice, HeadTissue.CSF)).toBeLessThan(meanOf('dwi-axial', slice, HeadTissue.WHITE) / 3);
  });
});
