import type { Page } from '@playwright/test';
import { compareNewestFirst } from '../../src/worklist/date-window-paging.ts';
import type { ManifestStudy } from './samples.ts';

/** Study Instance UIDs of the worklist's rows, in display order. */
export async function shownStudyUids(page: Page): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Studies' }).locator('tbody tr[data-study-uid]');
  return rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-study-uid') ?? ''));
}

/** The manifest's studies in the worklist's global order (newest first, ties by time and UID). */
export function newestFirst(studies: readonly ManifestStudy[]): ManifestStudy[] {
  return [...studies].sort(compareNewestFirst);
}

export const uids = (studies: readonly ManifestStudy[]) => studies.map((s) => s.studyInstanceUID);

export function modalitiesOf(study: ManifestStudy): string[] {
  return [...new Set(study.series.map((s) => s.modality).filter(Boolean))];
}
