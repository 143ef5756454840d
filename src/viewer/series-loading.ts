import { cache, eventTarget, Enums, imageLoader, type Types } from '@cornerstonejs/core';
import { create } from 'zustand';
import { estimateImageBytes, prefetchLimit } from '../imaging/cache-budget.ts';
import { outwardOrder, SeriesLoadTracker, type SeriesProgress } from '../imaging/load-progress.ts';
import { RequestScheduler } from '../imaging/request-scheduler.ts';
import { markSeriesLoaded } from './timing-marks.ts';

/**
 * Background retrieval of the series on screen and their load progress, from Cornerstone's events:
 * IMAGE_LOADED (fetched + decoded + cached), IMAGE_LOAD_FAILED and IMAGE_CACHE_IMAGE_REMOVED.
 *
 * Order: the image on screen is the viewport's own request (Cornerstone's interaction requests); then
 * prefetch fetches outward from it, as far as the cache budget allows, and starts again from wherever
 * the reader scrolls to; thumbnails come after prefetch (with one slot of their own). Five background
 * requests at most: on a 40 ms link four leave the line idle between frames, and five still leave one
 * of the browser's six connections per origin for what the reader asks for.
 */
const scheduler = new RequestScheduler({ maxInFlight: 5, thumbnailShare: 1 });

interface ProgressState {
  bySeries: Record<string, SeriesProgress>;
}
const useProgressStore = create<ProgressState>(() => ({ bySeries: {} }));

const tracker = new SeriesLoadTracker();

interface ShownSeries {
  imageIds: readonly string[];
  indexOf: ReadonlyMap<string, number>;
  /** Image on screen per viewport showing the series. */
  onScreen: Map<string, number>;
  bytesPerImage: number;
}
const shown = new Map<string, ShownSeries>();
let listening = false;

function publish(change: ReturnType<SeriesLoadTracker['register']> | undefined): void {
  if (!change) return;
  useProgressStore.setState((s) => ({ bySeries: { ...s.bySeries, [change.seriesInstanceUID]: change.progress } }));
  if (change.progress.total > 0 && change.progress.loaded === change.progress.total && shown.has(change.seriesInstanceUID)) {
    markSeriesLoaded(change.seriesInstanceUID, change.progress.total);
  }
}

function listen(): void {
  if (listening) return;
  listening = true;
  eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, ((e: CustomEvent<{ image: Types.IImage }>) => publish(tracker.imageLoaded(e.detail.image.imageId))) as EventListener);
  eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, ((e: CustomEvent<{ imageId: string }>) => publish(tracker.imageFailed(e.detail.imageId))) as EventListener);
  eventTarget.addEventListener(Enums.Events.IMAGE_CACHE_IMAGE_REMOVED, ((e: CustomEvent<{ imageId: string }>) => publish(tracker.imageEvicted(e.detail.imageId))) as EventListener);
}

/** Marks the images on screen as just used, so the cache's least-recently-used eviction never picks them. */
function touchOnScreen(): void {
  for (const series of shown.values()) for (const index of series.onScreen.values()) cache.getImageLoadObject(series.imageIds[index] ?? '');
}

/**
 * Plans prefetch of a series around the images on screen, within its share of the cache budget. Called
 * on every slice the reader scrolls to: jobs still wanted keep their place in the queue (only reordered),
 * those now out of range are dropped, and only the new ones are added.
 */
function plan(seriesInstanceUID: string): void {
  const series = shown.get(seriesInstanceUID);
  if (!series) return;
  const limit = prefetchLimit(cache.getMaxCacheSize(), series.bytesPerImage, shown.size);
  const centres = [...series.onScreen.values()];
  const wanted = new Set<string>();
  for (const centre of centres) for (const i of outwardOrder(series.imageIds.length, centre).slice(0, Math.ceil(limit / centres.length))) wanted.add(series.imageIds[i]!);
  scheduler.cancel(seriesInstanceUID, new Error('out of prefetch range'), (key) => wanted.has(key));
  for (const imageId of wanted) {
    if (cache.isLoaded(imageId) || scheduler.isQueued('prefetch', imageId)) continue;
    scheduler
      .schedule('prefetch', imageId, seriesInstanceUID, () => {
        touchOnScreen();
        return imageLoader.loadAndCacheImage(imageId, { priority: 0, requestType: Enums.RequestType.Prefetch });
      })
      // Failures reach the viewport and the progress bar through IMAGE_LOAD_FAILED; cancellations are expected.
      .catch(() => undefined);
  }
  scheduler.reorder(seriesInstanceUID, (key) => Math.min(...centres.map((c) => Math.abs(series.indexOf.get(key)! - c))));
}

export interface SeriesDisplay {
  /** The viewport now shows image `index`: prefetch starts again around it. */
  moved(index: number): void;
  release(): void;
}

/**
 * A viewport shows `imageIds` of a series from `startIndex`: count its progress and fetch the
 * series in the background around the image on screen.
 */
export function displaySeries(viewportId: string, seriesInstanceUID: string, imageIds: readonly string[], startIndex: number, image: Parameters<typeof estimateImageBytes>[0]): SeriesDisplay {
  listen();
  const series = shown.get(seriesInstanceUID) ?? { imageIds, indexOf: new Map(imageIds.map((id, i) => [id, i])), onScreen: new Map<string, number>(), bytesPerImage: estimateImageBytes(image) };
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
      // Images not yet requested are no longer needed by anyone on screen.
      scheduler.cancel(seriesInstanceUID);
      for (const other of shown.keys()) plan(other);
    },
  };
}

/** Runs a thumbnail request in its place behind prefetch. */
export function scheduleThumbnail<T>(key: string, run: () => Promise<T>): Promise<T> {
  return scheduler.schedule('thumbnail', key, 'thumbnails', run);
}

/** Load progress of a series (frames in cache / total), undefined until a viewport has shown it. */
export function useSeriesProgress(seriesInstanceUID: string): SeriesProgress | undefined {
  return useProgressStore((s) => s.bySeries[seriesInstanceUID]);
}
