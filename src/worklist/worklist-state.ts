import { EMPTY_STUDY_FILTERS, type StudyFilters } from '../dicomweb/study-query.ts';
import { formatCursor, parseCursor, type DateCursor } from './date-window-paging.ts';

/**
 * Everything that decides which list the worklist shows, and its URL form. The URL is the
 * source of truth: back/forward, reload and a copied link all restore the same list.
 */
export type SortKey = 'reading' | 'date' | 'name' | 'pid' | 'modality' | 'description' | 'accession';
export type SortDirection = 'asc' | 'desc';

/** The Status filter: what the gateway knows of the reading (src/reading); '' is any status. */
export type ReadingFilter = '' | 'unread' | 'mine' | 'preliminary' | 'final';
export const READING_FILTERS: ReadonlyArray<{ id: Exclude<ReadingFilter, ''>; label: string }> = [
  { id: 'unread', label: 'Unread' },
  { id: 'mine', label: 'Mine in progress' },
  { id: 'preliminary', label: 'Preliminary' },
  { id: 'final', label: 'Final' },
];

export interface WorklistState {
  filters: StudyFilters;
  reading: ReadingFilter;
  sort: SortKey;
  direction: SortDirection;
  pageSize: number;
  /** Newest first: start cursors of pages 2..N (page N = trail.length + 1). */
  trail: DateCursor[];
  /** Other orders: 1-based page of the sorted list. */
  page: number;
}

