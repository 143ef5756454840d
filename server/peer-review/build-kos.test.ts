import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPart10 } from '../../src/gsps/dcmjs.ts';
import { runValidator } from '../../scripts/testing/gsps-tools.ts';
import { buildKos, KEY_OBJECT_SELECTION, kosUids, writeKos } from './build-kos.ts';
import type { KosRequest } from './kos-request.ts';

type Item = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dir = mkdtempSync(join(tmpdir(), 'readroom-kos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CT = '1.2.840.10008.5.1.4.1.1.2';
const ENHANCED_CT = '1.2.840.10008.5.1.4.1.1.2.1';

function request(overrides: Partial<KosRequest> = {}): KosRequest {
  return {
    reviewId: 'prv_0001',
    sourceId: 'dev',
    studyInstanceUid: '1.2.826.0.1.3680043.8.498.11',
    accessionNumber: 'ACC-2026-001',
    patient: { id: 'PAT-42', issuer: 'HOSPITAL_A', name: 'Müller^Anna^Maria', birthDate: '19700214', sex: 'F' },
    study: { date: '20261201', time: '101500', description: 'CT CHEST WITH CONTRAST', modalities: ['CT'], referringPhysician: 'Ref^Rita' },
    title: 'quality-issue',
    createdAt: '2026-12-03T15:04:05.000Z',
    images: [
      { seriesInstanceUid: '1.2.826.0.1.3680043.8.498.12', sopClassUid: CT, sopInstanceUid: '1.2.826.0.1.3680043.8.498.13' },
      { seriesInstanceUid: '1.2.826.0.1.3680043.8.498.12', sopClassUid: CT, sopInstanceUid: '1.2.826.0.1.3680043.8.498.14', frameNumber: 1 },
      { seriesInstanceUid: '1.2.826.0.1.3680043.8.498.15', sopClassUid: ENHANCED_CT, sopInstanceUid: '1.2.826.0.1.3680043.8.498.16', frameNumber: 7 },
    ],
    ...overrides,
  };
}

const CASES: Record<string, KosRequest> = {
  'quality issue, three images in two series, non-ASCII patient': request(),
  'for peer review, one image, ASCII only': request({
    reviewId: 'prv_0002',
    title: 'for-peer-review',
    patient: { id: 'P1', issuer: '', name: 'Doe^Jane', birthDate: '', sex: '' },
    images: [request().images[0]!],
  }),
};

describe.each(Object.entries(CASES))('KOS: %s', (name, kos) => {
  it('passes dciodvfy without errors', async () => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.dcm`);
    writeFileSync(file, new Uint8Array(writeKos(kos)));
    const { output } = await runValidator('dciodvfy', [file]);
    expect(output).toMatch(/KeyObjectSelectionDocument/);
    expect(output.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);
  });
});

describe('KOS content', () => {
  it('is a KO series of its own in the reviewed study, with UIDs derived from the review id (a retry stores the same object)', () => {
    const kos = buildKos(request()) as Item;
    expect(kos['SOPClassUID']).toBe(KEY_OBJECT_SELECTION);
    expect(kos['StudyInstanceUID']).toBe(request().studyInstanceUid);
    expect(kos['Modality']).toBe('KO');
    expect(kos['SeriesInstanceUID']).toBe(kosUids('prv_0001').seriesInstanceUid);
    expect(kos['SOPInstanceUID']).toBe(kosUids('prv_0001').sopInstanceUid);
    expect(kosUids('prv_0001').sopInstanceUid).toMatch(/^2\.25\.[1-9][0-9]{0,38}$/);
    expect(kosUids('prv_0002').sopInstanceUid).not.toBe(kosUids('prv_0001').sopInstanceUid);
    expect(Buffer.from(writeKos(request())).equals(Buffer.from(writeKos(request())))).toBe(true);
  });

  it('has its title from CID 7010 and TID 2010, an IMAGE item per image and every image in the evidence', () => {
    const kos = buildKos(request()) as Item;
    expect(kos['ConceptNameCodeSequence'][0]).toEqual({ CodeValue: '113010', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Quality Issue' });
    expect((buildKos(request({ title: 'for-peer-review' })) as Item)['ConceptNameCodeSequence'][0].CodeValue).toBe('113008');
    expect(kos['ContentTemplateSequence']).toEqual([{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }]);
    const items = kos['ContentSequence'] as Item[];
    expect(items.map((i) => [i['ValueType'], i['ReferencedSOPSequence'][0].ReferencedSOPInstanceUID])).toEqual([
      ['IMAGE', '1.2.826.0.1.3680043.8.498.13'],
      ['IMAGE', '1.2.826.0.1.3680043.8.498.14'],
      ['IMAGE', '1.2.826.0.1.3680043.8.498.16'],
    ]);
    // A frame number only for a multi-frame class.
    expect(items[1]!['ReferencedSOPSequence'][0].ReferencedFrameNumber).toBeUndefined();
    expect(items[2]!['ReferencedSOPSequence'][0].ReferencedFrameNumber).toEqual([7]);
    const series = kos['CurrentRequestedProcedureEvidenceSequence'][0].ReferencedSeriesSequence as Item[];
    expect(series.map((s) => [s['SeriesInstanceUID'], s['ReferencedSOPSequence'].length])).toEqual([
      ['1.2.826.0.1.3680043.8.498.12', 2],
      ['1.2.826.0.1.3680043.8.498.15', 1],
    ]);
  });

  it('holds no score, comment or person other than the patient and the referring physician', () => {
    const text = Buffer.from(writeKos(request())).toString('latin1');
    for (const absent of ['3b', 'RADPEER', 'Reviewer', 'Radiologist', 'comment']) expect(text).not.toContain(absent);
    const { dataset } = readPart10(writeKos(request()));
    expect(Object.keys(dataset).filter((key) => /Observer|Operator|Author|Verif/.test(key))).toEqual([]);
    expect((dataset['PatientName'] as Item[])[0]!['Alphabetic']).toBe('Müller^Anna^Maria');
  });

  it('refuses an empty selection', () => {
    expect(() => buildKos(request({ images: [] }))).toThrow(RangeError);
  });
});
