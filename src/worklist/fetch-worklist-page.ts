import type { DataSource } from '../dicomweb/runtime-config.ts';
import { hasAtLeastStudies, searchStudies } from '../dicomweb/qido.ts';
import { dateRange, studySearch, toDicomDate } from '../dicomweb/study-query.ts';
import type { StudySummary } from '../dicomweb/study-summary.ts';
import { fetchDateSortedPage, type DateCursor } from './date-window-paging.ts';
import { sortStudies } from './sort-studies.ts';
import { browserWindowHints, hintKey, type WindowHints } from './window-hints.ts';
import { isNewestFirst, isoDay, writeWorklistState, type ReadingFilter, type WorklistState } from './worklist-state.ts';
import type { ReadingSettingsView, StudyReading } from '../reading/reading-contract.ts';
import { fetchStatuses } from '../reading/reading-api.ts';

/** The gateway's reading state of some studies, by Study Instance UID (one request). */
export type ReadingsOf = (studyUids: readonly string[], signal?: AbortSignal) => Promise<Map<string, StudyReading>>;

export function gatewayReadings(dataSource: string | undefined, onSettings?: (settings: ReadingSettingsView) => void): ReadingsOf {
  return async (studyUids, signal) => {
    if (studyUids.length === 0) return new Map();
    const answer = await fetchStatuses(studyUids, dataSource, signal);
    onSettings?.(answer.settings);
    return new Map(answer.studies.map((study) => [study.studyInstanceUid, study]));
  };
}

/** Whether a study passes the Status filter ("Final" includes an addended final report). */
export function matchesReadingFilter(reading: StudyReading | undefined, filter: ReadingFilter): boolean {
  const status = reading?.status ?? 'Unread';
  switch (filter) {
    case '':
      return true;
    case 'unread':
      return status === 'Unread';
    case 'mine':
      return status === 'In progress' && reading?.claim?.mine === true;
    case 'preliminary':
      return status === 'Preliminary';
    case 'final':
      return status === 'Final' || status === 'Addended';
  }
}

export interface WorklistPage {
  rows: StudySummary[];
  hasNext: boolean;
  /** Newest first: where the next page starts. */
  nextCursor: DateCursor | null;
  /** A day held more studies than one request may return; its order is the archive's. */
  overfullDay: string | null;
  /**
   * Newest first with a patient name: the page stopped after SCAN_WINDOWS windows of studies without
   * filling up; studies older than `searchedFrom` were not searched yet (the next page goes on).
   */
  scanStop: { searchedFrom: string; scanned: number } | null;
  /** Any other order: more than SORT_CAP studies match, too many to fetch and sort here. */
  tooManyToSort: boolean;
  /** The reading state of every row when the order or the Status filter needed it (else the page asks for it). */
  readings: ReadonlyMap<string, StudyReading> | null;
}

/** Most studies fetched and sorted here for an order other than newest first (QIDO-RS cannot sort). */
export const SORT_CAP = 1000;
/** A newest-first page with a patient name reads at most this many windows' worth of studies. */
export const SCAN_WINDOWS = 10;

/**
 * One worklist page. Newest first is exact across pages whatever the archive's size (date windows, see
 * date-window-paging.ts). Every other order is exact too, but only when the matching studies can all be
 * fetched: up to SORT_CAP are fetched, sorted here and sliced; beyond that the page is refused
 * (`tooManyToSort`) rather than sorting one page and calling it a sort. The patient name is matched here,
 * accent-insensitively (study-query.ts `studySearch`).
 */
export async function fetchWorklistPage(
  source: DataSource,
  state: WorklistState,
  now: Date,
  signal?: AbortSignal,
  hints: WindowHints = browserWindowHints(),
  readingsOf: ReadingsOf = gatewayReadings(undefined),
): Promise<WorklistPage> {
  const search = studySearch(state.filters);
  const keepName = search.patientName;
  const keep = keepName ? (row: StudySummary) => keepName(row.patientName) : undefined;
  if (isNewestFirst(state)) {
    const { StudyDate: _dates, ...match } = search.archive;
    const key = hintKey(source.sourceName, writeWorklistState(state).toString());
    const hintFrom = await hints.read(key, signal);
    const windowCap = Math.max(200, state.pageSize * 4);
    const page = await fetchDateSortedPage(
      {
        cursor: state.trail.at(-1) ?? null,
        pageSize: state.pageSize,
        today: toDicomDate(isoDay(now)),
        floor: toDicomDate(state.filters.dateFrom),
        ceiling: toDicomDate(state.filters.dateTo),
        windowCap,
        hintFrom,
        keep,
        scanLimit: SCAN_WINDOWS * windowCap,
      },
      (window, limit) => searchStudies(source, { ...match, StudyDate: dateRange(window.from, window.to), limit }, signal),
      (window, count) => hasAtLeastStudies(source, { ...match, StudyDate: dateRange(window.from, window.to) }, count, signal),
    );
    // Written only when it changed: an auto-refresh of the same page must not rewrite it every time.
    if (page.hint !== undefined && page.hint !== hintFrom) hints.write(key, page.hint);
    return {
      rows: page.rows,
      hasNext: page.next !== null,
      nextCursor: page.next,
      overfullDay: page.overfullDay,
      scanStop: page.scanStop,
      tooManyToSort: false,
      readings: null,
    };
  }
  const refused: WorklistPage = { rows: [], hasNext: false, nextCursor: null, overfullDay: null, scanStop: null, tooManyToSort: true, readings: null };
  if (await hasAtLeastStudies(source, search.archive, SORT_CAP + 1, signal)) return refused;
  const all = await searchStudies(source, { ...search.archive, limit: SORT_CAP + 1 }, signal);
  // Studies may have arrived between the probe and the fetch.
  if (all.length > SORT_CAP) return refused;
  const named = keep ? all.filter(keep) : all;
  // The reading order and the Status filter need the gateway's state of every matching study: one request.
  const readings =
    state.sort === 'reading' || state.reading
      ? await readingsOf(
          named.map((row) => row.studyInstanceUID),
          signal,
        )
      : null;
  const matching = readings && state.reading ? named.filter((row) => matchesReadingFilter(readings.get(row.studyInstanceUID), state.reading)) : named;
  const { rows, hasNext } = sortedPage(matching, state, undefined, readings ?? undefined);
  return { rows, hasNext, nextCursor: null, overfullDay: null, scanStop: null, tooManyToSort: false, readings };
}

/** Page `state.page` of every matching study in the chosen order (all of them fetched: an exact sort). */
export function sortedPage(
  all: readonly StudySummary[],
  state: Pick<WorklistState, 'sort' | 'direction' | 'page' | 'pageSize'>,
  keep?: (row: StudySummary) => boolean,
  readings?: ReadonlyMap<string, StudyReading>,
): { rows: StudySummary[]; hasNext: boolean } {
  const sorted = sortStudies(keep ? all.filter(keep) : all, state.sort, state.direction, readings);
  const start = (state.page - 1) * state.pageSize;
  return { rows: sorted.slice(start, start + state.pageSize), hasNext: sorted.length > start + state.pageSize };
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
