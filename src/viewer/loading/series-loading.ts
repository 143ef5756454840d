import { cache, eventTarget, Enums, imageLoader, type Types } from '@cornerstonejs/core';
import { useStore } from 'zustand';
import { estimateImageBytes, prefetchLimit } from '../../imaging/cache-budget.ts';
import type { SeriesLoadTracker, SeriesProgress } from '../../imaging/load-progress.ts';
import { earlyFrameArrival, hasEarlyFrame } from '../../imaging/early-frames.ts';
import { framesPerBatch, planPrefetchJobs, prefetchOrder } from '../../imaging/prefetch-jobs.ts';
import { parseWadorsImageId } from '../../imaging/wadors-image-id.ts';
import { prefetchFrameBatch } from './batch-prefetch.ts';
import { loadingSession, type ShownSeries } from './loading-session.ts';
import { markSeriesLoaded } from './timing-marks.ts';

/**
 * Background retrieval of the series on screen and their load progress, from Cornerstone's events:
 * IMAGE_LOADED (fetched + decoded + cached), IMAGE_LOAD_FAILED and IMAGE_CACHE_IMAGE_REMOVED.
 *
 * Order: the image on screen is the viewport's own request (Cornerstone's interaction requests); then
 * prefetch fetches outward from it, as far as the cache budget allows, and starts again from wherever
 * the reader scrolls to; thumbnails come after prefetch (with one slot of their own). Prefetch asks for
 * frame batches (up to 16 frames in one request through the gateway, src/imaging/prefetch-jobs.ts): on a
 * 40 ms link one request per frame left the line idle a quarter of the time. Frames a batch did not bring,
 * and images too large to batch, are asked for one by one. The state (scheduler, series on screen,
 * progress) lives in the loading session (loading-session.ts).
 */

// Loader events are page-wide: listen once per page; each event goes to the loading session of the moment.
let listening = false;

function publish(change: ReturnType<SeriesLoadTracker['register']> | undefined): void {
  if (!change) return;
  const { progress, shownSeries } = loadingSession();
  progress.setState((s) => ({ bySeries: { ...s.bySeries, [change.seriesInstanceUID]: change.progress } }));
  if (change.progress.total > 0 && change.progress.loaded === change.progress.total && shownSeries.has(change.seriesInstanceUID)) {
    markSeriesLoaded(change.seriesInstanceUID, change.progress.total);
  }
}

function listen(): void {
  if (listening) return;
  listening = true;
  eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, ((e: CustomEvent<{ image: Types.IImage }>) =>
    publish(loadingSession().tracker.imageLoaded(e.detail.image.imageId))) as EventListener);
  eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, ((e: CustomEvent<{ imageId: string }>) =>
    publish(loadingSession().tracker.imageFailed(e.detail.imageId))) as EventListener);
  eventTarget.addEventListener(Enums.Events.IMAGE_CACHE_IMAGE_REMOVED, ((e: CustomEvent<{ imageId: string }>) =>
    publish(loadingSession().tracker.imageEvicted(e.detail.imageId))) as EventListener);
}

/** Marks the images on screen as just used, so the cache's least-recently-used eviction never picks them. */
function touchOnScreen(): void {
  for (const series of loadingSession().shownSeries.values())
    for (const index of series.onScreen.values()) cache.getImageLoadObject(series.imageIds[index] ?? '');
}

function scheduleSingle(seriesInstanceUID: string, imageId: string): void {
  loadingSession()
    .scheduler.schedule('prefetch', imageId, seriesInstanceUID, () => {
      touchOnScreen();
      return imageLoader.loadAndCacheImage(imageId, { priority: 0, requestType: Enums.RequestType.Prefetch });
    })
    // Failures reach the viewport and the progress bar through IMAGE_LOAD_FAILED; cancellations are expected.
    .catch(() => undefined);
}

function scheduleBatch(seriesInstanceUID: string, series: ShownSeries, imageIds: string[]): void {
  loadingSession()
    .scheduler.schedule('prefetch', `batch ${imageIds[0]}`, seriesInstanceUID, async () => {
      // Not again what got into the cache, or started loading, since the plan.
      const wanted = imageIds.filter((id) => !cache.getImageLoadObject(id));
      if (wanted.length === 0) return;
      touchOnScreen();
      for (const id of wanted) series.inBatch.add(id);
      try {
        await prefetchFrameBatch(wanted, {
          signal: series.abort.signal,
          beforeCaching: touchOnScreen,
          notBrought: (id) => {
            series.alone.add(id);
            scheduleSingle(seriesInstanceUID, id);
          },
        });
      } finally {
        for (const id of wanted) series.inBatch.delete(id);
      }
    })
    .catch(() => undefined);
}

/** Frames the launch asked for early go into the cache as they arrive, outside the plan and its slots. */
function loadEarlyFrames(series: ShownSeries): void {
  for (const imageId of series.imageIds) {
    const arrival = earlyFrameArrival(imageId);
    if (!arrival) continue;
    void arrival.then(() => {
      if (series.abort.signal.aborted || cache.getImageLoadObject(imageId)) return;
      touchOnScreen();
      imageLoader.loadAndCacheImage(imageId, { priority: 0, requestType: Enums.RequestType.Prefetch }).catch(() => undefined);
    });
  }
}

