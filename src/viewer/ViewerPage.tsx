import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useRuntimeConfig } from '../page-context/RuntimeConfigProvider.tsx';
import { useDataSource } from '../page-context/useDataSource.ts';
import type { SeriesSummary } from '../dicomweb/study-summary.ts';
import { layoutGrid, viewportCell, type LayoutId } from '../imaging/layout.ts';
import { pageTitle, studyTitle } from '../dicomweb/study-title.ts';
import { rememberedWorklistPath } from '../session/worklist-return.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { useDocumentTitle } from '../ui/useDocumentTitle.ts';
import { LoadingState } from '../ui/LoadingState.tsx';
import { priorsToHang } from '../priors/rank-priors.ts';
import { comparisonHanging, comparisonPair, comparisonRoles } from './hanging/comparison-hanging.ts';
import { parseHangingProtocol, parseMprLaunch, parsePriorCount, parseSeriesInstanceUIDs, parseStudyInstanceUIDs } from './hanging/launch-params.ts';
import { useLaunchMpr } from './hanging/useLaunchMpr.ts';
import { LayoutControl } from './hanging/LayoutControl.tsx';
import { PriorsPanel } from './hanging/PriorsPanel.tsx';
import { PriorsSyncToolbar } from './hanging/PriorsSyncToolbar.tsx';
import { useComparisonSync } from './hanging/sync-controller.ts';
import { usePriors } from './hanging/usePriors.ts';
import { initCornerstone } from './viewport/cornerstone-init.ts';
import { SeriesBrowser } from './hanging/SeriesBrowser.tsx';
import { resetTimingMarks } from './loading/timing-marks.ts';
import { useNavigationKeys } from './tools/keyboard/useNavigationKeys.ts';
import { launchHanging, type LaunchStudy } from './hanging/launch-queries.ts';
import { useLaunchStudies } from './loading/useSeriesStack.ts';
import { useViewerStore, visibleViewportIds, type SeriesRef } from './viewer-store.ts';
import { hangTarget, protocolTarget, type TargetHanging } from './hanging/hang-target.ts';
import { protocolHanging, priorsWantedByProtocols } from './hanging/protocol-hanging.ts';
import { useHangingProtocols } from './hanging/useHangingProtocols.ts';
import { HangingProtocolPanel } from './hanging/HangingProtocolPanel.tsx';
import { ViewportSlot } from './viewport/ViewportSlot.tsx';
import { UnsavedDraftNotice } from './annotations/UnsavedDraftNotice.tsx';
import { ViewerToolbar } from './tools/ViewerToolbar.tsx';
import { pairLayout, useCompactViewer } from './page-layout/compact-viewer.ts';
import { PanelToggles, PRIORS_PANEL_ID, SERIES_PANEL_ID, SidePanel, useSidePanels, ViewerDrawer } from './page-layout/SidePanels.tsx';
import { ShareStudyButton } from './ShareStudyButton.tsx';
import { REPORT_PANEL_ID, ReportPanel } from './report/ReportPanel.tsx';
import { ReportToggle, useReportPanelOpen } from './report/ReportToggle.tsx';
import { usePermission } from '../page-context/useSession.ts';
import { ClaimBanner } from './reading/ClaimBanner.tsx';
import { ReadingControls } from './reading/ReadingControls.tsx';
import { useStudyClaim } from './reading/useStudyClaim.ts';
import { reviewCaseOf } from '../peer-review/review-launch.ts';
import { REVIEW_PANEL_ID, ReviewPanel } from './review/ReviewPanel.tsx';
import './viewer.css';

/** Whether the viewer still shows exactly what was hung (the reader has not changed layout or series). */
function stillHung(layout: LayoutId, series: readonly (SeriesRef | undefined)[]): boolean {
  const state = useViewerStore.getState();
  return state.layout === layout && visibleViewportIds(layout).every((id, i) => state.assignments[id]?.seriesInstanceUID === series[i]?.seriesInstanceUID);
}

/**
 * Hangs the launch once. While the priors and the reader's own protocols are still being looked for, the
 * current study is hung on its own at once (its first image is not held back by the search); when they
 * are known, the final hanging (a protocol's, or current and prior side by side) replaces that one unless
 * the reader has already changed it. The current series stays in viewport 1, so its viewport is kept.
 */
