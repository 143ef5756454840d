import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDataSource } from '../page-context/useDataSource.ts';
import { useRuntimeConfig } from '../page-context/RuntimeConfigProvider.tsx';
import type { StudySummary } from '../dicomweb/study-summary.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
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
import { describeActiveFilters, nextPage, previousPage, WORKLIST_PARAMS, withFilters, withPageSize, withSort, writeWorklistState } from './worklist-state.ts';
import { useSlashFocus } from './useSlashFocus.ts';

export function WorklistPage() {
  const source = useDataSource();
  const config = useRuntimeConfig();
  const [params, setParams] = useSearchParams();
  const [state, setState] = useWorklistState();
  const [savedSets, updateSavedSets] = useSavedFilterSets();
  const [refreshMs, setRefreshMs] = useState(0);
  const [selectedUid, setSelectedUid] = useState<string | null>(null);
  const [expandedUid, setExpandedUid] = useState<string | null>(null);
  const nameInputRef = useRef<HTMLInputElement>(null);
  useSlashFocus(nameInputRef);

  // Opening the worklist without any filter in the URL applies the default saved set.
  const hasWorklistParams = WORKLIST_PARAMS.some((p) => params.has(p));
  const defaultQuery = defaultFilterSet(savedSets)?.query;
  const appliedDefault = useRef(false);
  useEffect(() => {
    if (appliedDefault.current) return;
    appliedDefault.current = true;
    if (!hasWorklistParams && defaultQuery) setParams((current) => mergeQuery(current, defaultQuery), { replace: true });
  }, [hasWorklistParams, defaultQuery, setParams]);

  const page = useWorklistPage(source, state, refreshMs > 0 ? refreshMs : false);
  const isDefaultSource = source.sourceName === config.defaultDataSourceName;
  const openUrl = (s: StudySummary) => viewerUrl(s, source, isDefaultSource);
  const currentQuery = writeWorklistState({ ...state, trail: [], page: 1 }).toString();

  return (
    <section className="worklist" aria-labelledby="worklist-title">
      <h1 id="worklist-title">Worklist</h1>
      <WorklistFilters applied={state.filters} onApply={(f) => setState(withFilters(state, f))} nameInputRef={nameInputRef} />
      <SavedFilterSetsBar sets={savedSets} update={updateSavedSets} currentQuery={currentQuery} onApply={(q) => setParams((current) => mergeQuery(current, q))} />
      <WorklistToolbar
        sort={state.sort}
        direction={state.direction}
        onSort={(sort, direction) => setState(withSort(state, sort, direction))}
        pageSize={state.pageSize}
        onPageSize={(size) => setState(withPageSize(state, size))}
        refreshMs={refreshMs}
        onRefreshMs={setRefreshMs}
        onRefresh={() => void page.refetch()}
        refreshing={page.isFetching}
      />
      {page.isPending ? (
        <LoadingState label="Loading studies…" />
      ) : page.isError ? (
        <ErrorPanel title="The worklist could not be loaded" message={page.error.message} onRetry={() => void page.refetch()} retrying={page.isFetching} />
      ) : page.data.rows.length === 0 && state.page === 1 ? (
        <EmptyState filters={describeActiveFilters(state.filters)} />
      ) : (
        <>
          <p className="result-count" role="status">
            {page.data.rows.length} {page.data.rows.length === 1 ? 'study' : 'studies'} on page {state.page}
            {page.isFetching ? ' · refreshing…' : ''}
            {page.data.newUids.size > 0 ? ` · ${page.data.newUids.size} new since the last refresh` : ''}
          </p>
          {page.data.overfullDay && (
            <p className="warning">
              More studies on {page.data.overfullDay} than one request may return: that day is shown in the archive’s order. Narrow the filters to see all of it sorted.
            </p>
          )}
          <StudyTable
            source={source}
            studies={page.data.rows}
            openUrl={openUrl}
            sort={state.sort}
            sortDirection={state.direction === 'asc' ? 'ascending' : 'descending'}
            selectedUid={selectedUid}
            onSelect={setSelectedUid}
            expandedUid={expandedUid}
            onToggleExpanded={(uid) => setExpandedUid((current) => (current === uid ? null : uid))}
            newUids={page.data.newUids}
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
