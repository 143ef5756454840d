import type { CaseStudy } from './peer-review-contract.ts';

/**
 * The viewer URL of a review case, `/viewer?StudyInstanceUIDs=<uid>&review=<caseId>` (the data source
 * travels along when it is not the default), and the case id read back from a viewer URL.
 */

function studyParams(study: Pick<CaseStudy, 'studyInstanceUid' | 'sourceId'>, defaultSourceName: string): URLSearchParams {
  const params = new URLSearchParams({ StudyInstanceUIDs: study.studyInstanceUid });
  if (study.sourceId && study.sourceId !== defaultSourceName) params.set('dataSource', study.sourceId);
  return params;
}

export function reviewViewerPath(study: Pick<CaseStudy, 'studyInstanceUid' | 'sourceId'>, caseId: string, defaultSourceName: string): string {
  const params = studyParams(study, defaultSourceName);
  params.set('review', caseId);
  return `/viewer?${params.toString()}`;
}

/** The study in the viewer without review mode (a reader's task, an arbiter looking at the images). */
export function studyViewerPath(study: Pick<CaseStudy, 'studyInstanceUid' | 'sourceId'>, defaultSourceName: string): string {
  return `/viewer?${studyParams(study, defaultSourceName).toString()}`;
}

/** The review case a viewer URL opens, or undefined (not review mode). */
export function reviewCaseOf(params: URLSearchParams): string | undefined {
  const value = params.get('review')?.trim();
  return value ? value : undefined;
}
