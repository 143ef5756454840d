import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useSearchParams } from 'react-router';
import { useDataSource } from '../page-context/useDataSource.ts';
import { usePermission } from '../page-context/useSession.ts';
import { ShareDialog } from '../ui/ShareDialog.tsx';
import { formatPersonName } from '../dicomweb/dicom-json.ts';
import { useRuntimeConfig } from '../page-context/RuntimeConfigProvider.tsx';
import { formatDicomDate } from '../dicomweb/dicom-json.ts';
import type { StudySummary } from '../dicomweb/study-summary.ts';
import { SORT_CAP } from './fetch-worklist-page.ts';
import { useFiltersOpen } from './useFiltersOpen.ts';
import './worklist.css';
import { pageTitle } from '../dicomweb/study-title.ts';
import { rememberWorklistSearch } from '../session/worklist-return.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { useDocumentTitle } from '../ui/useDocumentTitle.ts';
import { LoadingState } from '../ui/LoadingState.tsx';
import { defaultFilterSet } from './saved-filter-sets.ts';
import { SavedFilterSetsBar } from './SavedFilterSetsBar.tsx';
import { StudyTable } from './StudyTable.tsx';
import { useSavedFilterSets } from './useSavedFilterSets.ts';
import { useWorklistPage } from './useWorklistPage.ts';
import { useWorklistState } from './useWorklistState.ts';
import { viewerUrl } from './viewer-url.ts';
import { WorklistFilters } from './WorklistFilters.tsx';
import { WorklistPager } from './WorklistPager.tsx';
import { WorklistToolbar } from './WorklistToolbar.tsx';
import {
  describeActiveFilters,
  describeReadingFilter,
  isNewestFirst,
  READING_FILTERS,
  withReadingFilter,
  type ReadingFilter,
  nextPage,
  previousPage,
  toggleSort,
  WORKLIST_PARAMS,
  withFilters,
  withPageSize,
  withSort,
  writeWorklistState,
  type SortKey,
} from './worklist-state.ts';
import { useSlashFocus } from './useSlashFocus.ts';
import { useQueryClient } from '@tanstack/react-query';
import { setPriority } from '../reading/reading-api.ts';
import type { Priority } from '../reading/reading-rules.ts';

/** The current time, renewed every minute (the turnaround clocks). */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

const SORT_LABELS: Record<SortKey, string> = {
  reading: 'reading order (STAT first, then oldest unread)',
  date: 'study date',
  name: 'patient name',
  pid: 'patient ID',
  modality: 'modality',
  description: 'description',
  accession: 'accession number',
};

