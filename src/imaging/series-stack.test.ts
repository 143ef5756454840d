import { describe, expect, it } from 'vitest';
import { buildSeriesStack } from './series-stack.ts';

const instance = (sop: string, z: number, frames?: number) => ({
  '00080018': { vr: 'UI', Value: [sop] },
  '00280010': { vr: 'US', Value: [4] },
  '00200032': { vr: 'DS', Value: [0, 0, z] },
  '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
  ...(frames ? { '00280008': { vr: 'IS', Value: [frames] } } : {}),
});

describe('buildSeriesStack', () => {
  it('makes one wadors image id per frame, in anatomical order', () => {
    const stack = buildSeriesStack('/dicom-web', '1.2', '1.2.3', [instance('1.2.3.2', 0), instance('1.2.3.1', 5)]);
    expect(stack.map((s) => s.imageId)).toEqual([
      'wadors:/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.1/frames/1',
      'wadors:/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.2/frames/1',
    ]);
  });
  it('expands multi-frame instances', () => {
    const stack = buildSeriesStack('/dicom-web', '1.2', '1.2.3', [instance('1.2.3.9', 0, 3)]);
    expect(stack.map((s) => s.frameNumber)).toEqual([1, 2, 3]);
    expect(stack[2]!.imageId.endsWith('/frames/3')).toBe(true);
  });
  it('describes each image once, for its own frame', () => {
    const stack = buildSeriesStack('/dicom-web', '1.2', '1.2.3', [instance('1.2.3.9', 0, 2)]);
    expect(stack.map((s) => [s.descriptor.frameNumber, s.descriptor.numberOfFrames, s.descriptor.rows])).toEqual([
      [1, 2, 4],
      [2, 2, 4],
    ]);
    expect(stack[0]!.descriptor.imagePositionPatient).toEqual([0, 0, 0]);
  });
  it('drops instances without pixels', () => {
    const noPixels = { '00080018': { vr: 'UI', Value: ['1.2.3.4'] } };
    expect(buildSeriesStack('/dicom-web', '1.2', '1.2.3', [noPixels])).toEqual([]);
  });
});