function useInitialHanging(
  launchKey: string,
  studies: readonly LaunchStudy[] | undefined,
  preferredSeries: readonly string[],
  final: TargetHanging | undefined,
  pending: boolean,
): void {
  const hungFor = useRef<string | undefined>(undefined);
  const provisional = useRef<{ layout: LayoutId; series: (SeriesRef | undefined)[] } | undefined>(undefined);
  useEffect(() => {
    if (!studies) return;
    if (hungFor.current === launchKey) {
      const waiting = provisional.current;
      if (waiting && !pending) {
        provisional.current = undefined;
        if (final && stillHung(waiting.layout, waiting.series)) hangTarget(final);
      }
      return;
    }
    hungFor.current = launchKey;
    if (final && !pending) {
      hangTarget(final);
      return;
    }
    const { layout, series } = launchHanging(studies, preferredSeries);
    hangTarget({ layout, series });
    if (pending) provisional.current = { layout, series };
  }, [launchKey, studies, preferredSeries, final, pending]);
}

/**
 * `value`, or while it is undefined (loading) the last value seen for the same current study: choosing
 * another prior changes the launch URL, and the viewer must stay as it is (same viewports, image, zoom,
 * window) until that prior is loaded. A different current study never shows the previous one's data.
 */
function useRetainedForCurrentStudy<T>(currentStudyUID: string | undefined, value: T | undefined): T | undefined {
  const [retained, setRetained] = useState<{ currentStudyUID: string | undefined; value: T }>();
  if (value !== undefined && (retained?.value !== value || retained.currentStudyUID !== currentStudyUID)) setRetained({ currentStudyUID, value });
  if (value !== undefined) return value;
  return retained && retained.currentStudyUID === currentStudyUID ? retained.value : undefined;
}

