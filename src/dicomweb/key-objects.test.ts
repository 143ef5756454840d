import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from './dicom-json.ts';
import { KOS_SOP_CLASS_UID, readKeyObjectSelection } from './key-objects.ts';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const code = (value: string, meaning?: string) => ({
  '00080100': { vr: 'SH', Value: [value] },
  '00080102': { vr: 'SH', Value: ['DCM'] },
  ...(meaning ? { '00080104': { vr: 'LO', Value: [meaning] } } : {}),
});
const sopRef = (sop: string, frames?: number[]) => ({
  '00081150': { vr: 'UI', Value: [CT] },
  '00081155': { vr: 'UI', Value: [sop] },
  ...(frames ? { '00081160': { vr: 'IS', Value: frames } } : {}),
});
const imageItem = (sop: string, frames?: number[]) => ({
  '0040A010': { vr: 'CS', Value: ['CONTAINS'] },
  '0040A040': { vr: 'CS', Value: ['IMAGE'] },
  '00081199': { vr: 'SQ', Value: [sopRef(sop, frames)] },
});

/** A KOS as an archive's WADO-RS metadata gives it (hand-written DICOM JSON, TID 2010). */
function kos(title: ReturnType<typeof code>, content: unknown[]): DicomJsonDataset {
  return {
    '00080016': { vr: 'UI', Value: [KOS_SOP_CLASS_UID] },
    '00080018': { vr: 'UI', Value: ['9.9.9.1'] },
    '00080060': { vr: 'CS', Value: ['KO'] },
    '0020000E': { vr: 'UI', Value: ['9.9.9'] },
    '00080023': { vr: 'DA', Value: ['20261203'] },
    '00080033': { vr: 'TM', Value: ['101500'] },
    '0040A043': { vr: 'SQ', Value: [title] },
    '0040A730': { vr: 'SQ', Value: content },
    '0040A375': {
      vr: 'SQ',
      Value: [
        {
          '0020000D': { vr: 'UI', Value: ['1.2.3'] },
          '00081115': {
            vr: 'SQ',
            Value: [
              { '0020000E': { vr: 'UI', Value: ['1.2.3.1'] }, '00081199': { vr: 'SQ', Value: [sopRef('1.2.3.1.5'), sopRef('1.2.3.1.6')] } },
              { '0020000E': { vr: 'UI', Value: ['1.2.3.2'] }, '00081199': { vr: 'SQ', Value: [sopRef('1.2.3.2.7')] } },
            ],
          },
        },
      ],
    },
  } as DicomJsonDataset;
}

describe('readKeyObjectSelection', () => {
  it('reads the title and every selected image with its series and frames', () => {
    const doc = readKeyObjectSelection(
      kos(code('113008', 'For Peer Review'), [
        imageItem('1.2.3.1.5'),
        imageItem('1.2.3.2.7', [2, 4]),
        imageItem('1.2.3.1.6'),
        imageItem('1.2.3.1.5'),
        {
          '0040A010': { vr: 'CS', Value: ['CONTAINS'] },
          '0040A040': { vr: 'CS', Value: ['TEXT'] },
          '0040A043': { vr: 'SQ', Value: [code('113012', 'Key Object Description')] },
          '0040A160': { vr: 'UT', Value: ['Nodule'] },
        },
      ]),
    );
    expect(doc).toMatchObject({ sopInstanceUID: '9.9.9.1', seriesInstanceUID: '9.9.9', titleCode: '113008', title: 'For Peer Review', description: 'Nodule' });
    expect(doc?.images).toEqual([
      { studyInstanceUID: '1.2.3', seriesInstanceUID: '1.2.3.1', sopClassUID: CT, sopInstanceUID: '1.2.3.1.5', frameNumbers: undefined },
      { studyInstanceUID: '1.2.3', seriesInstanceUID: '1.2.3.2', sopClassUID: CT, sopInstanceUID: '1.2.3.2.7', frameNumbers: [2, 4] },
      { studyInstanceUID: '1.2.3', seriesInstanceUID: '1.2.3.1', sopClassUID: CT, sopInstanceUID: '1.2.3.1.6', frameNumbers: undefined },
    ]);
  });

  it("names a title without a Code Meaning from CID 7010, and an unknown one 'Key images'", () => {
    expect(readKeyObjectSelection(kos(code('113010'), []))?.title).toBe('Quality Issue');
    expect(readKeyObjectSelection(kos(code('999999'), []))?.title).toBe('Key images');
  });

  it('is undefined for another SOP class', () => {
    const other = kos(code('113008', 'For Peer Review'), []);
    other['00080016'] = { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.11'] };
    expect(readKeyObjectSelection(other)).toBeUndefined();
  });

  it('leaves series unknown for an image the evidence does not list', () => {
    expect(readKeyObjectSelection(kos(code('113008', 'For Peer Review'), [imageItem('5.5.5')]))?.images[0]).toMatchObject({
      sopInstanceUID: '5.5.5',
      seriesInstanceUID: undefined,
    });
  });
});