export const PAGE_SIZES = [5, 10, 25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const SORT_KEYS: readonly SortKey[] = ['reading', 'date', 'name', 'pid', 'modality', 'description', 'accession'];
export const MODALITY_CHOICES = ['CT', 'MR', 'CR', 'DX', 'MG', 'US', 'NM', 'PT', 'XA', 'RF', 'OT'] as const;

/** The default order is the reading order, "STAT first, then oldest unread" (docs/reading-shift.md). */
export const DEFAULT_WORKLIST_STATE: WorklistState = {
  filters: EMPTY_STUDY_FILTERS,
  reading: '',
  sort: 'reading',
  direction: 'asc',
  pageSize: DEFAULT_PAGE_SIZE,
  trail: [],
  page: 1,
};

/** URL parameter of each text filter. */
const TEXT_FILTER_PARAMS = {
  patientName: 'name',
  patientId: 'pid',
  accessionNumber: 'acc',
  dateFrom: 'from',
  dateTo: 'to',
  description: 'desc',
  referringPhysician: 'ref',
} as const satisfies Record<Exclude<keyof StudyFilters, 'modalities'>, string>;

/** The parameters this module owns; others (e.g. dataSource) are left alone. */
export const WORKLIST_PARAMS = [...Object.values(TEXT_FILTER_PARAMS), 'mod', 'status', 'sort', 'dir', 'size', 'page', 'after'];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseWorklistState(params: URLSearchParams): WorklistState {
  const filters: StudyFilters = { ...EMPTY_STUDY_FILTERS };
  for (const [field, param] of Object.entries(TEXT_FILTER_PARAMS) as Array<[keyof typeof TEXT_FILTER_PARAMS, string]>) {
    const value = params.get(param) ?? '';
    filters[field] = field === 'dateFrom' || field === 'dateTo' ? (ISO_DATE.test(value) ? value : '') : value;
  }
  filters.modalities = (params.get('mod') ?? '')
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter((m) => /^[A-Z0-9]{1,16}$/.test(m));
  const statusParam = params.get('status') ?? '';
  const reading = READING_FILTERS.some((f) => f.id === statusParam) ? (statusParam as ReadingFilter) : '';
  const sortParam = params.get('sort');
  const sort = SORT_KEYS.includes(sortParam as SortKey) ? (sortParam as SortKey) : 'reading';
  // Study date defaults to newest first, the other columns to A–Z; the reading order has one direction.
  const dir = params.get('dir');
  const direction: SortDirection = sort === 'reading' ? 'asc' : dir === 'asc' || dir === 'desc' ? dir : sort === 'date' ? 'desc' : 'asc';
  const size = Number(params.get('size'));
  const pageSize = (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE;
  const windowed = isNewestFirst({ sort, direction, reading });
  const trail = windowed
    ? (params.get('after') ?? '')
        .split('_')
        .map(parseCursor)
        .filter((c): c is DateCursor => c !== null)
    : [];
  const page = windowed ? trail.length + 1 : Math.max(1, Math.floor(Number(params.get('page')) || 1));
  return { filters, reading, sort, direction, pageSize, trail, page };
}

/** Writes the state into a copy of `current`, keeping parameters the worklist does not own. */
export function writeWorklistState(state: WorklistState, current: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const p of WORKLIST_PARAMS) next.delete(p);
  for (const [field, param] of Object.entries(TEXT_FILTER_PARAMS) as Array<[keyof typeof TEXT_FILTER_PARAMS, string]>) {
    const value = state.filters[field].trim();
    if (value) next.set(param, value);
  }
  if (state.filters.modalities.length) next.set('mod', state.filters.modalities.join(','));
  if (state.reading) next.set('status', state.reading);
  if (state.sort !== 'reading') {
    next.set('sort', state.sort);
    next.set('dir', state.direction);
  }
  if (!isNewestFirst(state)) {
    if (state.page > 1) next.set('page', String(state.page));
  } else if (state.trail.length) {
    next.set('after', state.trail.map(formatCursor).join('_'));
  }
  if (state.pageSize !== DEFAULT_PAGE_SIZE) next.set('size', String(state.pageSize));
  return next;
}

/**
 * Newest first is the order paged by date windows; every other order, and any list filtered by reading
 * status (known to the gateway, not the archive), sorts the complete match (fetch-worklist-page.ts).
 */
export function isNewestFirst(state: Pick<WorklistState, 'sort' | 'direction'> & Partial<Pick<WorklistState, 'reading'>>): boolean {
  return state.sort === 'date' && state.direction === 'desc' && !state.reading;
}

export function withReadingFilter(state: WorklistState, reading: ReadingFilter): WorklistState {
  return { ...state, reading, trail: [], page: 1 };
}

/** New filters, sort or page size start again at page 1. */
export function withFilters(state: WorklistState, filters: StudyFilters): WorklistState {
  return { ...state, filters, trail: [], page: 1 };
}

export function withSort(state: WorklistState, sort: SortKey, direction: SortDirection): WorklistState {
  return { ...state, sort, direction, trail: [], page: 1 };
}

/**
 * A click on a column header: the column's first order (study date newest first, the others A–Z),
 * or the other direction when it is already the sort.
 */
export function toggleSort(state: WorklistState, sort: SortKey): WorklistState {
  if (sort === 'reading') return withSort(state, 'reading', 'asc');
  if (state.sort === sort) return withSort(state, sort, state.direction === 'asc' ? 'desc' : 'asc');
  return withSort(state, sort, sort === 'date' ? 'desc' : 'asc');
}

export function withPageSize(state: WorklistState, pageSize: number): WorklistState {
  return { ...state, pageSize, trail: [], page: 1 };
}

export function nextPage(state: WorklistState, cursor: DateCursor | null): WorklistState {
  if (isNewestFirst(state)) return cursor ? { ...state, trail: [...state.trail, cursor], page: state.page + 1 } : state;
  return { ...state, page: state.page + 1 };
}

export function previousPage(state: WorklistState): WorklistState {
  if (state.page <= 1) return state;
  if (isNewestFirst(state)) return { ...state, trail: state.trail.slice(0, -1), page: state.page - 1 };
  return { ...state, page: state.page - 1 };
}

/** The filters that are set, as "label “value”" phrases for the empty state. */
export function describeActiveFilters(filters: StudyFilters): string[] {
  const out: string[] = [];
  const add = (label: string, value: string) => {
    if (value.trim()) out.push(`${label} “${value.trim()}”`);
  };
  add('patient name', filters.patientName);
  add('patient ID', filters.patientId);
  add('accession number', filters.accessionNumber);
  add('study date from', filters.dateFrom);
  add('study date to', filters.dateTo);
  if (filters.modalities.length) out.push(`modality ${filters.modalities.join(' or ')}`);
  add('description', filters.description);
  add('referring physician', filters.referringPhysician);
  return out;
}

/** The Status filter as a phrase for the summary and the empty state. */
export function describeReadingFilter(reading: ReadingFilter): string | undefined {
  const label = READING_FILTERS.find((f) => f.id === reading)?.label;
  return label ? `status “${label}”` : undefined;
}

export type DatePreset = 'today' | 'yesterday' | 'last7' | 'last30' | 'any';

export const DATE_PRESETS: ReadonlyArray<{ id: DatePreset; label: string }> = [
  { id: 'today', label: 'Today' },
  { id: 'yesterday', label: 'Yesterday' },
  { id: 'last7', label: 'Last 7 days' },
  { id: 'last30', label: 'Last 30 days' },
  { id: 'any', label: 'Any' },
];

/** ISO date of the local calendar day `daysAgo` before `now`. */
export function isoDay(now: Date, daysAgo = 0): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function datePresetRange(preset: DatePreset, now: Date): { dateFrom: string; dateTo: string } {
  switch (preset) {
    case 'today':
      return { dateFrom: isoDay(now), dateTo: isoDay(now) };
    case 'yesterday':
      return { dateFrom: isoDay(now, 1), dateTo: isoDay(now, 1) };
    case 'last7':
      return { dateFrom: isoDay(now, 6), dateTo: isoDay(now) };
    case 'last30':
      return { dateFrom: isoDay(now, 29), dateTo: isoDay(now) };
    case 'any':
      return { dateFrom: '', dateTo: '' };
  }
}