export function WorklistPage() {
  const source = useDataSource();
  const config = useRuntimeConfig();
  const canShare = usePermission('shares:create');
  const [sharing, setSharing] = useState<StudySummary>();
  const [params, setParams] = useSearchParams();
  const [state, setState] = useWorklistState();
  const [savedSets, updateSavedSets] = useSavedFilterSets();
  const [refreshMs, setRefreshMs] = useState(0);
  const [selectedUid, setSelectedUid] = useState<string | null>(null);
  const [expandedUid, setExpandedUid] = useState<string | null>(null);
  const [filtersOpen, setFiltersOpen] = useFiltersOpen();
  const nameInputRef = useRef<HTMLInputElement>(null);
  const focusSearch = useCallback(() => {
    flushSync(() => setFiltersOpen(true));
    nameInputRef.current?.focus();
    nameInputRef.current?.select();
  }, [setFiltersOpen]);
  useSlashFocus(focusSearch);
  useDocumentTitle(pageTitle('Worklist'));
  // The viewer's way back returns to the worklist as it was left (filters, sort, page).
  useEffect(() => rememberWorklistSearch(params.toString()), [params]);

  // Opening the worklist without any filter in the URL applies the default saved set.
  const hasWorklistParams = WORKLIST_PARAMS.some((p) => params.has(p));
  const defaultQuery = defaultFilterSet(savedSets)?.query;
  const appliedDefault = useRef(false);
  useEffect(() => {
    if (appliedDefault.current) return;
    appliedDefault.current = true;
    if (!hasWorklistParams && defaultQuery) setParams((current) => mergeQuery(current, defaultQuery), { replace: true });
  }, [hasWorklistParams, defaultQuery, setParams]);

  const isDefaultSource = source.sourceName === config.defaultDataSourceName;
  const gatewaySource = isDefaultSource ? undefined : source.sourceName;
  const page = useWorklistPage(source, state, refreshMs > 0 ? refreshMs : false, gatewaySource);
  const canPrioritize = usePermission('reading:prioritize');
  const queryClient = useQueryClient();
  const [priorityError, setPriorityError] = useState<string>();
  const now = useMinuteClock();
  const onSetPriority = async (study: StudySummary, priority: Priority) => {
    const result = await setPriority(study.studyInstanceUID, priority, gatewaySource);
    setPriorityError(result.ok ? undefined : result.message);
    await queryClient.invalidateQueries({ queryKey: ['worklist', source.sourceName] });
  };
  const openUrl = (s: StudySummary) => viewerUrl(s, source, isDefaultSource);
  const currentQuery = writeWorklistState({ ...state, trail: [], page: 1 }).toString();
  const readingFilter = describeReadingFilter(state.reading);
  const activeFilters = [...describeActiveFilters(state.filters), ...(readingFilter ? [readingFilter] : [])];
  const sortLabel =
    state.sort === 'reading'
      ? SORT_LABELS.reading
      : `${SORT_LABELS[state.sort]}, ${state.sort === 'date' ? (state.direction === 'desc' ? 'newest first' : 'oldest first') : state.direction === 'asc' ? 'A–Z' : 'Z–A'}`;

  return (
    <section className={`worklist${canShare ? ' can-share' : ''}`} aria-labelledby="worklist-title">
      <div className="worklist-bar">
        <h1 id="worklist-title">Worklist</h1>
        <button
          type="button"
          className="filters-toggle"
          aria-expanded={filtersOpen}
          aria-controls="worklist-filter-panel"
          onClick={() => setFiltersOpen(!filtersOpen)}
        >
          <span aria-hidden="true">{filtersOpen ? '▾ ' : '▸ '}</span>
          Filters{activeFilters.length > 0 ? ` (${activeFilters.length})` : ''}
        </button>
        {!filtersOpen && (
          <p className="filter-summary" title={activeFilters.join(', ')}>
            <span className="visually-hidden">Active filters: </span>
            {activeFilters.length ? activeFilters.join(' · ') : 'none (all studies)'}
          </p>
        )}
        <label className="reading-filter" htmlFor="worklist-status-filter">
          Status
        </label>
        <select id="worklist-status-filter" value={state.reading} onChange={(e) => setState(withReadingFilter(state, e.target.value as ReadingFilter))}>
          <option value="">Any</option>
          {READING_FILTERS.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
        <WorklistToolbar
          pageSize={state.pageSize}
          onPageSize={(size) => setState(withPageSize(state, size))}
          refreshMs={refreshMs}
          onRefreshMs={setRefreshMs}
          onRefresh={() => void page.refetch()}
          refreshing={page.isFetching}
        />
      </div>
      <div id="worklist-filter-panel" className="worklist-filter-panel" hidden={!filtersOpen}>
        <WorklistFilters applied={state.filters} onApply={(f) => setState(withFilters(state, f))} nameInputRef={nameInputRef} />
        <SavedFilterSetsBar
          sets={savedSets}
          update={updateSavedSets}
          currentQuery={currentQuery}
          onApply={(q) => setParams((current) => mergeQuery(current, q))}
        />
      </div>
      {page.isPending ? (
        <LoadingState label="Loading studies…" />
      ) : page.isError ? (
        <ErrorPanel title="The worklist could not be loaded" message={page.error.message} onRetry={() => void page.refetch()} retrying={page.isFetching} />
      ) : page.data.tooManyToSort ? (
        <div role="status" className="warning too-many-to-sort">
          <p>
            More than {SORT_CAP.toLocaleString('en')} studies match. The archive cannot sort, so sorting by {SORT_LABELS[state.sort]} fetches every matching
            study and sorts them here, which is done for at most {SORT_CAP.toLocaleString('en')}. Narrow the filters (a study date range, a modality), or sort
            by study date.
          </p>
          <button type="button" onClick={() => setState(withSort(state, 'date', 'desc'))}>
            Sort by study date, newest first
          </button>
        </div>
      ) : page.data.rows.length === 0 && state.page === 1 && !page.data.scanStop ? (
        <EmptyState filters={activeFilters} />
      ) : (
        <>
          <p className="result-count" role="status">
            {page.data.rows.length} {page.data.rows.length === 1 ? 'study' : 'studies'} on page {state.page}
            {isNewestFirst(state) ? '' : ` · sorted by ${sortLabel} over all matching studies`}
            {page.isFetching ? ' · refreshing…' : ''}
            {page.data.newUids.size > 0 ? ` · ${page.data.newUids.size} new since the last refresh` : ''}
          </p>
          {priorityError && (
            <p className="warning" role="alert">
              {priorityError}
            </p>
          )}
          {page.data.readingsFailed && (
            <p className="warning" role="status">
              The reading status of these studies could not be loaded; the list is shown without it.
            </p>
          )}
          {page.data.scanStop && (
            <p className="warning" role="status">
              Patient names are matched here, ignoring accents, so this page looked through {page.data.scanStop.scanned.toLocaleString('en')} studies (back to{' '}
              {formatDicomDate(page.data.scanStop.searchedFrom)}) and stopped there. Older studies have not been searched yet: Next page searches on.
            </p>
          )}
          {page.data.overfullDay && (
            <p className="warning">
              More studies on {page.data.overfullDay} than one request may return: that day is shown in the archive’s order. Narrow the filters to see all of it
              sorted.
            </p>
          )}
          <StudyTable
            source={source}
            studies={page.data.rows}
            openUrl={openUrl}
            sort={state.sort}
            sortDirection={state.direction}
            onSort={(key) => setState(toggleSort(state, key))}
            selectedUid={selectedUid}
            onSelect={setSelectedUid}
            expandedUid={expandedUid}
            onToggleExpanded={(uid) => setExpandedUid((current) => (current === uid ? null : uid))}
            newUids={page.data.newUids}
            onShare={canShare ? setSharing : undefined}
            readings={page.data.readings}
            readingsFailed={page.data.readingsFailed}
            readingSettings={page.data.readingSettings}
            onSetPriority={canPrioritize ? (study, priority) => void onSetPriority(study, priority) : undefined}
            now={now}
          />
        </>
      )}
      <WorklistPager
        page={state.page}
        hasPrevious={state.page > 1}
        hasNext={!page.isError && !!page.data?.hasNext && !page.isPlaceholderData}
        onPrevious={() => setState(previousPage(state))}
        onNext={() => page.data && setState(nextPage(state, page.data.nextCursor))}
      />
      {sharing && (
        <ShareDialog
          studyInstanceUid={sharing.studyInstanceUID}
          dataSource={source.sourceName === config.defaultDataSourceName ? undefined : source.sourceName}
          studyLabel={[formatPersonName(sharing.patientName), sharing.description, formatDicomDate(sharing.studyDate)].filter(Boolean).join(' — ')}
          onClose={() => setSharing(undefined)}
        />
      )}
    </section>
  );
}

function EmptyState({ filters }: { filters: string[] }) {
  return (
    <p role="status" className="empty-state">
      No studies match{filters.length ? `: ${filters.join(', ')}` : ' (the archive has no studies)'}.
    </p>
  );
}

/** Replaces the worklist parameters of `current` with those of a saved query, keeping the rest (data source). */
function mergeQuery(current: URLSearchParams, query: string): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const p of WORKLIST_PARAMS) next.delete(p);
  for (const [k, v] of new URLSearchParams(query)) if (WORKLIST_PARAMS.includes(k)) next.set(k, v);
  return next;
}
