import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../config.ts';
import { ArchiveUnavailableError } from '../dicomweb/archive-qido.ts';
import { startFakeUpstream, type FakeUpstream } from '../test-helpers.ts';
import { hasEarlierStudy, studyInstances } from './archive-queries.ts';

/** What peer review asks of an archive: a study's instances, and whether the patient has an earlier study. */

const STUDY = '1.2.826.0.1.3680043.8.498.301';
const seen: string[] = [];
let status = 200;
let upstream: FakeUpstream;
const agent = new Agent();

const study = (uid: string, date: string, patientId = 'PAT 1', issuer = 'HOSP') => ({
  '0020000D': { vr: 'UI', Value: [uid] },
  '00080020': { vr: 'DA', Value: [date] },
  '00100020': { vr: 'LO', Value: [patientId] },
  '00100021': { vr: 'LO', Value: [issuer] },
});
let studies: unknown[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream((req, res) => {
    seen.push(req.url ?? '');
    if (status !== 200) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/dicom+json' });
    if ((req.url ?? '').includes('/instances')) {
      res.end(
        JSON.stringify([
          {
            '0020000E': { vr: 'UI', Value: ['1.2.3'] },
            '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
            '00080018': { vr: 'UI', Value: ['1.2.3.4'] },
          },
        ]),
      );
      return;
    }
    res.end(JSON.stringify(studies));
  });
});

afterAll(async () => {
  await agent.close();
  await upstream.close();
});

const source = (encoding: 'literal' | 'percent'): SourceConfig => ({
  id: 'main',
  label: 'Test archive',
  upstream: { root: `${upstream.url}/dicom-web`, authorization: 'Basic eDp5' },
  quirks: { queryValueEncoding: encoding },
  lossyPreview: 'none',
  frameStreaming: false,
});

describe('archive queries of peer review', () => {
  it('lists a study’s instances with series and SOP class', async () => {
    const instances = await studyInstances(agent, source('percent'), STUDY);
    expect([...instances.values()]).toEqual([{ seriesInstanceUid: '1.2.3', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: '1.2.3.4' }]);
    expect(seen.at(-1)).toMatch(new RegExp(`^/dicom-web/studies/${STUDY}/instances\\?includefield=0020000E&includefield=00080016&includefield=00080018$`));
  });

  it('finds an earlier study of the same patient and issuer only, asking with the source’s encoding', async () => {
    const patient = { id: 'PAT 1', issuer: 'HOSP' };
    const current = { uid: STUDY, date: '20261201' };
    studies = [study(STUDY, '20261201'), study('1.2.9', '20261202')];
    expect(await hasEarlierStudy(agent, source('literal'), patient, current)).toBe(false);
    expect(seen.at(-1)).toMatch(/^\/dicom-web\/studies\?PatientID=PAT\?1&/);
    // A wildcard match of another patient, or of another issuer, is not a prior.
    studies = [study(STUDY, '20261201'), study('1.2.8', '20250101', 'PAT-1'), study('1.2.7', '20250101', 'PAT 1', 'OTHER')];
    expect(await hasEarlierStudy(agent, source('literal'), patient, current)).toBe(false);
    studies = [study(STUDY, '20261201'), study('1.2.6', '20251201')];
    expect(await hasEarlierStudy(agent, source('percent'), patient, current)).toBe(true);
    expect(seen.at(-1)).toMatch(/^\/dicom-web\/studies\?PatientID=PAT%201&/);
    // Without a patient ID or a study date there is nothing to compare.
    expect(await hasEarlierStudy(agent, source('percent'), { id: '', issuer: '' }, current)).toBe(false);
    expect(await hasEarlierStudy(agent, source('percent'), patient, { uid: STUDY, date: '' })).toBe(false);
  });

  it('says when the archive cannot be asked', async () => {
    status = 500;
    try {
      await expect(studyInstances(agent, source('percent'), STUDY)).rejects.toThrow(ArchiveUnavailableError);
    } finally {
      status = 200;
    }
  });
});