/**
 * Plans prefetch of a series around the images on screen, within its share of the cache budget. Called
 * on every slice the reader scrolls to: the series' queued requests are replaced by the new plan (a few
 * dozen batches at most), those already on the wire go on, and their frames are not asked for again.
 */
function plan(seriesInstanceUID: string): void {
  const { scheduler, shownSeries } = loadingSession();
  const series = shownSeries.get(seriesInstanceUID);
  if (!series) return;
  const limit = prefetchLimit(cache.getMaxCacheSize(), series.bytesPerImage, shownSeries.size);
  const centres = [...series.onScreen.values()];
  const onScreen = new Set(centres);
  const id = (index: number) => series.imageIds[index]!;
  const jobs = planPrefetchJobs(prefetchOrder(series.imageIds.length, centres, limit), {
    framesPerBatch: framesPerBatch(series.bytesPerImage),
    skip: (i) => onScreen.has(i) || cache.isLoaded(id(i)) || series.inBatch.has(id(i)) || hasEarlyFrame(id(i)),
    alone: (i) => !series.batchable || series.alone.has(id(i)),
  });
  scheduler.cancel(seriesInstanceUID, new Error('prefetch re-planned'));
  const rank = new Map<string, number>();
  for (const job of jobs) {
    if (job.kind === 'batch') {
      const imageIds = job.indices.map(id);
      rank.set(`batch ${imageIds[0]}`, rank.size);
      scheduleBatch(seriesInstanceUID, series, imageIds);
    } else {
      rank.set(id(job.index), rank.size);
      scheduleSingle(seriesInstanceUID, id(job.index));
    }
  }
  // This series' requests go ahead of other series' queued ones, as they did before the plan.
  scheduler.reorder(seriesInstanceUID, (key) => rank.get(key) ?? rank.size);
}

export interface SeriesDisplay {
  /** The viewport now shows image `index`: prefetch starts again around it. */
  moved(index: number): void;
  release(): void;
}

/** Frame batches hold WADO-RS frames of one series; a key-image set may mix series and loads image by image. */
function oneWadorsSeries(imageIds: readonly string[]): boolean {
  const first = imageIds[0];
  if (first === undefined || parseWadorsImageId(first) === undefined) return false;
  const series = first.slice(0, first.lastIndexOf('/instances/') + '/instances/'.length);
  return imageIds.every((id) => id.startsWith(series));
}

/** What the loading needs of the image a viewport shows first to size its prefetch (a 512² image when unknown). */
export function shownImageSize(shown: Partial<Parameters<typeof estimateImageBytes>[0]> | undefined): Parameters<typeof estimateImageBytes>[0] {
  return { rows: shown?.rows ?? 512, columns: shown?.columns ?? 512, bitsAllocated: shown?.bitsAllocated, samplesPerPixel: shown?.samplesPerPixel };
}

/**
 * A viewport shows `imageIds` of a series from `startIndex`: count its progress and fetch the
 * series in the background around the image on screen.
 */
export function displaySeries(
  viewportId: string,
  seriesInstanceUID: string,
  imageIds: readonly string[],
  startIndex: number,
  image: Parameters<typeof estimateImageBytes>[0],
): SeriesDisplay {
  listen();
  const { scheduler, shownSeries: shown, tracker } = loadingSession();
  const series = shown.get(seriesInstanceUID) ?? {
    imageIds,
    onScreen: new Map<string, number>(),
    bytesPerImage: estimateImageBytes(image),
    inBatch: new Set<string>(),
    batchable: oneWadorsSeries(imageIds),
    alone: new Set<string>(),
    abort: new AbortController(),
  };
  if (!shown.has(seriesInstanceUID)) loadEarlyFrames(series);
  shown.set(seriesInstanceUID, series);
  series.onScreen.set(viewportId, startIndex);
  const first = cache.getImage(imageIds[startIndex] ?? '');
  if (first?.sizeInBytes) series.bytesPerImage = first.sizeInBytes;
  publish(tracker.register(seriesInstanceUID, imageIds, (id) => cache.isLoaded(id)));
  plan(seriesInstanceUID);
  let released = false;
  return {
    moved(index) {
      if (released || series.onScreen.get(viewportId) === index) return;
      series.onScreen.set(viewportId, index);
      plan(seriesInstanceUID);
    },
    release() {
      if (released) return;
      released = true;
      series.onScreen.delete(viewportId);
      if (series.onScreen.size > 0) return plan(seriesInstanceUID);
      shown.delete(seriesInstanceUID);
      // Images not yet requested, or not yet arrived, are no longer needed by anyone on screen.
      scheduler.cancel(seriesInstanceUID);
      series.abort.abort();
      for (const other of shown.keys()) plan(other);
    },
  };
}

/** Runs a thumbnail request in its place behind prefetch. */
export function scheduleThumbnail<T>(key: string, run: () => Promise<T>): Promise<T> {
  return loadingSession().scheduler.schedule('thumbnail', key, 'thumbnails', run);
}

/** Load progress of a series (frames in cache / total), undefined until a viewport has shown it. */
export function useSeriesProgress(seriesInstanceUID: string): SeriesProgress | undefined {
  return useStore(loadingSession().progress, (s) => s.bySeries[seriesInstanceUID]);
}
