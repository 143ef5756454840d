import { useEffect, useRef } from 'react';
import { isMpr, useMprStore } from '../mpr/mpr-store.ts';
import { useViewerStore, visibleViewportIds } from '../viewer-store.ts';

/**
 * `mpr=1` at launch: the first viewport's series is shown as MPR (once per launch; the reader can switch
 * back) as soon as it is hung. The MPR registers the series with the loader itself, so it does not wait
 * for the stack's first image. A series that is not a volume stays a stack, the MPR button saying why.
 */
export function useLaunchMpr(launchKey: string, on: boolean): void {
  const doneFor = useRef<string | undefined>(undefined);
  // Strings, not an object: a selector answering a new object each time would render without end.
  const viewportId = useViewerStore((s) => visibleViewportIds(s.layout)[0]);
  const seriesInstanceUID = useViewerStore((s) => (viewportId === undefined ? undefined : s.assignments[viewportId]?.seriesInstanceUID));
  useEffect(() => {
    if (!on || !viewportId || !seriesInstanceUID || doneFor.current === launchKey) return;
    doneFor.current = launchKey;
    if (!isMpr(viewportId, seriesInstanceUID)) useMprStore.getState().toggle(viewportId, seriesInstanceUID);
  }, [launchKey, on, viewportId, seriesInstanceUID]);
}
