/** Loading progress of one series: frames fetched, decoded and in the image cache. */
export interface SeriesProgress {
  loaded: number;
  total: number;
  failed: number;
}

export interface ProgressChange {
  seriesInstanceUID: string;
  progress: SeriesProgress;
  /** True exactly once: when the last missing frame arrives for the first time. */
  completedNow: boolean;
}

interface Entry {
  imageIds: Set<string>;
  loaded: Set<string>;
  failed: Set<string>;
  completedOnce: boolean;
}

export function progressFraction(p: SeriesProgress | undefined): number {
  return p && p.total > 0 ? Math.min(1, p.loaded / p.total) : 0;
}

/**
 * Counts, per series, which of its frames are loaded, from image-loaded / load-failed /
 * evicted notifications keyed by image id. Pure bookkeeping; the viewer feeds it events.
 */
export class SeriesLoadTracker {
  private readonly series = new Map<string, Entry>();
  private readonly seriesOfImage = new Map<string, string>();

  /** Registers a series' frames; `isLoaded` reports frames already in the cache. */
  register(seriesInstanceUID: string, imageIds: readonly string[], isLoaded: (imageId: string) => boolean = () => false): ProgressChange {
    let entry = this.series.get(seriesInstanceUID);
    if (!entry) {
      entry = { imageIds: new Set(), loaded: new Set(), failed: new Set(), completedOnce: false };
      this.series.set(seriesInstanceUID, entry);
    }
    for (const id of imageIds) {
      entry.imageIds.add(id);
      this.seriesOfImage.set(id, seriesInstanceUID);
      if (isLoaded(id)) entry.loaded.add(id);
    }
    return this.change(seriesInstanceUID, entry);
  }

  progress(seriesInstanceUID: string): SeriesProgress | undefined {
    const entry = this.series.get(seriesInstanceUID);
    return entry && { loaded: entry.loaded.size, total: entry.imageIds.size, failed: entry.failed.size };
  }

  imageLoaded(imageId: string): ProgressChange | undefined {
    return this.update(imageId, (e) => {
      if (e.loaded.has(imageId)) return false;
      e.loaded.add(imageId);
      e.failed.delete(imageId);
      return true;
    });
  }

  imageFailed(imageId: string): ProgressChange | undefined {
    return this.update(imageId, (e) => {
      if (e.failed.has(imageId) || e.loaded.has(imageId)) return false;
      e.failed.add(imageId);
      return true;
    });
  }

  imageEvicted(imageId: string): ProgressChange | undefined {
    return this.update(imageId, (e) => e.loaded.delete(imageId));
  }

  private update(imageId: string, apply: (e: Entry) => boolean): ProgressChange | undefined {
    const uid = this.seriesOfImage.get(imageId);
    const entry = uid === undefined ? undefined : this.series.get(uid);
    if (uid === undefined || !entry || !apply(entry)) return undefined;
    return this.change(uid, entry);
  }

  private change(seriesInstanceUID: string, entry: Entry): ProgressChange {
    const complete = entry.imageIds.size > 0 && entry.loaded.size === entry.imageIds.size;
    const completedNow = complete && !entry.completedOnce;
    if (complete) entry.completedOnce = true;
    return { seriesInstanceUID, progress: { loaded: entry.loaded.size, total: entry.imageIds.size, failed: entry.failed.size }, completedNow };
  }
}

/** Prefetch order: the frame on screen, then outward from it (next before previous), bounded to the stack. */
export function outwardOrder(total: number, start: number): number[] {
  const s = Math.min(Math.max(0, start), Math.max(0, total - 1));
  const order: number[] = total > 0 ? [s] : [];
  for (let d = 1; order.length < total; d++) {
    if (s + d < total) order.push(s + d);
    if (s - d >= 0) order.push(s - d);
  }
  return order;
}

/** The middle slice of `total` (0-based): where a series opened straight into MPR starts, and its loading fans out from. */
export function middleIndex(total: number): number {
  return Math.max(0, Math.floor((total - 1) / 2));
}
