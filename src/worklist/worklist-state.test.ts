import { describe, expect, it } from 'vitest';
import { EMPTY_STUDY_FILTERS } from '../dicomweb/study-query.ts';
import {
  datePresetRange,
  DEFAULT_WORKLIST_STATE,
  describeActiveFilters,
  isNewestFirst,
  nextPage,
  parseWorklistState,
  previousPage,
  withFilters,
  toggleSort,
  withReadingFilter,
  withSort,
  writeWorklistState,
  type WorklistState,
} from './worklist-state.ts';
import { deleteFilterSet, defaultFilterSet, parseSavedFilterSets, saveFilterSet, setDefaultFilterSet } from './saved-filter-sets.ts';

const NEWEST_FIRST: WorklistState = { ...DEFAULT_WORKLIST_STATE, sort: 'date', direction: 'desc' };
const roundTrip = (state: WorklistState) => parseWorklistState(new URLSearchParams(writeWorklistState(state).toString()));

describe('worklist URL state', () => {
  it('the default state is an empty query', () => {
    expect(writeWorklistState(DEFAULT_WORKLIST_STATE).toString()).toBe('');
    expect(parseWorklistState(new URLSearchParams())).toEqual(DEFAULT_WORKLIST_STATE);
  });
  it('round-trips every filter, sort, size and page, and keeps foreign parameters', () => {
    const state: WorklistState = {
      filters: {
        ...EMPTY_STUDY_FILTERS,
        patientName: 'Müller, Jürgen',
        patientId: 'RR1',
        accessionNumber: 'A&B',
        dateFrom: '2024-01-01',
        dateTo: '2024-12-31',
        modalities: ['CT', 'MR'],
        description: 'thorax',
        referringPhysician: 'de Vries',
      },
      reading: 'mine',
      sort: 'name',
      direction: 'desc',
      pageSize: 25,
      trail: [],
      page: 3,
    };
    expect(roundTrip(state)).toEqual(state);
    const params = writeWorklistState(state, new URLSearchParams('dataSource=pacs&page=9'));
    expect(params.get('dataSource')).toBe('pacs');
    expect(params.get('page')).toBe('3');
  });
  it('the default order is the reading order, paged by number; the Status filter is in the URL', () => {
    expect(DEFAULT_WORKLIST_STATE).toMatchObject({ sort: 'reading', reading: '' });
    expect(nextPage(DEFAULT_WORKLIST_STATE, { day: '20240101', skip: 0 })).toMatchObject({ page: 2, trail: [] });
    expect(writeWorklistState({ ...DEFAULT_WORKLIST_STATE, page: 2 }).toString()).toBe('page=2');
    const unread = withReadingFilter(DEFAULT_WORKLIST_STATE, 'unread');
    expect(writeWorklistState(unread).toString()).toBe('status=unread');
    expect(roundTrip(unread)).toEqual(unread);
    expect(parseWorklistState(new URLSearchParams('status=evil')).reading).toBe('');
    // Newest first with a Status filter cannot page by date windows (the archive knows no status).
    expect(isNewestFirst({ ...unread, sort: 'date', direction: 'desc' })).toBe(false);
    expect(toggleSort({ ...unread, sort: 'name' }, 'reading')).toMatchObject({ sort: 'reading', direction: 'asc' });
  });
  it('date sort pages are a trail of cursors', () => {
    let state = nextPage(NEWEST_FIRST, { day: '20240314', skip: 2 });
    state = nextPage(state, { day: '20230302', skip: 0 });
    expect(writeWorklistState(state).toString()).toBe('sort=date&dir=desc&after=20240314.2_20230302.0');
    expect(roundTrip(state)).toEqual(state);
    expect(state.page).toBe(3);
    expect(previousPage(state).trail).toEqual([{ day: '20240314', skip: 2 }]);
    expect(nextPage(state, null)).toBe(state);
  });
  it('changing filters or sort starts at page 1', () => {
    const deep = { ...DEFAULT_WORKLIST_STATE, sort: 'name' as const, page: 4 };
    expect(withFilters(deep, EMPTY_STUDY_FILTERS).page).toBe(1);
    expect(withSort(deep, 'date', 'asc')).toMatchObject({ sort: 'date', direction: 'asc', page: 1 });
  });
  it('a column header click sorts by it (date newest first, others A–Z), a second click reverses', () => {
    const byName = toggleSort(DEFAULT_WORKLIST_STATE, 'name');
    expect(byName).toMatchObject({ sort: 'name', direction: 'asc', page: 1 });
    expect(writeWorklistState(byName).toString()).toBe('sort=name&dir=asc');
    expect(toggleSort(byName, 'name').direction).toBe('desc');
    expect(toggleSort(DEFAULT_WORKLIST_STATE, 'date')).toEqual(NEWEST_FIRST);
    const oldest = toggleSort(NEWEST_FIRST, 'date');
    expect(oldest).toMatchObject({ sort: 'date', direction: 'asc' });
    expect(isNewestFirst(oldest)).toBe(false);
    expect(roundTrip({ ...oldest, page: 2 })).toEqual({ ...oldest, page: 2 });
    expect(toggleSort(byName, 'date')).toEqual(NEWEST_FIRST);
    // Only newest first pages by cursor; other orders page by number.
    expect(nextPage(oldest, { day: '20240101', skip: 0 })).toMatchObject({ page: 2, trail: [] });
  });
  it('ignores junk', () => {
    const s = parseWorklistState(new URLSearchParams('from=yesterday&mod=CT,<x>&sort=evil&dir=up&size=7&page=-3&after=x_20240101.1'));
    expect(s.filters.dateFrom).toBe('');
    expect(s.filters.modalities).toEqual(['CT']);
    expect(s).toMatchObject({ sort: 'reading', direction: 'asc', pageSize: 50, page: 1, trail: [] });
    const dated = parseWorklistState(new URLSearchParams('sort=date&dir=up&after=x_20240101.1'));
    expect(dated).toMatchObject({ sort: 'date', direction: 'desc', page: 2, trail: [{ day: '20240101', skip: 1 }] });
  });
  it('lists active filters for the empty state', () => {
    expect(describeActiveFilters({ ...EMPTY_STUDY_FILTERS, patientName: 'Doe', modalities: ['CT', 'MR'] })).toEqual([
      'patient name “Doe”',
      'modality CT or MR',
    ]);
  });
  it('date presets', () => {
    const now = new Date(2026, 0, 1, 9);
    expect(datePresetRange('yesterday', now)).toEqual({ dateFrom: '2025-12-31', dateTo: '2025-12-31' });
    expect(datePresetRange('last7', now)).toEqual({ dateFrom: '2025-12-26', dateTo: '2026-01-01' });
    expect(datePresetRange('any', now)).toEqual({ dateFrom: '', dateTo: '' });
  });
});

describe('saved filter sets', () => {
  it('saves, replaces, defaults and deletes', () => {
    let s = saveFilterSet(parseSavedFilterSets(null), { name: 'CT today', query: 'mod=CT' });
    s = saveFilterSet(s, { name: 'CT today', query: 'mod=CT&from=2024-01-01' });
    s = setDefaultFilterSet(s, 'CT today');
    expect(defaultFilterSet(s)?.query).toBe('mod=CT&from=2024-01-01');
    expect(parseSavedFilterSets(JSON.stringify(s))).toEqual(s);
    expect(deleteFilterSet(s, 'CT today')).toEqual({ sets: [], defaultName: null });
    expect(parseSavedFilterSets('{"sets":1}')).toEqual({ sets: [], defaultName: null });
    expect(setDefaultFilterSet(s, 'unknown').defaultName).toBeNull();
  });
});
