import { beforeEach, describe, expect, it } from 'vitest';
import { wadorsImageId } from '../../imaging/wadors-image-id.ts';
import { usePresentationDraftStore } from '../annotations/presentation-draft-store.ts';
import { marksOfStudy, useKeyImageMarks } from './key-image-marks.ts';

const image = (study: string, sop: string, frame = 1) => wadorsImageId('/dicom-web', study, `${study}.1`, sop, frame);

describe('key-image marks', () => {
  beforeEach(() => {
    useKeyImageMarks.setState({ marks: [] });
    usePresentationDraftStore.getState().reset();
  });

  it('marks and unmarks an image, in marking order, and makes its study unsaved', () => {
    const { toggle } = useKeyImageMarks.getState();
    expect(toggle(image('1.2', '1.2.1.7'))).toBe(true);
    expect(toggle(image('1.2', '1.2.1.3', 2))).toBe(true);
    expect(marksOfStudy('1.2').map((m) => [m.sopInstanceUID, m.frameNumber, m.seriesInstanceUID])).toEqual([
      ['1.2.1.7', 1, '1.2.1'],
      ['1.2.1.3', 2, '1.2.1'],
    ]);
    expect(usePresentationDraftStore.getState().unsaved.has('1.2')).toBe(true);
    expect(toggle(image('1.2', '1.2.1.7'))).toBe(false);
    expect(marksOfStudy('1.2').map((m) => m.sopInstanceUID)).toEqual(['1.2.1.3']);
  });

  it('refuses an image id that names no WADO-RS frame', () => {
    expect(useKeyImageMarks.getState().toggle('dicomfile:0')).toBeUndefined();
    expect(useKeyImageMarks.getState().marks).toEqual([]);
  });

  it('restores a draft’s marks once each, and forgets a closed study’s', () => {
    const { restore, forgetStudies } = useKeyImageMarks.getState();
    restore([image('1.2', '1.2.1.7'), image('1.2', '1.2.1.7'), image('3.4', '3.4.1.1'), 'not-an-image']);
    expect(useKeyImageMarks.getState().marks.map((m) => m.sopInstanceUID)).toEqual(['1.2.1.7', '3.4.1.1']);
    forgetStudies(new Set(['1.2']));
    expect(useKeyImageMarks.getState().marks.map((m) => m.studyInstanceUID)).toEqual(['3.4']);
  });
});
