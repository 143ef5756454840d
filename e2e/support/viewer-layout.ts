import type { Page } from '@playwright/test';
import type { ManifestStudy } from './samples.ts';
import type { SampleManifest } from '../../scripts/samples/manifest.ts';

export function studyByKey(manifest: SampleManifest, key: string): ManifestStudy {
  const study = manifest.studies.find((s) => s.key === key);
  if (!study) throw new Error(`The sample manifest has no study ${key}`);
  return study;
}

/** The viewer launch URL of one or more studies (OHIF-style, repeated parameter). */
export function viewerUrl(studies: readonly ManifestStudy[], seriesUIDs: readonly string[] = []): string {
  const params = new URLSearchParams();
  for (const s of studies) params.append('StudyInstanceUIDs', s.studyInstanceUID);
  for (const s of seriesUIDs) params.append('SeriesInstanceUIDs', s);
  return `/viewer?${params.toString()}`;
}

/** The viewport slot (frame with overlay and controls) at layout position n (1-based). */
export function slot(page: Page, n: number) {
  return page.getByTestId('viewport-slot').nth(n - 1);
}

export interface TimingMark {
  detail: Record<string, unknown>;
  startTime: number;
}

export async function timingMarks(page: Page, name: string): Promise<TimingMark[]> {
  return page.evaluate(
    (n) => performance.getEntriesByName(n, 'mark').map((e) => ({ detail: (e as PerformanceMark).detail as Record<string, unknown>, startTime: e.startTime })),
    name,
  );
}
