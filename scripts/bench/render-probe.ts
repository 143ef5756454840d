/**
 * A viewer-independent view of what Cornerstone does in the page, installed as an init script (it runs
 * before any page script). Used for OHIF, which has no timing marks, and as a cross-check of ours.
 *
 * - First image: Cornerstone dispatches CORNERSTONE_IMAGE_RENDERED on the viewport element after each
 *   render (a non-bubbling CustomEvent, so it is caught in the capture phase on the document). The first
 *   one whose viewport canvas holds more than one colour (sampled on a 32×32 grid) is the first image.
 * - Images loaded: OHIF publishes Cornerstone core as `window.cornerstone`; a setter on that property
 *   subscribes to CORNERSTONE_IMAGE_LOADED / CORNERSTONE_IMAGE_LOAD_FAILED on its event target as soon as
 *   it exists. An image counts for the series when its imageId holds `/series/<uid>/`. IMAGE_LOADED means
 *   the frame was fetched, decoded and put in the image cache — the same definition as rr:series-loaded.
 * - MPR (bench --mpr): the first reformatted image is the first render of a viewport whose id ends in
 *   `coronal` or `sagittal` (OHIF's hanging protocol `mpr` names them `mpr-coronal` and `mpr-sagittal`,
 *   Readroom `<slot>-mpr-coronal`…) that shows an image by the test of rr:mpr-first-image (the app's
 *   `planeShowsImage`, passed in as source: a quarter of the 32×32 grid's rows with detail, so neither an
 *   empty volume nor a few slices crossing the plane count). The volume is
 *   complete when Cornerstone's CORNERSTONE_IMAGE_VOLUME_MODIFIED, for a volume in the cache whose image
 *   ids are the series', reports framesProcessed = numberOfFrames (every frame in at full resolution) —
 *   the same definition as rr:mpr-volume-loaded.
 */
export interface ProbeState {
  firstRender: number | null;
  loaded: string[];
  failed: string[];
  /** performance.now() of the last IMAGE_LOADED of the series. */
  lastLoadedAt: number | null;
  cornerstoneSeen: boolean;
  /** performance.now() of the first non-blank render of a coronal or sagittal viewport. */
  mprFirstRender: number | null;
  /** The series' volume: frames in at full resolution, of how many, and when the last came in. */
  volumeFrames: number;
  volumeTotal: number | null;
  volumeLoadedAt: number | null;
}

interface ProbedWindow {
  __benchProbe?: ProbeState;
  cornerstone?: unknown;
}

interface CornerstoneLike {
  eventTarget?: { addEventListener(type: string, listener: (e: Event) => void): void };
  cache?: { getVolume?(volumeId: string): { imageIds?: string[] } | undefined };
}

export function installRenderProbe(seriesInstanceUID: string, planeShowsImage: (data: ArrayLike<number>, size: number) => boolean): void {
  const win = window as unknown as ProbedWindow;
  const state: ProbeState = {
    firstRender: null,
    loaded: [],
    failed: [],
    lastLoadedAt: null,
    cornerstoneSeen: false,
    mprFirstRender: null,
    volumeFrames: 0,
    volumeTotal: null,
    volumeLoadedAt: null,
  };
  const reformatted = /(?:^|-)(?:coronal|sagittal)$/i;
  win.__benchProbe = state;
  const loaded = new Set<string>();
  const failed = new Set<string>();
  const marker = `/series/${seriesInstanceUID}/`;

  function grid(canvas: HTMLCanvasElement): Uint8ClampedArray | null {
    if (canvas.width === 0 || canvas.height === 0) return null;
    const scratch = document.createElement('canvas');
    scratch.width = 32;
    scratch.height = 32;
    const ctx = scratch.getContext('2d', { willReadFrequently: true });
    if (!ctx) return null;
    ctx.drawImage(canvas, 0, 0, 32, 32);
    return ctx.getImageData(0, 0, 32, 32).data;
  }

  function drawn(data: Uint8ClampedArray): boolean {
    for (let i = 4; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) return true;
    }
    return false;
  }

  document.addEventListener(
    'CORNERSTONE_IMAGE_RENDERED',
    (event) => {
      const now = performance.now();
      const isReformatted = reformatted.test((event as CustomEvent<{ viewportId?: string } | null>).detail?.viewportId ?? '');
      if (state.firstRender !== null && (!isReformatted || state.mprFirstRender !== null)) return;
      const element = event.target as Element | null;
      const canvas = element?.querySelector('canvas');
      const data = canvas ? grid(canvas) : null;
      if (!data) return;
      if (state.firstRender === null && drawn(data)) state.firstRender = now;
      if (isReformatted && state.mprFirstRender === null && planeShowsImage(data, 32)) state.mprFirstRender = now;
    },
    true,
  );

  function subscribe(cs: CornerstoneLike | undefined): void {
    if (!cs?.eventTarget || state.cornerstoneSeen) return;
    state.cornerstoneSeen = true;
    cs.eventTarget.addEventListener('CORNERSTONE_IMAGE_LOADED', (e) => {
      const imageId = (e as CustomEvent<{ image?: { imageId?: string } }>).detail.image?.imageId ?? '';
      if (!imageId.includes(marker) || loaded.has(imageId)) return;
      loaded.add(imageId);
      failed.delete(imageId);
      state.loaded = [...loaded];
      state.failed = [...failed];
      state.lastLoadedAt = performance.now();
    });
    cs.eventTarget.addEventListener('CORNERSTONE_IMAGE_LOAD_FAILED', (e) => {
      const imageId = (e as CustomEvent<{ imageId?: string }>).detail.imageId ?? '';
      if (!imageId.includes(marker) || loaded.has(imageId)) return;
      failed.add(imageId);
      state.failed = [...failed];
    });
    cs.eventTarget.addEventListener('CORNERSTONE_IMAGE_VOLUME_MODIFIED', (e) => {
      const { volumeId, framesProcessed, numberOfFrames } = (e as CustomEvent<{ volumeId?: string; framesProcessed?: number; numberOfFrames?: number }>).detail;
      const imageIds = volumeId ? cs.cache?.getVolume?.(volumeId)?.imageIds : undefined;
      if (!imageIds?.[0]?.includes(marker) || framesProcessed === undefined || !numberOfFrames) return;
      state.volumeFrames = framesProcessed;
      state.volumeTotal = numberOfFrames;
      if (framesProcessed >= numberOfFrames) state.volumeLoadedAt ??= performance.now();
    });
  }

  let value: unknown = win.cornerstone;
  Object.defineProperty(window, 'cornerstone', {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (next: unknown) => {
      value = next;
      subscribe(next as CornerstoneLike);
    },
  });
}
