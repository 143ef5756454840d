import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import type { CountingProxy, ProxyRecord, RequestKind } from './counting-proxy.ts';
import { emulationParams, type Link } from './link.ts';
import { installRenderProbe, type ProbeState } from './render-probe.ts';
import { planeShowsImage } from '../../src/viewer/loading/canvas-content.ts';

/** A viewer in the benchmark: ours reports User Timing marks, the peer is observed by the render probe. */
export interface ViewerUnderTest {
  name: string;
  proxy: CountingProxy;
  signals: 'marks' | 'probe';
  /**
   * Gets the fresh browser context in (a sign-in, or a share link opened) and answers the address that
   * launches the viewer on the study. Not measured: the proxy is reset after it.
   */
  prepare(context: BrowserContext, target: Target): Promise<string>;
}

export interface Target {
  label: string;
  studyUID: string;
  seriesUID: string;
  /** Frames in the series. */
  frames: number;
}

export interface RunOutcome {
  /** Undefined when the run completed; otherwise what went wrong (the run is reported, not dropped). */
  error?: string;
  firstImageMs?: number;
  seriesLoadedMs?: number;
  /** The render probe's first non-blank render (for ours: a cross-check of rr:first-image). */
  probeFirstImageMs?: number;
  /** Every byte the proxy sent to the browser (page and worker requests). */
  serverBytes: number;
  /** Bytes CDP saw (Network.loadingFinished encodedDataLength): page requests only. */
  cdpBytes: number;
  peakHeapBytes?: number;
  bytesByKind: Partial<Record<RequestKind, number>>;
  /** Page-time ms (from navigation start) when the proxy saw the first frame request / sent the last frame byte. */
  firstFrameRequestMs?: number;
  lastFrameSentMs?: number;
  /** Page-time ms when the proxy had sent the last byte of the app's own files / saw the first metadata request. */
  appLoadedMs?: number;
  firstMetadataRequestMs?: number;
  frameRequests: number;
  /** Rendered frames (`…/frames/N/rendered`: lossy previews, thumbnails) and when the first was asked for. */
  previewRequests: number;
  firstPreviewRequestMs?: number;
  /** When the proxy had sent the last byte of that first rendered frame (the archive renders it first). */
  firstPreviewSentMs?: number;
  failedRequests: number;
}

/** What a run times: the series as a stack (first image, series loaded) or as MPR (first reformatted image, volume complete). */
export type View = 'stack' | 'mpr';

interface PageSignals {
  firstImage: number | null;
  seriesLoaded: number | null;
  mprFirstImage: number | null;
  mprVolumeLoaded: number | null;
  probe: (Omit<ProbeState, 'loaded' | 'failed'> & { loaded: number; failed: number }) | null;
}

async function readSignals(page: Page, seriesUID: string): Promise<PageSignals> {
  return page.evaluate((uid) => {
    const first = performance.getEntriesByName('rr:first-image')[0];
    // No named functions in here: tsx would wrap them in an `__name` helper the page does not have.
    const [loaded, mprFirst, mprVolume] = ['rr:series-loaded', 'rr:mpr-first-image', 'rr:mpr-volume-loaded'].map((name) =>
      performance.getEntriesByName(name).find((e) => (e as PerformanceMark).detail?.seriesInstanceUID === uid),
    );
    const probe = (window as unknown as { __benchProbe?: ProbeState }).__benchProbe;
    return {
      firstImage: first ? first.startTime : null,
      seriesLoaded: loaded ? loaded.startTime : null,
      mprFirstImage: mprFirst ? mprFirst.startTime : null,
      mprVolumeLoaded: mprVolume ? mprVolume.startTime : null,
      probe: probe ? { ...probe, loaded: probe.loaded.length, failed: probe.failed.length } : null,
    };
  }, seriesUID);
}

function isDone(viewer: ViewerUnderTest, s: PageSignals, frames: number, view: View): boolean {
  if (view === 'mpr') {
    if (viewer.signals === 'marks') return s.mprFirstImage !== null && s.mprVolumeLoaded !== null;
    return s.probe !== null && s.probe.mprFirstRender !== null && s.probe.volumeLoadedAt !== null;
  }
  if (viewer.signals === 'marks') return s.firstImage !== null && s.seriesLoaded !== null;
  return s.probe !== null && s.probe.firstRender !== null && s.probe.loaded + s.probe.failed >= frames;
}

