import { cache, eventTarget, Enums, imageLoader, type Types } from '@cornerstonejs/core';
import { create } from 'zustand';
import { outwardOrder, SeriesLoadTracker, type SeriesProgress } from '../imaging/load-progress.ts';
import { markSeriesLoaded } from './timing-marks.ts';

/**
 * Background retrieval of whole series and their load progress, from Cornerstone's events:
 * IMAGE_LOADED (fetched + decoded + cached), IMAGE_LOAD_FAILED and IMAGE_CACHE_IMAGE_REMOVED.
 * Prefetch is one bounded queue (PREFETCH_CONCURRENCY frames in flight, leaving browser
 * connections for what the reader asks for); issue 5 refines the order and priorities.
 */
const PREFETCH_CONCURRENCY = 4;

interface ProgressState {
  bySeries: Record<string, SeriesProgress>;
}
const useProgressStore = create<ProgressState>(() => ({ bySeries: {} }));

const tracker = new SeriesLoadTracker();
/** Series on screen (reference counts per viewport): they alone get the rr:series-loaded mark. */
const displayed = new Map<string, number>();
let listening = false;

function publish(change: ReturnType<SeriesLoadTracker['register']> | undefined): void {
  if (!change) return;
  useProgressStore.setState((s) => ({ bySeries: { ...s.bySeries, [change.seriesInstanceUID]: change.progress } }));
  if (change.progress.total > 0 && change.progress.loaded === change.progress.total && displayed.has(change.seriesInstanceUID)) {
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

interface QueuedFrame {
  seriesInstanceUID: string;
  imageId: string;
}
const queue: QueuedFrame[] = [];
let inFlight = 0;

function pump(): void {
  while (inFlight < PREFETCH_CONCURRENCY && queue.length > 0) {
    const { imageId } = queue.shift()!;
    if (cache.isLoaded(imageId)) continue;
    inFlight++;
    imageLoader
      .loadAndCacheImage(imageId, { priority: 0, requestType: Enums.RequestType.Prefetch })
      // Failures reach the viewport and the progress bar through IMAGE_LOAD_FAILED.
      .catch(() => undefined)
      .finally(() => {
        inFlight--;
        pump();
      });
  }
}

/**
 * A viewport shows `imageIds` of a series from `startIndex`: count its progress and fetch the
 * whole series in the background, outward from the image on screen. Returns the release.
 */
export function displaySeries(seriesInstanceUID: string, imageIds: readonly string[], startIndex: number): () => void {
  listen();
  displayed.set(seriesInstanceUID, (displayed.get(seriesInstanceUID) ?? 0) + 1);
  publish(tracker.register(seriesInstanceUID, imageIds, (id) => cache.isLoaded(id)));
  const queued = new Set(queue.map((q) => q.imageId));
  for (const i of outwardOrder(imageIds.length, startIndex)) {
    const imageId = imageIds[i]!;
    if (!queued.has(imageId) && !cache.isLoaded(imageId)) queue.push({ seriesInstanceUID, imageId });
  }
  pump();
  return () => {
    const n = (displayed.get(seriesInstanceUID) ?? 1) - 1;
    if (n > 0) {
      displayed.set(seriesInstanceUID, n);
      return;
    }
    displayed.delete(seriesInstanceUID);
    // Frames not yet requested are no longer needed by anyone on screen.
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.seriesInstanceUID === seriesInstanceUID) queue.splice(i, 1);
  };
}

/** Load progress of a series (frames in cache / total), undefined until a viewport has shown it. */
export function useSeriesProgress(seriesInstanceUID: string): SeriesProgress | undefined {
  return useProgressStore((s) => s.bySeries[seriesInstanceUID]);
}
