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
 */
export interface ProbeState {
  firstRender: number | null;
  loaded: string[];
  failed: string[];
  /** performance.now() of the last IMAGE_LOADED of the series. */
  lastLoadedAt: number | null;
  cornerstoneSeen: boolean;
}

interface ProbedWindow {
  __benchProbe?: ProbeState;
  cornerstone?: unknown;
}

interface CornerstoneLike {
  eventTarget?: { addEventListener(type: string, listener: (e: Event) => void): void };
}

export function installRenderProbe(seriesInstanceUID: string): void {
  const win = window as unknown as ProbedWindow;
  const state: ProbeState = { firstRender: null, loaded: [], failed: [], lastLoadedAt: null, cornerstoneSeen: false };
  win.__benchProbe = state;
  const loaded = new Set<string>();
  const failed = new Set<string>();
  const marker = `/series/${seriesInstanceUID}/`;

  function drawn(canvas: HTMLCanvasElement): boolean {
    if (canvas.width === 0 || canvas.height === 0) return false;
    const scratch = document.createElement('canvas');
    scratch.width = 32;
    scratch.height = 32;
    const ctx = scratch.getContext('2d', { willReadFrequently: true });
    if (!ctx) return false;
    ctx.drawImage(canvas, 0, 0, 32, 32);
    const data = ctx.getImageData(0, 0, 32, 32).data;
    for (let i = 4; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) return true;
    }
    return false;
  }

  document.addEventListener(
    'CORNERSTONE_IMAGE_RENDERED',
    (event) => {
      if (state.firstRender !== null) return;
      const now = performance.now();
      const element = event.target as Element | null;
      const canvas = element?.querySelector('canvas');
      if (canvas && drawn(canvas)) state.firstRender = now;
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