export function ViewerPage() {
  const [params] = useSearchParams();
  const source = useDataSource();
  // Each viewer session records its own timing marks (reset before any viewport can render).
  useState(resetTimingMarks);
  // Cornerstone and its decode workers start while the study is looked up, not after (a viewport reports a failure).
  const { imageCacheMb } = useRuntimeConfig();
  useEffect(() => {
    initCornerstone({ imageCacheMb }).catch(() => undefined);
  }, [imageCacheMb]);
  const studyUIDs = useMemo(() => parseStudyInstanceUIDs(params), [params]);
  const preferredSeries = useMemo(() => parseSeriesInstanceUIDs(params), [params]);
  const protocol = useMemo(() => parseHangingProtocol(params), [params]);
  const launchMpr = useMemo(() => parseMprLaunch(params), [params]);
  const launch = useLaunchStudies(source, studyUIDs);
  const { defaultDataSourceName } = useRuntimeConfig();
  const gatewaySource = source.sourceName === defaultDataSourceName ? undefined : source.sourceName;
  // Review mode (peer review, `&review=<caseId>`): the review panel instead of the report panel; no claim,
  // no claim banner, no archive documents (blinded review: the reader's name is in the report and its SR).
  const reviewCaseId = useMemo(() => reviewCaseOf(params), [params]);
  const canClaim = usePermission('reading:claim') && reviewCaseId === undefined;
  const claim = useStudyClaim(studyUIDs[0], gatewaySource, canClaim);
  const launchData = useRetainedForCurrentStudy(studyUIDs[0], launch.data);
  const currentStudy = launchData?.[0]?.study;
  const priors = usePriors(source, currentStudy);
  const priorCount = useMemo(() => parsePriorCount(params), [params]);
  const compact = useCompactViewer();
  // A plain launch (one study, nothing asked of the hanging) is hung by protocol: the reader's own for this
  // kind of study, else a shipped one. On a phone the screen has room for the current study and one prior only.
  const plainLaunch = studyUIDs.length === 1 && protocol === undefined && preferredSeries.length === 0 && !params.has('priors') && !launchMpr;
  const protocols = useHangingProtocols(plainLaunch && !compact);
  const launchCurrent = launch.data?.[0];
  const protocolPriors = useMemo(
    () => (protocols.active && launchCurrent ? priorsWantedByProtocols(launchCurrent, protocols.shipped, protocols.personal) : 0),
    [protocols.active, protocols.shipped, protocols.personal, launchCurrent],
  );
  // Without a second UID in the URL, the most relevant priors are hung (unless hangingProtocol=single).
  const autoPriors =
    studyUIDs.length === 1 && protocol !== 'single' && priors.data
      ? priorsToHang(priors.data.result, Math.max(priorCount, protocolPriors))
          .map((r) => r.study.studyInstanceUID)
          .join(',')
      : '';
  const added = useLaunchStudies(
    source,
    useMemo(() => (autoPriors ? autoPriors.split(',') : []), [autoPriors]),
  );
  const lookingForPriors = studyUIDs.length === 1 && protocol !== 'single' && currentStudy !== undefined && priors.isPending;
  // Settled: found (and loaded, or failed to load: a prior that cannot be loaded leaves the current study on its own).
  const priorsPending = lookingForPriors || (autoPriors !== '' && !added.data && !added.error);
  const studies = useMemo(() => (launch.data ? [...launch.data, ...(added.data ?? [])] : undefined), [launch.data, added.data]);
  // What is on screen: while another prior chosen for comparison loads, the studies shown so far.
  const shownStudies = useRetainedForCurrentStudy(studyUIDs[0], studies);
  const finalHanging = useMemo((): TargetHanging | undefined => {
    const [current, ...others] = studies ?? [];
    if (protocol === 'single' || !current?.study) return undefined;
    const byProtocol = protocols.active ? protocolHanging(current, others, protocols.shipped, protocols.personal, priors.data?.seriesByStudy) : undefined;
    if (byProtocol) return protocolTarget(byProtocol);
    if (others.length === 0) return undefined;
    const c = comparisonHanging(current, others, preferredSeries, priors.data?.seriesByStudy);
    return c && { series: [c.current, ...c.priors], layout: c.priors.length > 1 ? '2x2' : pairLayout() };
  }, [studies, protocol, preferredSeries, priors.data, protocols.active, protocols.shipped, protocols.personal]);
  useInitialHanging(params.toString(), studies, preferredSeries, finalHanging, priorsPending || protocols.pending);
  useLaunchMpr(params.toString(), launchMpr);
  useNavigationKeys();
  const layout = useViewerStore((s) => s.layout);
  const assignments = useViewerStore((s) => s.assignments);
  const roles = useMemo(() => comparisonRoles(shownStudies ?? [], studyUIDs[0]), [shownStudies, studyUIDs]);
  const pairIds = comparisonPair(assignments, visibleViewportIds(layout), roles.size > 0 ? studyUIDs[0] : undefined);
  const pairKey = pairIds && `${pairIds.currentViewportId} ${pairIds.priorViewportId}`;
  const pair = useMemo(() => {
    const [currentViewportId, priorViewportId] = pairKey?.split(' ') ?? [];
    return currentViewportId && priorViewportId ? { currentViewportId, priorViewportId } : undefined;
  }, [pairKey]);
  const sync = useComparisonSync(source, pair, pair && assignments[pair.currentViewportId], pair && assignments[pair.priorViewportId]);
  // The current study's series the reader is looking at: choosing another prior keeps it (and its view).
  const currentSeriesUID = (
    pair
      ? assignments[pair.currentViewportId]
      : visibleViewportIds(layout)
          .map((id) => assignments[id])
          .find((a) => a?.studyInstanceUID === studyUIDs[0])
  )?.seriesInstanceUID;
  const shownStudyUIDs = useMemo(
    () => new Set(visibleViewportIds(layout).flatMap((id) => (assignments[id] ? [assignments[id].studyInstanceUID] : []))),
    [layout, assignments],
  );

  const notFound = launch.data !== undefined && launch.data.every((s) => !s.study);
  useDocumentTitle(currentStudy ? studyTitle(currentStudy) : pageTitle(notFound ? 'Study not found' : 'Viewer'));
  const [worklistPath] = useState(() => rememberedWorklistPath());
  const panels = useSidePanels();
  const drawerButton = useRef<HTMLButtonElement>(null);
  const [reportOpen, toggleReport, reportPermitted] = useReportPanelOpen();
  const reportAllowed = reportPermitted && reviewCaseId === undefined;

  const summaries = useMemo(() => {
    const map = new Map<string, SeriesSummary>();
    for (const st of shownStudies ?? []) for (const se of st.series) map.set(se.seriesInstanceUID, se);
    return map;
  }, [shownStudies]);

  if (studyUIDs.length === 0) {
    return <ErrorPanel title="No study to open" message="The link has no valid StudyInstanceUIDs parameter. Open a study from the worklist." />;
  }
  if (launch.error) {
    return (
      <>
        <ErrorPanel title="The study could not be opened" message={launch.error.message} onRetry={launch.refetch} retrying={launch.isFetching} />
        <UnsavedDraftNotice sourceName={source.sourceName} studyInstanceUIDs={studyUIDs} />
      </>
    );
  }
  if (!launchData || !shownStudies) return <LoadingState label="Loading the study…" />;
  const missing = launchData.filter((s) => !s.study).map((s) => s.studyInstanceUID);
  if (missing.length === launchData.length) {
    return (
      <ErrorPanel
        title="Study not found"
        message={`The archive has no study with ${missing.length === 1 ? 'the identifier' : 'the identifiers'} ${missing.join(', ')}. Check the link or open the study from the worklist.`}
      >
        <p>
          <Link to={worklistPath}>Back to the worklist</Link>
        </p>
      </ErrorPanel>
    );
  }
  if (launchData.every((s) => s.series.length === 0)) return <ErrorPanel title="Nothing to display" message="This study has no image series." />;

  const { rows, columns } = layoutGrid(layout);
  const seriesBrowser = <SeriesBrowser source={source} studies={shownStudies} />;
  const priorsPanel = currentStudy && (
    <PriorsPanel current={currentStudy} currentSeriesUID={currentSeriesUID} priors={priors} shownStudyUIDs={shownStudyUIDs} />
  );
  return (
    <div className={`viewer-page${compact ? ' compact' : ''}`}>
      <div className="viewer-bars">
        <div className="viewer-toolbar" role="toolbar" aria-label="Viewer">
          <PanelToggles panels={panels} compact={compact} hasPriors={currentStudy !== undefined} drawerButton={drawerButton} />
          <LayoutControl />
          {pair && <PriorsSyncToolbar sync={sync} />}
          {currentStudy && <ShareStudyButton study={currentStudy} />}
          {currentStudy && !compact && reportAllowed && <ReportToggle open={reportOpen} onToggle={toggleReport} />}
        </div>
        <ViewerToolbar compact={compact} />
      </div>
      {reviewCaseId === undefined && <ClaimBanner claim={claim} />}
      {/* A compact screen has no series panel: the controls only bind the key N there. */}
      {compact && canClaim && <ReadingControls claim={claim} source={source} dataSource={gatewaySource} compact />}
      {missing.length > 0 && (
        <p role="status" className="viewer-notice">
          Not found in the archive: {missing.join(', ')}
        </p>
      )}
      <div className="viewer-body">
        {compact ? (
          <ViewerDrawer panels={panels} drawerButton={drawerButton}>
            {seriesBrowser}
            {priorsPanel}
          </ViewerDrawer>
        ) : (
          <SidePanel id={SERIES_PANEL_ID} open={panels.seriesOpen}>
            {canClaim && <ReadingControls claim={claim} source={source} dataSource={gatewaySource} compact={compact} />}
            {seriesBrowser}
            {shownStudies[0]?.study && (
              <HangingProtocolPanel
                current={shownStudies[0]}
                others={shownStudies.slice(1)}
                summaries={summaries}
                seriesByStudy={priors.data?.seriesByStudy}
                loadError={protocols.error}
              />
            )}
          </SidePanel>
        )}
        <section
          className="viewer-grid"
          aria-label="Image viewer"
          style={{ gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
        >
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
                comparisonRole={series && roles.get(series.studyInstanceUID)}
                gridArea={`${cell.row} / ${cell.column} / ${cell.row + 1} / ${cell.column + 1}`}
              />
            );
          })}
        </section>
        {!compact && priorsPanel && (
          <SidePanel id={PRIORS_PANEL_ID} open={panels.priorsOpen}>
            {priorsPanel}
          </SidePanel>
        )}
        {reviewCaseId !== undefined && (
          <div className="viewer-side" id={`${REVIEW_PANEL_ID}-side`}>
            <ReviewPanel caseId={reviewCaseId} source={source} />
          </div>
        )}
        {!compact && currentStudy && reportAllowed && (
          <SidePanel id={REPORT_PANEL_ID} open={reportOpen}>
            {reportOpen && (
              <ReportPanel
                study={currentStudy}
                hungPrior={shownStudies.find((s) => s.study && s.studyInstanceUID !== studyUIDs[0] && shownStudyUIDs.has(s.studyInstanceUID))?.study}
                priors={priors.data?.result.priors.map((r) => r.study) ?? []}
              />
            )}
          </SidePanel>
        )}
      </div>
    </div>
  );
}
