/**
 * The timing contract read by benchmarks (ours and outside ones), as User Timing marks:
 * - `rr:first-image` { seriesInstanceUID, total }: first non-blank image of the first displayed series drawn;
 * - `rr:series-loaded` { seriesInstanceUID, n }: every frame of a displayed series fetched, decoded, cached;
 * - `rr:slice-rendered` { index, total }: the active viewport drew a new slice (index 0-based);
 * - `rr:mpr-first-image` { seriesInstanceUID, plane }: a reformatted plane (coronal or sagittal) of an MPR
 *   first drew image data (its canvas holds more than one colour, the benchmark probe's test);
 * - `rr:mpr-volume-loaded` { seriesInstanceUID, n }: every slice of that MPR's volume is in the volume.
 */
import { resetLaunchSettled, settleLaunch } from '../hanging/launch-settled.ts';
import { loadingSession } from './loading-session.ts';

/** A new viewer session (the viewer page mounted): marks count from here. */
export function resetTimingMarks(): void {
  const session = loadingSession();
  session.firstImageMarked = false;
  session.seriesLoadedMarked.clear();
  session.mprMarked.clear();
  resetLaunchSettled();
}

export function markFirstImage(seriesInstanceUID: string, total: number): void {
  const session = loadingSession();
  if (session.firstImageMarked) return;
  session.firstImageMarked = true;
  performance.mark('rr:first-image', { detail: { seriesInstanceUID, total } });
  settleLaunch();
}

export function markSeriesLoaded(seriesInstanceUID: string, n: number): void {
  const marked = loadingSession().seriesLoadedMarked;
  if (marked.has(seriesInstanceUID)) return;
  marked.add(seriesInstanceUID);
  performance.mark('rr:series-loaded', { detail: { seriesInstanceUID, n } });
}

export function markSliceRendered(index: number, total: number): void {
  performance.mark('rr:slice-rendered', { detail: { index, total } });
}

/** Once per series and viewer session: a later MPR of the same series starts from a warm cache. */
function markMprOnce(key: string, name: string, detail: object): void {
  const marked = loadingSession().mprMarked;
  if (marked.has(key)) return;
  marked.add(key);
  performance.mark(name, { detail });
}

export function markMprFirstImage(seriesInstanceUID: string, plane: 'coronal' | 'sagittal'): void {
  markMprOnce(`first ${seriesInstanceUID}`, 'rr:mpr-first-image', { seriesInstanceUID, plane });
}

export function markMprVolumeLoaded(seriesInstanceUID: string, n: number): void {
  markMprOnce(`volume ${seriesInstanceUID}`, 'rr:mpr-volume-loaded', { seriesInstanceUID, n });
}
