// @ts-expect-error dcmjs ships no type declarations.
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { readKeyObjectSelection } from '../dicomweb/key-objects.ts';
import { buildKeyObjectDocument, KEY_OBJECT_SELECTION, writeKeyObjectPart10, type KeyObjectDocument } from './build-kos.ts';

type Item = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CT = '1.2.840.10008.5.1.4.1.1.2';
const GSPS = '1.2.840.10008.5.1.4.1.1.11.1';

const doc: KeyObjectDocument = {
  seriesInstanceUid: '2.25.100',
  sopInstanceUid: '2.25.101',
  studyInstanceUid: '1.2.3',
  accessionNumber: 'ACC1',
  patient: { id: 'P1', issuer: '', name: 'Doe^Jane', birthDate: '19600101', sex: 'F' },
  study: { date: '20261201', time: '101500', description: 'CT HEAD', referringPhysician: '' },
  title: 'of-interest',
  createdAt: '2026-12-03T21:00:00.000Z',
  images: [
    {
      seriesInstanceUid: '1.2.3.1',
      sopClassUid: CT,
      sopInstanceUid: '1.2.3.1.5',
      presentationState: { seriesInstanceUid: '2.25.7', sopClassUid: GSPS, sopInstanceUid: '2.25.8' },
    },
    { seriesInstanceUid: '1.2.3.1', sopClassUid: CT, sopInstanceUid: '1.2.3.1.9' },
  ],
};

/** The written file as an archive's WADO-RS metadata gives it (DICOM JSON). */
function asDicomJson(bytes: ArrayBuffer): DicomJsonDataset {
  return (dcmjs as Item).data.DicomMessage.readFile(bytes).dict as DicomJsonDataset;
}

describe('key object document', () => {
  it('is titled 113000 "Of Interest" and names each image, with its presentation state when it has one', () => {
    const kos = buildKeyObjectDocument(doc, { seriesNumber: 7 }) as Item;
    expect(kos['SOPClassUID']).toBe(KEY_OBJECT_SELECTION);
    expect(kos['ConceptNameCodeSequence']).toEqual([{ CodeValue: '113000', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Of Interest' }]);
    expect(kos['SeriesDescription']).toBe('Of Interest');
    expect(kos['SeriesNumber']).toBe(7);
    const [first, second] = kos['ContentSequence'] as Item[];
    expect(first!['ReferencedSOPSequence'][0].ReferencedSOPSequence).toEqual([{ ReferencedSOPClassUID: GSPS, ReferencedSOPInstanceUID: '2.25.8' }]);
    expect(second!['ReferencedSOPSequence'][0].ReferencedSOPSequence).toBeUndefined();
  });

  it('lists the images and the presentation states in the evidence, each series once', () => {
    const kos = buildKeyObjectDocument(doc) as Item;
    const series = kos['CurrentRequestedProcedureEvidenceSequence'][0].ReferencedSeriesSequence as Item[];
    expect(series.map((s) => [s['SeriesInstanceUID'], s['ReferencedSOPSequence'].map((r: Item) => r['ReferencedSOPInstanceUID'])])).toEqual([
      ['1.2.3.1', ['1.2.3.1.5', '1.2.3.1.9']],
      ['2.25.7', ['2.25.8']],
    ]);
  });

  it('reads back, once written, as a key-image set whose first image names its presentation state', () => {
    const set = readKeyObjectSelection(asDicomJson(writeKeyObjectPart10(buildKeyObjectDocument(doc))));
    expect(set?.title).toBe('Of Interest');
    expect(set?.images.map((i) => [i.seriesInstanceUID, i.sopInstanceUID, i.presentationState])).toEqual([
      ['1.2.3.1', '1.2.3.1.5', { sopClassUID: GSPS, sopInstanceUID: '2.25.8', seriesInstanceUID: '2.25.7' }],
      ['1.2.3.1', '1.2.3.1.9', undefined],
    ]);
  });

  it('is the same object for the same document', () => {
    const write = () => new Uint8Array(writeKeyObjectPart10(buildKeyObjectDocument(doc)));
    expect(write()).toEqual(write());
  });
});
