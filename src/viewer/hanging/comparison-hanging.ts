import { formatDicomDate } from '../../dicomweb/dicom-json.ts';
import type { SeriesSummary } from '../../dicomweb/study-summary.ts';
import { bestMatchingSeries, type SeriesFacts } from '../../priors/best-series.ts';
import { isSamePatient } from '../../priors/patient-identity.ts';
import type { SeriesRow } from '../../priors/facts-from-qido.ts';
import type { LaunchStudy } from './launch-queries.ts';
import type { SeriesRef } from '../viewer-store.ts';

export interface ComparisonHanging {
  current: SeriesRef;
  /** One series per compared study, most relevant first (at most three: a 2×2 layout). */
  priors: SeriesRef[];
}

export const MAX_COMPARED_PRIORS = 3;

function factsOf(series: SeriesSummary, rows: readonly SeriesRow[] | undefined): SeriesFacts {
  const row = rows?.find((r) => r.seriesInstanceUID === series.seriesInstanceUID);
  return { ...series, sliceThickness: row?.sliceThickness, plane: row?.plane };
}

/** The priors that may hang beside `current`: studies of the same patient with image series, most relevant first. */
export function comparablePriors(current: LaunchStudy, others: readonly LaunchStudy[]): LaunchStudy[] {
  return others.filter((o) => o.study && current.study && isSamePatient(current.study, o.study) && o.series.length > 0);
}

/**
 * Current study left, the priors beside it: the current's first image series (or the one the URL asks
 * for) and, of each prior, the series that best matches it (modality, plane, description, thickness).
 * Only studies of the same patient (Patient ID and issuer) are ever hung as priors.
 */
export function comparisonHanging(
  current: LaunchStudy,
  priors: readonly LaunchStudy[],
  preferredSeries: readonly string[],
  seriesByStudy?: ReadonlyMap<string, readonly SeriesRow[]>,
): ComparisonHanging | undefined {
  const currentSeries = current.series.find((s) => preferredSeries.includes(s.seriesInstanceUID)) ?? current.series[0];
  if (!current.study || !currentSeries) return undefined;
  const reference = factsOf(currentSeries, seriesByStudy?.get(current.studyInstanceUID));
  const hung: SeriesRef[] = [];
  for (const prior of comparablePriors(current, priors)) {
    const rows = seriesByStudy?.get(prior.studyInstanceUID);
    const best = bestMatchingSeries(
      reference,
      prior.series.map((s) => factsOf(s, rows)),
    )!;
    hung.push({ studyInstanceUID: prior.studyInstanceUID, seriesInstanceUID: best.seriesInstanceUID });
    if (hung.length === MAX_COMPARED_PRIORS) break;
  }
  if (hung.length === 0) return undefined;
  return { current: { studyInstanceUID: current.studyInstanceUID, seriesInstanceUID: currentSeries.seriesInstanceUID }, priors: hung };
}

/** How a viewport's study relates to the current one, for its label and frame colour. */
export interface ComparisonRole {
  kind: 'current' | 'prior' | 'other';
  /** "2024-03-14". */
  date: string;
  /** "CURRENT 2024-03-14", "PRIOR 2023-03-02", "OTHER 2024-05-01" (a study that is not older). */
  label: string;
}

/**
 * Roles by Study Instance UID of the current patient's studies; empty unless the viewer holds more than
 * one study of that patient (then dates must not be confused). Other patients' studies get none.
 */
export function comparisonRoles(studies: readonly LaunchStudy[], currentStudyUID: string | undefined): Map<string, ComparisonRole> {
  const roles = new Map<string, ComparisonRole>();
  const current = studies.find((s) => s.studyInstanceUID === currentStudyUID)?.study;
  const present = current ? studies.filter((s) => s.study && isSamePatient(current, s.study)) : [];
  if (!current || present.length < 2) return roles;
  const key = (date: string, time: string) => `${date}${time}`;
  for (const { studyInstanceUID, study } of present) {
    const date = formatDicomDate(study!.studyDate);
    const kind =
      studyInstanceUID === currentStudyUID
        ? 'current'
        : key(study!.studyDate, study!.studyTime) < key(current.studyDate, current.studyTime)
          ? 'prior'
          : 'other';
    roles.set(studyInstanceUID, { kind, date, label: `${kind.toUpperCase()} ${date || '(no date)'}` });
  }
  return roles;
}

/** The viewports synchronised as a pair: the first showing the current study and the first showing another study. */
export function comparisonPair(
  assignments: Readonly<Record<string, SeriesRef | undefined>>,
  visibleViewportIds: readonly string[],
  currentStudyUID: string | undefined,
): { currentViewportId: string; priorViewportId: string } | undefined {
  if (!currentStudyUID) return undefined;
  const currentViewportId = visibleViewportIds.find((id) => assignments[id]?.studyInstanceUID === currentStudyUID);
  const priorViewportId = visibleViewportIds.find((id) => assignments[id] && assignments[id].studyInstanceUID !== currentStudyUID);
  return currentViewportId && priorViewportId ? { currentViewportId, priorViewportId } : undefined;
}
