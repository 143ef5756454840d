import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { searchSeries, searchStudies } from '../../dicomweb/qido.ts';
import type { SeriesSummary, StudySummary } from '../../dicomweb/study-summary.ts';
import { retrieveSeriesMetadata } from '../../dicomweb/wado.ts';
import { initialHanging, viewportCount, type LayoutId } from '../../imaging/layout.ts';
import { buildSeriesStack, type StackImage } from '../../imaging/series-stack.ts';
import { DEFAULT_LOSSY_FIRST, lossyPreviewUrl, PREVIEW_ACCEPT } from '../../imaging/image-quality.ts';
import { ClaimOnce } from '../../dicomweb/claim-once.ts';
import { startEarlyRequest } from '../../dicomweb/early-requests.ts';
import { estimateImageBytes } from '../../imaging/cache-budget.ts';
import { earlyFrameArrival, startEarlyFrames } from '../../imaging/early-frames.ts';
import { earlyFrameBatches, framesPerBatch } from '../../imaging/prefetch-jobs.ts';
import { firstRetrieval, frameAcceptHeader, transferSyntaxOfContentType } from '../../imaging/transfer-syntax-policy.ts';
import { prepareDecoder, startDecodeWorker } from '../loading/decode-workers.ts';
import { frameUrlOfImageId } from '../../imaging/wadors-image-id.ts';
import { parseMprLaunch, parseSeriesInstanceUIDs, parseStudyInstanceUIDs } from './launch-params.ts';
import { middleIndex, outwardOrder } from '../../imaging/load-progress.ts';
import { orderImageSeries } from './series-choice.ts';
import type { SeriesRef } from '../viewer-store.ts';

/**
 * The queries a viewer launch makes before its first image can be requested (the study, its series, the
 * metadata of the series hung first), shared by the viewer and by the page's launch script, which begins
 * them while the viewer's code is still downloading (startViewerLaunch). No Cornerstone and no React here:
 * this module runs before either has loaded.
 */

/** A study of the launch URL: undefined `study` means the archive does not have it. */
export interface LaunchStudy {
  studyInstanceUID: string;
  study: StudySummary | undefined;
  series: SeriesSummary[];
}

async function loadStudy(source: DataSource, studyInstanceUID: string, signal?: AbortSignal): Promise<LaunchStudy> {
  const [studies, series] = await Promise.all([
    searchStudies(source, { StudyInstanceUID: studyInstanceUID }, signal),
    searchSeries(source, studyInstanceUID, signal).catch((err: unknown) => {
      // An unknown study may answer 404 at series level: the study query decides.
      if ((err as { status?: number }).status === 404) return [];
      throw err;
    }),
  ]);
  const study = studies.find((s) => s.studyInstanceUID === studyInstanceUID);
  return { studyInstanceUID, study, series: study ? orderImageSeries(series) : [] };
}

async function loadSeriesStack(source: DataSource, studyInstanceUID: string, seriesInstanceUID: string, signal?: AbortSignal): Promise<StackImage[]> {
  const metadata = await retrieveSeriesMetadata(source, studyInstanceUID, seriesInstanceUID, signal);
  return buildSeriesStack(source.wadoRoot, studyInstanceUID, seriesInstanceUID, metadata);
}

/**
 * Answers the launch asked for before the viewer's queries existed (startViewerLaunch), each taken once by
 * the query it was asked for: a refetch asks again. One nobody takes (the reader left at once) is dropped.
 */
const started = new ClaimOnce<unknown>(60_000);

function startOnce<T>(key: string, run: () => Promise<T>): Promise<T> {
  return started.start(key, run) as Promise<T>;
}

function takeStarted<T>(key: string): Promise<T> | undefined {
  return started.claim(key) as Promise<T> | undefined;
}

const studyKey = (source: DataSource, studyInstanceUID: string) => `study ${source.sourceName} ${studyInstanceUID}`;
const stackKey = (source: DataSource, studyInstanceUID: string, seriesInstanceUID: string) =>
  `stack ${source.sourceName} ${studyInstanceUID} ${seriesInstanceUID}`;

export function launchStudyQuery(source: DataSource, studyInstanceUID: string) {
  return {
    queryKey: ['launch-study', source.sourceName, studyInstanceUID] as const,
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      takeStarted<LaunchStudy>(studyKey(source, studyInstanceUID)) ?? loadStudy(source, studyInstanceUID, signal),
    staleTime: 5 * 60_000,
  };
}

export function seriesStackQuery(source: DataSource, studyInstanceUID: string | undefined, seriesInstanceUID: string | undefined) {
  return {
    queryKey: ['series-stack', source.sourceName, studyInstanceUID, seriesInstanceUID] as const,
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      takeStarted<StackImage[]>(stackKey(source, studyInstanceUID!, seriesInstanceUID!)) ??
      loadSeriesStack(source, studyInstanceUID!, seriesInstanceUID!, signal),
    enabled: studyInstanceUID !== undefined && seriesInstanceUID !== undefined,
    staleTime: Infinity,
  };
}

