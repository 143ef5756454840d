import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildKeyObjectDocument, writeKeyObjectPart10, type KeyObjectDocument } from '../../src/key-objects/build-kos.ts';
import { runValidator } from './gsps-tools.ts';

const dir = mkdtempSync(join(tmpdir(), 'readroom-reader-kos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CT = '1.2.840.10008.5.1.4.1.1.2';
const ENHANCED_CT = '1.2.840.10008.5.1.4.1.1.2.1';
const GSPS = '1.2.840.10008.5.1.4.1.1.11.1';

/** The reader's "Of Interest" key images: one with the presentation state saved with it, one without, one frame of a multi-frame image. */
const doc: KeyObjectDocument = {
  seriesInstanceUid: '2.25.331800000000000000000000000000000001',
  sopInstanceUid: '2.25.331800000000000000000000000000000002',
  studyInstanceUid: '1.2.826.0.1.3680043.8.498.21',
  accessionNumber: 'ACC-2026-018',
  patient: { id: 'PAT-18', issuer: 'HOSPITAL_A', name: 'Ørsted^Åse', birthDate: '19581130', sex: 'F' },
  study: { date: '20261203', time: '081500', description: 'CT HEAD', referringPhysician: '' },
  title: 'of-interest',
  createdAt: '2026-12-03T21:10:00.000Z',
  images: [
    {
      seriesInstanceUid: '1.2.826.0.1.3680043.8.498.22',
      sopClassUid: CT,
      sopInstanceUid: '1.2.826.0.1.3680043.8.498.23',
      presentationState: {
        seriesInstanceUid: '2.25.331800000000000000000000000000000003',
        sopClassUid: GSPS,
        sopInstanceUid: '2.25.331800000000000000000000000000000004',
      },
    },
    { seriesInstanceUid: '1.2.826.0.1.3680043.8.498.22', sopClassUid: CT, sopInstanceUid: '1.2.826.0.1.3680043.8.498.24' },
    {
      seriesInstanceUid: '1.2.826.0.1.3680043.8.498.25',
      sopClassUid: ENHANCED_CT,
      sopInstanceUid: '1.2.826.0.1.3680043.8.498.26',
      frameNumber: 3,
      presentationState: {
        seriesInstanceUid: '2.25.331800000000000000000000000000000003',
        sopClassUid: GSPS,
        sopInstanceUid: '2.25.331800000000000000000000000000000005',
      },
    },
  ],
};

describe('the reader’s key object selection ("Of Interest")', () => {
  it('passes dciodvfy without errors, presentation state references included', async () => {
    const file = join(dir, 'of-interest.dcm');
    writeFileSync(file, new Uint8Array(writeKeyObjectPart10(buildKeyObjectDocument(doc, { seriesNumber: 4 }))));
    const { output } = await runValidator('dciodvfy', [file]);
    expect(output).toMatch(/KeyObjectSelectionDocument/);
    expect(output.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);
  });
});