function describeProgress(viewer: ViewerUnderTest, s: PageSignals, frames: number, view: View): string {
  if (view === 'mpr') {
    if (viewer.signals === 'marks') {
      return `rr:mpr-first-image ${s.mprFirstImage === null ? 'missing' : 'seen'}, rr:mpr-volume-loaded ${s.mprVolumeLoaded === null ? 'missing' : 'seen'}`;
    }
    if (!s.probe) return 'the render probe did not run';
    const cs = s.probe.cornerstoneSeen ? '' : ' (window.cornerstone never appeared)';
    return `reformatted image ${s.probe.mprFirstRender === null ? 'not rendered' : 'rendered'}, volume ${s.probe.volumeFrames}/${s.probe.volumeTotal ?? '?'} frames${cs}`;
  }
  if (viewer.signals === 'marks') {
    return `rr:first-image ${s.firstImage === null ? 'missing' : 'seen'}, rr:series-loaded ${s.seriesLoaded === null ? 'missing' : 'seen'}`;
  }
  if (!s.probe) return 'the render probe did not run';
  const cs = s.probe.cornerstoneSeen ? '' : ' (window.cornerstone never appeared)';
  return `first image ${s.probe.firstRender === null ? 'not rendered' : 'rendered'}, ${s.probe.loaded}/${frames} images loaded, ${s.probe.failed} failed${cs}`;
}

/** The probe as page source. tsx names functions with an `__name` helper the page does not have; define it. */
function probeScript(seriesInstanceUID: string): string {
  const args = `${JSON.stringify(seriesInstanceUID)}, ${planeShowsImage.toString()}`;
  return `(() => {\n  const __name = (f) => f;\n  (${installRenderProbe.toString()})(${args});\n})();`;
}

async function pollHeap(cdp: CDPSession, stop: { done: boolean }): Promise<number | undefined> {
  let peak: number | undefined;
  while (!stop.done) {
    try {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
      if (used !== undefined) peak = Math.max(peak ?? 0, used);
    } catch {
      break; // the page is gone
    }
    await sleep(200);
  }
  return peak;
}

