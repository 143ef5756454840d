import { describe, expect, inject, it } from 'vitest';
import { readManifest } from './manifest.ts';
import { seedArchive } from './seed.ts';

const dicomWebRoot = inject('dicomWebRoot');
const orthancUrl = inject('orthancUrl');
const manifest = readManifest(inject('manifestPath'));
const quiet = () => {};

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  expect(response.ok, `${init?.method ?? 'GET'} ${url}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

type DicomJson = Array<Record<string, { Value?: unknown[] }>>;

describe('seedArchive', () => {
  it('left every sample study in the archive with all its instances', async () => {
    for (const study of manifest.studies) {
      const found = await json<DicomJson>(`${dicomWebRoot}/studies?StudyInstanceUID=${study.studyInstanceUID}&includefield=00201208`);
      const expected = study.series.reduce((n, s) => n + s.instances.length, 0);
      expect(Number(found[0]?.['00201208']?.Value?.[0]), study.key).toBe(expected);
    }
  });

  it('stores nothing when called again', async () => {
    const again = await seedArchive({ dicomWebRoot, log: quiet });
    expect(again.stored).toBe(0);
    expect(again.manifest.version).toBe(manifest.version);
  });

  it('stores exactly the instance that went missing', async () => {
    const victim = manifest.studies.find((s) => s.key === 'mr-brain')!.series[0]!.instances[3]!;
    const [match] = await json<Array<{ ID: string; Type: string }>>(`${orthancUrl}/tools/lookup`, { method: 'POST', body: victim.sopInstanceUID });
    expect(match?.Type).toBe('Instance');
    expect((await fetch(`${orthancUrl}/instances/${match!.ID}`, { method: 'DELETE' })).status).toBe(200);

    expect((await seedArchive({ dicomWebRoot, log: quiet })).stored).toBe(1);
    expect((await seedArchive({ dicomWebRoot, log: quiet })).stored).toBe(0);
  });
});
