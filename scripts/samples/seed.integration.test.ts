import { describe, expect, inject, it } from 'vitest';
import { sharedArchive } from '../testing/shared-archive.ts';
import { readManifest } from './manifest.ts';
import { seedArchive } from './seed.ts';

const archive = sharedArchive();
const manifest = readManifest(inject('manifestPath'));
const quiet = () => {};

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await archive.adminFetch(path, init);
  expect(response.ok, `${init?.method ?? 'GET'} ${path}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

type DicomJson = Array<Record<string, { Value?: unknown[] }>>;

describe('seedArchive', () => {
  it('left every sample study in the archive with all its instances', async () => {
    for (const study of manifest.studies) {
      const found = await json<DicomJson>(`/dicom-web/studies?StudyInstanceUID=${study.studyInstanceUID}&includefield=00201208`);
      const expected = study.series.reduce((n, s) => n + s.instances.length, 0);
      expect(Number(found[0]?.['00201208']?.Value?.[0]), study.key).toBe(expected);
    }
  });

  it('stores nothing when called again', async () => {
    const again = await seedArchive({ archive, log: quiet });
    expect(again.stored).toBe(0);
    expect(again.manifest.version).toBe(manifest.version);
  });

  it('stores exactly the instance that went missing', async () => {
    const victim = manifest.studies.find((s) => s.key === 'mr-brain')!.series[0]!.instances[3]!;
    const [match] = await json<Array<{ ID: string; Type: string }>>('/tools/lookup', { method: 'POST', body: victim.sopInstanceUID });
    expect(match?.Type).toBe('Instance');
    expect((await archive.adminFetch(`/instances/${match!.ID}`, { method: 'DELETE' })).status).toBe(200);

    expect((await seedArchive({ archive, log: quiet })).stored).toBe(1);
    expect((await seedArchive({ archive, log: quiet })).stored).toBe(0);
  });
});
