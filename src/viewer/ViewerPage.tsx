import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDataSource } from '../app/useDataSource.ts';
import type { SeriesSummary } from '../dicomweb/study-summary.ts';
import { initialHanging, layoutGrid, viewportCell, type LayoutId } from '../imaging/layout.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { parseSeriesInstanceUIDs, parseStudyInstanceUIDs } from './launch-params.ts';
import { LayoutControl } from './LayoutControl.tsx';
import { SeriesBrowser } from './SeriesBrowser.tsx';
import { resetTimingMarks } from './timing-marks.ts';
import { useNavigationKeys } from './useNavigationKeys.ts';
import { useLaunchStudies, type LaunchStudy } from './useSeriesStack.ts';
import { useViewerStore, visibleViewportIds, type SeriesRef } from './viewer-store.ts';
import { ViewportSlot } from './ViewportSlot.tsx';
import { ViewerToolbar } from './ViewerToolbar.tsx';
import './viewer.css';

/** Layout for the launch: 1×1, or room for every series the URL asks to see first. */
function launchLayout(preferred: number): LayoutId {
  return preferred >= 3 ? '2x2' : preferred === 2 ? '1x2' : '1x1';
}

function useInitialHanging(launchKey: string, studies: readonly LaunchStudy[] | undefined, preferredSeries: readonly string[]): void {
  const hungFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!studies || hungFor.current === launchKey) return;
    hungFor.current = launchKey;
    const refs: SeriesRef[] = studies.flatMap((st) => st.series.map((se) => ({ studyInstanceUID: st.studyInstanceUID, seriesInstanceUID: se.seriesInstanceUID })));
    const preferred = preferredSeries.map((uid) => refs.find((r) => r.seriesInstanceUID === uid)).filter((r): r is SeriesRef => r !== undefined);
    useViewerStore.getState().hang(initialHanging(refs, 4, preferred), launchLayout(preferred.length));
  }, [launchKey, studies, preferredSeries]);
}

export function ViewerPage() {
  const [params] = useSearchParams();
  const source = useDataSource();
  // Each viewer session records its own timing marks (reset before any viewport can render).
  useState(resetTimingMarks);
  const studyUIDs = useMemo(() => parseStudyInstanceUIDs(params), [params]);
  const preferredSeries = useMemo(() => parseSeriesInstanceUIDs(params), [params]);
  const launch = useLaunchStudies(source, studyUIDs);
  useInitialHanging(params.toString(), launch.data, preferredSeries);
  useNavigationKeys();
  const layout = useViewerStore((s) => s.layout);
  const assignments = useViewerStore((s) => s.assignments);

  const summaries = useMemo(() => {
    const map = new Map<string, SeriesSummary>();
    for (const st of launch.data ?? []) for (const se of st.series) map.set(se.seriesInstanceUID, se);
    return map;
  }, [launch.data]);

  if (studyUIDs.length === 0) {
    return <ErrorPanel title="No study to open" message="The link has no valid StudyInstanceUIDs parameter. Open a study from the worklist." />;
  }
  if (launch.error) {
    return <ErrorPanel title="The study could not be opened" message={launch.error.message} onRetry={launch.refetch} retrying={launch.isFetching} />;
  }
  if (!launch.data) return <LoadingState label="Loading the study…" />;
  const missing = launch.data.filter((s) => !s.study).map((s) => s.studyInstanceUID);
  if (missing.length === launch.data.length) {
    return (
      <ErrorPanel
        title="Study not found"
        message={`The archive has no study with ${missing.length === 1 ? 'the identifier' : 'the identifiers'} ${missing.join(', ')}. Check the link or open the study from the worklist.`}
      />
    );
  }
  if (launch.data.every((s) => s.series.length === 0)) return <ErrorPanel title="Nothing to display" message="This study has no image series." />;

  const { rows, columns } = layoutGrid(layout);
  return (
    <div className="viewer-page">
      <div className="viewer-toolbar" role="toolbar" aria-label="Viewer">
        <LayoutControl />
      </div>
      <ViewerToolbar />
      {missing.length > 0 && (
        <p role="status" className="viewer-notice">
          Not found in the archive: {missing.join(', ')}
        </p>
      )}
      <div className="viewer-body">
        <SeriesBrowser source={source} studies={launch.data} />
        <section className="viewer-grid" aria-label="Image viewer" style={{ gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
          {visibleViewportIds(layout).map((id, i) => {
            const cell = viewportCell(layout, i);
            const series = assignments[id];
            return (
              <ViewportSlot
                key={id}
                source={source}
                viewportId={id}
                position={i + 1}
                series={series}
                summary={series && summaries.get(series.seriesInstanceUID)}
                gridArea={`${cell.row} / ${cell.column} / ${cell.row + 1} / ${cell.column + 1}`}
              />
            );
          })}
        </section>
      </div>
    </div>
  );
}
