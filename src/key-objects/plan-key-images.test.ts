import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { GSPS_SOP_CLASS_UID } from '../gsps/build-gsps.ts';
import type { PlannedSeries } from '../gsps/plan-presentations.ts';
import type { PresentationInput } from '../gsps/types.ts';
import { planKeyImages, type MarkedImage } from './plan-key-images.ts';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const ENHANCED_CT = '1.2.840.10008.5.1.4.1.1.2.1';

const dataset = (sopClass: string, sop: string): DicomJsonDataset => ({
  '00080016': { vr: 'UI', Value: [sopClass] },
  '00080018': { vr: 'UI', Value: [sop] },
  '00080050': { vr: 'SH', Value: ['ACC7'] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
  '00100020': { vr: 'LO', Value: ['P7'] },
  '00081030': { vr: 'LO', Value: ['CT HEAD'] },
});

const mark = (sop: string, frameNumber = 1, sopClass = CT, study = '1.1', series = '1.1.1'): MarkedImage => ({
  studyInstanceUID: study,
  seriesInstanceUID: series,
  sopInstanceUID: sop,
  frameNumber,
  dataset: dataset(sopClass, sop),
});

/** A presentation series of this save referencing the given images (only what planKeyImages reads). */
const presentations = (study: string, series: string, states: Array<{ uid: string; images: Array<{ sop: string; frame?: number }> }>): PlannedSeries => ({
  studyInstanceUID: study,
  seriesInstanceUID: series,
  seriesNumber: 5,
  presentations: states.map(
    (s) =>
      ({
        uids: { seriesInstanceUID: series, sopInstanceUID: s.uid },
        referencedImages: s.images.map((i) => ({ sopInstanceUID: i.sop, ...(i.frame ? { frameNumber: i.frame } : {}) })),
      }) as unknown as PresentationInput,
  ),
});

let uids = 0;
const input = (marks: MarkedImage[], series: PlannedSeries[] = []) => ({
  marks,
  presentations: series,
  now: new Date('2026-12-03T21:00:00Z'),
  newUid: () => `2.25.${++uids}`,
  seriesNumber: (study: string) => (study === '1.1' ? 6 : 3),
});

describe('planKeyImages', () => {
  it('makes one "Of Interest" document per study, images in marking order, with the study facts of the images', () => {
    const { documents, missing } = planKeyImages(input([mark('1.1.1.2'), mark('9.1.1.1', 1, CT, '9.1', '9.1.1'), mark('1.1.1.1')]));
    expect(missing).toBe(0);
    expect(documents.map((d) => [d.document.studyInstanceUid, d.seriesNumber, d.document.images.map((i) => i.sopInstanceUid)])).toEqual([
      ['1.1', 6, ['1.1.1.2', '1.1.1.1']],
      ['9.1', 3, ['9.1.1.1']],
    ]);
    const first = documents[0]!.document;
    expect(first.title).toBe('of-interest');
    expect(first.patient).toMatchObject({ id: 'P7', name: 'Doe^Jane' });
    expect(first.accessionNumber).toBe('ACC7');
    expect(first.study.description).toBe('CT HEAD');
    expect(first.createdAt).toBe('2026-12-03T21:00:00.000Z');
  });

  it('names the presentation state this save wrote for an image, and none for an image it does not reference', () => {
    const series = presentations('1.1', '2.25.900', [{ uid: '2.25.901', images: [{ sop: '1.1.1.1' }] }]);
    const { documents } = planKeyImages(input([mark('1.1.1.1'), mark('1.1.1.2')], [series]));
    expect(documents[0]!.document.images.map((i) => i.presentationState)).toEqual([
      { seriesInstanceUid: '2.25.900', sopClassUid: GSPS_SOP_CLASS_UID, sopInstanceUid: '2.25.901' },
      undefined,
    ]);
    expect(documents[0]!.withPresentationState).toBe(1);
  });

  it('matches frames of a multi-frame image, and never a presentation state of another study', () => {
    const own = presentations('1.1', '2.25.910', [{ uid: '2.25.911', images: [{ sop: '1.1.1.5', frame: 2 }] }]);
    const other = presentations('9.1', '2.25.920', [{ uid: '2.25.921', images: [{ sop: '1.1.1.5', frame: 3 }] }]);
    const { documents } = planKeyImages(input([mark('1.1.1.5', 2, ENHANCED_CT), mark('1.1.1.5', 3, ENHANCED_CT)], [other, own]));
    expect(documents[0]!.document.images.map((i) => [i.frameNumber, i.presentationState?.sopInstanceUid])).toEqual([
      [2, '2.25.911'],
      [3, undefined],
    ]);
  });

  it('leaves out, and counts, a mark whose image information is missing', () => {
    const { documents, missing } = planKeyImages(input([{ ...mark('1.1.1.1'), dataset: undefined }, mark('1.1.1.2')]));
    expect(missing).toBe(1);
    expect(documents[0]!.document.images.map((i) => i.sopInstanceUid)).toEqual(['1.1.1.2']);
  });
});
