import type { DataSource } from '../dicomweb/runtime-config.ts';
import type { StudySummary } from '../dicomweb/study-summary.ts';

/** OHIF-compatible launch URL; the data source travels along when it is not the default. */
export function viewerUrl(study: StudySummary, source?: DataSource, isDefault = true): string {
  const base = `/viewer?StudyInstanceUIDs=${encodeURIComponent(study.studyInstanceUID)}`;
  return source && !isDefault ? `${base}&dataSource=${encodeURIComponent(source.sourceName)}` : base;
}