/** One cold run: a fresh browser context (empty cache), the link applied, until both signals or the timeout. */
export async function runViewer(
  browser: Browser,
  viewer: ViewerUnderTest,
  target: Target,
  link: Link,
  timeoutMs: number,
  view: View = 'stack',
): Promise<RunOutcome> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, serviceWorkers: 'block' });
  const stopHeap = { done: false };
  let heapPolling: Promise<number | undefined> = Promise.resolve(undefined);
  let cdpBytes = 0;
  let timeOrigin = 0;
  let signals: PageSignals = { firstImage: null, seriesLoaded: null, mprFirstImage: null, mprVolumeLoaded: null, probe: null };
  let error: string | undefined;
  const pageErrors: string[] = [];
  let traceMarks: string[] = [];
  try {
    const launchUrl = await viewer.prepare(context, target);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript({ content: probeScript(target.seriesUID) });
    if (process.env['BENCH_PROFILE'])
      await browser.startTracing(page, {
        path: `${process.env['BENCH_PROFILE']}/${viewer.name}-${Date.now()}.json`,
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          'blink.user_timing',
          'gpu',
          'disabled-by-default-v8.cpu_profiler',
        ],
      });
    const cdp = await context.newCDPSession(page);
    cdp.on('Network.loadingFinished', (e) => {
      cdpBytes += e.encodedDataLength;
    });
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    const emulation = emulationParams(link);
    if (emulation) await cdp.send('Network.emulateNetworkConditions', emulation);
    viewer.proxy.reset();
    heapPolling = pollHeap(cdp, stopHeap);
    const deadline = Date.now() + timeoutMs;
    await page.goto(launchUrl, { waitUntil: 'commit', timeout: timeoutMs });
    timeOrigin = await page.evaluate(() => performance.timeOrigin);
    for (;;) {
      signals = await readSignals(page, target.seriesUID);
      if (isDone(viewer, signals, target.frames, view)) break;
      if (Date.now() > deadline) {
        error = `timed out after ${timeoutMs / 1000} s: ${describeProgress(viewer, signals, target.frames, view)}`;
        break;
      }
      await sleep(100);
    }
    if (process.env['BENCH_TRACE'])
      traceMarks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.startTime.toFixed(0)} ${m.name}`));
    if (!error && view === 'stack' && signals.probe && signals.probe.failed > 0 && viewer.signals === 'probe') {
      error = `${signals.probe.failed} of ${target.frames} images failed to load and were not retried`;
    }
  } catch (e) {
    error = e instanceof Error ? e.message.split('\n')[0] : String(e);
  } finally {
    stopHeap.done = true;
  }
  const peakHeapBytes = await heapPolling;
  if (process.env['BENCH_PROFILE']) await browser.stopTracing().catch(() => undefined);
  await context.close();
  if (error && pageErrors.length > 0) error += ` (page error: ${pageErrors[0]!.slice(0, 160)})`;

  const { records, socketBytes } = viewer.proxy.snapshot();
  const refused = records.filter((r) => r.status >= 400);
  // Paths only (no query strings, which can hold patient data): what the gateway refused says why a run failed.
  if (error && refused.length > 0) error += ` (refused: ${[...new Set(refused.map((r) => `${r.status} ${r.path}`))].slice(0, 3).join(', ')})`;
  const frames = records.filter((r) => r.kind === 'frame');
  if (process.env['BENCH_TRACE']) {
    // A debugging aid: the page's marks and every request the proxy saw, in page time (paths only).
    const requests = records.map(
      (r) =>
        `${(r.start - timeOrigin).toFixed(0)}–${r.end === undefined ? '?' : (r.end - timeOrigin).toFixed(0)} ${r.kind} ${r.status} ${r.bytes} ${r.path.slice(-60)}`,
    );
    console.error([`trace ${viewer.name}:`, ...traceMarks, ...requests].join('\n  '));
  }
  const pageMs = (t: number | undefined) => (t === undefined || timeOrigin === 0 ? undefined : t - timeOrigin);
  const bytesByKind: Partial<Record<RequestKind, number>> = {};
  for (const r of records) bytesByKind[r.kind] = (bytesByKind[r.kind] ?? 0) + r.bytes;
  const probe = signals.probe;
  const ours = viewer.signals === 'marks';
  const stackFigures = {
    firstImageMs: (ours ? signals.firstImage : probe?.firstRender) ?? undefined,
    seriesLoadedMs: ours ? (signals.seriesLoaded ?? undefined) : probe && probe.loaded >= target.frames ? (probe.lastLoadedAt ?? undefined) : undefined,
    probeFirstImageMs: probe?.firstRender ?? undefined,
  };
  // In MPR the figures are the first reformatted image and the complete volume (their probe twin for ours).
  const mprFigures = {
    firstImageMs: (ours ? signals.mprFirstImage : probe?.mprFirstRender) ?? undefined,
    seriesLoadedMs: (ours ? signals.mprVolumeLoaded : probe?.volumeLoadedAt) ?? undefined,
    probeFirstImageMs: probe?.mprFirstRender ?? undefined,
  };
  return {
    error,
    ...(view === 'mpr' ? mprFigures : stackFigures),
    serverBytes: socketBytes,
    cdpBytes,
    peakHeapBytes,
    bytesByKind,
    firstFrameRequestMs: pageMs(frames.length ? Math.min(...frames.map((r) => r.start)) : undefined),
    lastFrameSentMs: pageMs(frames.length ? Math.max(...frames.map((r: ProxyRecord) => r.end ?? r.start)) : undefined),
    appLoadedMs: pageMs(records.some((r) => r.kind === 'app') ? Math.max(...records.filter((r) => r.kind === 'app').map((r) => r.end ?? r.start)) : undefined),
    firstMetadataRequestMs: pageMs(records.find((r) => r.kind === 'metadata')?.start),
    frameRequests: frames.length,
    previewRequests: records.filter((r) => r.kind === 'preview').length,
    firstPreviewRequestMs: pageMs(records.find((r) => r.kind === 'preview')?.start),
    firstPreviewSentMs: pageMs(records.find((r) => r.kind === 'preview')?.end),
    failedRequests: records.filter((r) => r.status >= 400).length,
  };
}
