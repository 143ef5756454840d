import { useEffect, useRef, useSyncExternalStore } from 'react';
import { isMpr, useMprStore } from '../mpr/mpr-store.ts';
import { useViewerStore, visibleViewportIds } from '../viewer-store.ts';

const FIRST_IMAGE = 'rr:first-image';

function subscribeToMarks(onMark: () => void): () => void {
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName(FIRST_IMAGE).length > 0) onMark();
  });
  observer.observe({ type: 'mark' });
  return () => observer.disconnect();
}

const firstImageShown = () => performance.getEntriesByName(FIRST_IMAGE, 'mark').length > 0;

/**
 * `mpr=1` at launch: the first viewport's series is shown as MPR (once per launch; the reader can switch
 * back). It waits for the stack's first image: the stack viewer registers the series' images with the
 * loader, and the volume cannot be built before. A series that is not a volume stays a stack, the MPR
 * button saying why.
 */
export function useLaunchMpr(launchKey: string, on: boolean): void {
  const doneFor = useRef<string | undefined>(undefined);
  // Strings, not an object: a selector answering a new object each time would render without end.
  const viewportId = useViewerStore((s) => visibleViewportIds(s.layout)[0]);
  const seriesInstanceUID = useViewerStore((s) => (viewportId === undefined ? undefined : s.assignments[viewportId]?.seriesInstanceUID));
  const shown = useSyncExternalStore(subscribeToMarks, firstImageShown);
  useEffect(() => {
    if (!on || !shown || !viewportId || !seriesInstanceUID || doneFor.current === launchKey) return;
    doneFor.current = launchKey;
    if (!isMpr(viewportId, seriesInstanceUID)) useMprStore.getState().toggle(viewportId, seriesInstanceUID);
  }, [launchKey, on, shown, viewportId, seriesInstanceUID]);
}
