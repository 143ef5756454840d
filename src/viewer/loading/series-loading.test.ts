import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A fake of Cornerstone's image cache and loader: what is loaded, and every single-frame request. */
const events = new EventTarget();
const loaded = new Set<string>();
const requested = new Set<string>();
const singles: string[] = [];
vi.mock('@cornerstonejs/core', () => ({
  Enums: {
    Events: { IMAGE_LOADED: 'IMAGE_LOADED', IMAGE_LOAD_FAILED: 'IMAGE_LOAD_FAILED', IMAGE_CACHE_IMAGE_REMOVED: 'IMAGE_CACHE_IMAGE_REMOVED' },
    RequestType: { Prefetch: 'prefetch' },
  },
  eventTarget: events,
  cache: {
    getMaxCacheSize: () => 1024 * 1024 * 1024,
    isLoaded: (id: string) => loaded.has(id),
    getImageLoadObject: (id: string) => (requested.has(id) || loaded.has(id) ? {} : undefined),
    getImage: () => undefined,
  },
  imageLoader: {
    loadAndCacheImage: (id: string) => {
      singles.push(id);
      requested.add(id);
      return new Promise(() => undefined);
    },
  },
}));

/** Frame batches on the wire, each answered by the test. */
interface Batch {
  imageIds: readonly string[];
  signal: AbortSignal;
  notBrought(id: string): void;
  finish(): void;
}
const batches: Batch[] = [];
vi.mock('./batch-prefetch.ts', () => ({
  prefetchFrameBatch: (imageIds: readonly string[], hooks: { signal: AbortSignal; notBrought(id: string): void }) =>
    new Promise<void>((resolve) => batches.push({ imageIds, signal: hooks.signal, notBrought: hooks.notBrought, finish: resolve })),
}));

const { displaySeries } = await import('./series-loading.ts');
const { loadingSession, resetLoadingSession } = await import('./loading-session.ts');

const SERIES = '1.2.3';
const ids = (n: number, scheme = 'wadors:/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.') =>
  Array.from({ length: n }, (_, i) => `${scheme}${i}${scheme.startsWith('wadors') ? '/frames/1' : ''}`);
const ct = { rows: 512, columns: 512, bitsAllocated: 16 };
const indexOf = (id: string) => Number(/instances\/1\.2\.3\.(\d+)/.exec(id)?.[1]);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const event = (type: string, detail: unknown) => events.dispatchEvent(new CustomEvent(type, { detail }));
const progress = () => loadingSession().progress.getState().bySeries[SERIES];

beforeEach(() => {
  resetLoadingSession();
  loaded.clear();
  requested.clear();
  singles.length = 0;
  batches.length = 0;
});

describe('background loading of the series on screen', () => {
  it('fetches outward from the image on screen in batches of 16 CT slices, never the image on screen itself', async () => {
    const imageIds = ids(40);
    displaySeries('vp-1', SERIES, imageIds, 20, ct);
    await settle();
    expect(batches.length).toBeGreaterThan(0);
    const first = batches[0]!.imageIds.map(indexOf);
    expect(first).toHaveLength(16);
    expect(first).not.toContain(20);
    expect(first).toEqual(expect.arrayContaining([19, 21]));
    const distances = batches.flatMap((b) => b.imageIds.map((id) => Math.abs(indexOf(id) - 20)));
    expect(Math.max(...batches[0]!.imageIds.map((id) => Math.abs(indexOf(id) - 20)))).toBeLessThanOrEqual(Math.min(...distances.slice(16)));
    // At most three background requests on the wire: the browser's other connections stay for the reader.
    expect(batches.length).toBeLessThanOrEqual(3);
  });

  it('starts again around the slice the reader scrolls to, letting the requests on the wire finish', async () => {
    const imageIds = ids(200);
    const display = displaySeries('vp-1', SERIES, imageIds, 0, ct);
    await settle();
    const onTheWire = batches.length;
    display.moved(150);
    await settle();
    expect(batches.slice(0, onTheWire).every((b) => !b.signal.aborted)).toBe(true);
    batches[0]!.finish();
    await settle();
    const next = batches[onTheWire]!.imageIds.map(indexOf);
    expect(next).toEqual(expect.arrayContaining([149, 151]));
  });

  it('skips what is in the cache, and asks one by one for the frames a batch did not bring', async () => {
    const imageIds = ids(10);
    loaded.add(imageIds[1]!);
    displaySeries('vp-1', SERIES, imageIds, 0, ct);
    await settle();
    const asked = batches[0]!.imageIds.map(indexOf);
    expect(asked).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    batches[0]!.notBrought(imageIds[5]!);
    await settle();
    expect(singles).toEqual([imageIds[5]]);
  });

  it('asks for images that are not WADO-RS frames one by one', async () => {
    const imageIds = ids(4, 'dicomfile:');
    displaySeries('vp-1', SERIES, imageIds, 0, ct);
    await settle();
    expect(batches).toEqual([]);
    expect(singles).toEqual(imageIds.slice(1, 4));
  });

  it('cancels the series once no viewport shows it', async () => {
    const imageIds = ids(100);
    const first = displaySeries('vp-1', SERIES, imageIds, 0, ct);
    const second = displaySeries('vp-2', SERIES, imageIds, 50, ct);
    await settle();
    first.release();
    expect(batches.every((b) => !b.signal.aborted)).toBe(true);
    second.release();
    expect(batches.every((b) => b.signal.aborted)).toBe(true);
    const started = batches.length;
    batches.forEach((b) => b.finish());
    await settle();
    expect(batches).toHaveLength(started);
    expect(loadingSession().shownSeries.size).toBe(0);
  });

  it('counts the series progress from the loader events', () => {
    const imageIds = ids(3);
    loaded.add(imageIds[0]!);
    displaySeries('vp-1', SERIES, imageIds, 0, ct);
    expect(progress()).toEqual({ loaded: 1, total: 3, failed: 0 });
    event('IMAGE_LOADED', { image: { imageId: imageIds[1] } });
    event('IMAGE_LOAD_FAILED', { imageId: imageIds[2] });
    expect(progress()).toEqual({ loaded: 2, total: 3, failed: 1 });
    event('IMAGE_CACHE_IMAGE_REMOVED', { imageId: imageIds[0] });
    expect(progress()).toEqual({ loaded: 1, total: 3, failed: 1 });
  });

  it('marks the series loaded once every frame is in the cache', () => {
    const marks: unknown[] = [];
    const mark = vi.spyOn(performance, 'mark').mockImplementation((name, options) => {
      marks.push([name, options?.detail]);
      return undefined as unknown as PerformanceMark;
    });
    const imageIds = ids(2);
    displaySeries('vp-1', SERIES, imageIds, 0, ct);
    event('IMAGE_LOADED', { image: { imageId: imageIds[0] } });
    event('IMAGE_LOADED', { image: { imageId: imageIds[1] } });
    event('IMAGE_CACHE_IMAGE_REMOVED', { imageId: imageIds[1] });
    event('IMAGE_LOADED', { image: { imageId: imageIds[1] } });
    expect(marks).toEqual([['rr:series-loaded', { seriesInstanceUID: SERIES, n: 2 }]]);
    mark.mockRestore();
  });

  it('keeps nothing from an earlier session', () => {
    displaySeries('vp-1', SERIES, ids(3), 0, ct);
    resetLoadingSession();
    expect(progress()).toBeUndefined();
    expect(loadingSession().shownSeries.size).toBe(0);
  });
});