/** Layout for the launch: 1×1, or room for every series the URL asks to see first. */
function launchLayout(preferred: number): LayoutId {
  return preferred >= 3 ? '2x2' : preferred === 2 ? '1x2' : '1x1';
}

/** What is hung first, before any prior is found: the launch's series (URL-preferred ones first) in up to four viewports. */
export function launchHanging(studies: readonly LaunchStudy[], preferredSeries: readonly string[]): { layout: LayoutId; series: (SeriesRef | undefined)[] } {
  const refs: SeriesRef[] = studies.flatMap((st) =>
    st.series.map((se) => ({ studyInstanceUID: st.studyInstanceUID, seriesInstanceUID: se.seriesInstanceUID })),
  );
  const preferred = preferredSeries.map((uid) => refs.find((r) => r.seriesInstanceUID === uid)).filter((r): r is SeriesRef => r !== undefined);
  return { layout: launchLayout(preferred.length), series: initialHanging(refs, 4, preferred) };
}

let launched = false;

/**
 * Starts a viewer launch's lookups before the viewer's code runs (src/app/launch.ts, the first script of a
 * viewer page; the app's entry does it when that script is absent): the studies at once, then the
 * metadata of the series that will be on screen, then the first image's lossy preview and first frames.
 * The viewer's queries take these answers (same studies and series) instead of asking again. Once a page.
 */
export function startViewerLaunch(source: DataSource, params: URLSearchParams): void {
  if (launched) return;
  launched = true;
  const studyUIDs = parseStudyInstanceUIDs(params);
  if (studyUIDs.length === 0) return;
  const preferredSeries = parseSeriesInstanceUIDs(params);
  const mpr = parseMprLaunch(params);
  startDecodeWorker();
  void Promise.all(studyUIDs.map((uid) => startOnce(studyKey(source, uid), () => loadStudy(source, uid))))
    .then((studies) => {
      const { layout, series } = launchHanging(studies, preferredSeries);
      series.slice(0, viewportCount(layout)).forEach((ref, viewport) => {
        if (!ref) return;
        startOnce(stackKey(source, ref.studyInstanceUID, ref.seriesInstanceUID), () => loadSeriesStack(source, ref.studyInstanceUID, ref.seriesInstanceUID))
          .then((stack) => {
            // `mpr=1` opens the first viewport's series as MPR, which starts in the middle of the volume.
            const start = viewport === 0 && mpr ? middleIndex(stack.length) : 0;
            startFirstPreview(source, stack[start]);
            startFirstFrames(source, stack, start, viewport === 0 && mpr ? 'mpr' : 'stack');
          })
          .catch(() => undefined);
      });
    })
    .catch(() => undefined);
}

/**
 * The first frames of the stack (the image on screen first, `start`, then its neighbours outwards: one frame
 * batch, or for an MPR those of its first band of slices, earlyFrameBatches), asked for the way the loader
 * would ask for them, unless its pixels are read from the stored instance instead. A source with frame
 * streaming gets none: its image on screen is streamed, to be drawn while it arrives. The decode worker readies
 * the decoder of the series' transfer syntax: named by the metadata, else by the first frame's part.
 */
function startFirstFrames(source: DataSource, stack: readonly StackImage[], start: number, kind: 'stack' | 'mpr'): void {
  const first = stack[start];
  if (!first) return;
  prepareDecoder(first.descriptor.transferSyntaxUID);
  if (source.frameStreaming) return;
  const { rows = 0, columns = 0, samplesPerPixel, bitsAllocated } = first.descriptor;
  const layout = { samplesPerPixel, bitsAllocated };
  const request = firstRetrieval(layout, 'stored');
  if (request === 'instance') return;
  const perBatch = framesPerBatch(estimateImageBytes({ rows, columns, ...layout }));
  const order = outwardOrder(stack.length, start);
  const accept = frameAcceptHeader(request);
  for (let batch = 0; batch < earlyFrameBatches(kind, stack.length, perBatch); batch++) {
    const imageIds = order.slice(batch * perBatch, (batch + 1) * perBatch).map((index) => stack[index]!.imageId);
    if (imageIds.length > 0) startEarlyFrames(imageIds, accept);
  }
  void earlyFrameArrival(first.imageId)?.then((frame) => {
    if (frame.kind === 'frame') prepareDecoder(transferSyntaxOfContentType(frame.contentType));
  });
}

/** The lossy preview of the image a viewport shows first, if it gets one, asked for now. */
function startFirstPreview(source: DataSource, first: StackImage | undefined): void {
  if (!first) return;
  const policy = { kind: source.lossyPreview ?? 'none', ...DEFAULT_LOSSY_FIRST };
  const size = { rows: first.descriptor.rows ?? 0, columns: first.descriptor.columns ?? 0 };
  const url = lossyPreviewUrl(policy, frameUrlOfImageId(first.imageId), size);
  if (url) startEarlyRequest(url, PREVIEW_ACCEPT);
}
