import type { DataSource } from '../dicomweb/runtime-config.ts';
import { hasAtLeastStudies, searchStudies } from '../dicomweb/qido.ts';
import { dateRange, studyMatchParams, toDicomDate } from '../dicomweb/study-query.ts';
import type { StudySummary } from '../dicomweb/study-summary.ts';
import { fetchDateSortedPage, type DateCursor } from './date-window-paging.ts';
import { sortStudies } from './sort-studies.ts';
import { browserWindowHints, hintKey, type WindowHints } from './window-hints.ts';
import { isoDay, writeWorklistState, type WorklistState } from './worklist-state.ts';

export interface WorklistPage {
  rows: StudySummary[];
  hasNext: boolean;
  /** Date sort: where the next page starts. */
  nextCursor: DateCursor | null;
  /** A day held more studies than one request may return; its order is the archive's. */
  overfullDay: string | null;
}

/**
 * One page of the worklist. Newest first is exact across pages (date windows, see
 * date-window-paging.ts); the other sorts page through the archive's own order with
 * limit/offset and sort the fetched page only.
 */
export async function fetchWorklistPage(source: DataSource, state: WorklistState, now: Date, signal?: AbortSignal, hints: WindowHints = browserWindowHints()): Promise<WorklistPage> {
  const { StudyDate: _dates, ...match } = studyMatchParams(state.filters);
  if (state.sort === 'date') {
    const key = hintKey(source.sourceName, writeWorklistState(state).toString());
    const hintFrom = await hints.read(key, signal);
    const page = await fetchDateSortedPage(
      {
        cursor: state.trail.at(-1) ?? null,
        pageSize: state.pageSize,
        today: toDicomDate(isoDay(now)),
        floor: toDicomDate(state.filters.dateFrom),
        ceiling: toDicomDate(state.filters.dateTo),
        windowCap: Math.max(200, state.pageSize * 4),
        hintFrom,
      },
      (window, limit) => searchStudies(source, { ...match, StudyDate: dateRange(window.from, window.to), limit }, signal),
      (window, count) => hasAtLeastStudies(source, { ...match, StudyDate: dateRange(window.from, window.to) }, count, signal),
    );
    // Written only when it changed: an auto-refresh of the same page must not rewrite it every time.
    if (page.hint !== undefined && page.hint !== hintFrom) hints.write(key, page.hint);
    return { rows: page.rows, hasNext: page.next !== null, nextCursor: page.next, overfullDay: page.overfullDay };
  }
  const rows = await searchStudies(
    source,
    { ...match, StudyDate: _dates, limit: state.pageSize + 1, offset: (state.page - 1) * state.pageSize },
    signal,
  );
  return {
    rows: sortStudies(rows.slice(0, state.pageSize), state.sort, state.direction),
    hasNext: rows.length > state.pageSize,
    nextCursor: null,
    overfullDay: null,
  };
}

/** The patient's other studies: same Patient ID and, when known, the same issuer. */
export async function fetchPatientStudies(source: DataSource, study: StudySummary, signal?: AbortSignal): Promise<StudySummary[]> {
  if (!study.patientId) return [];
  const rows = await searchStudies(source, { PatientID: study.patientId, IssuerOfPatientID: study.issuerOfPatientId || undefined, limit: 101 }, signal);
  return sortStudies(
    rows.filter((r) => r.studyInstanceUID !== study.studyInstanceUID && r.patientId === study.patientId),
    'date',
    'desc',
  );
}
