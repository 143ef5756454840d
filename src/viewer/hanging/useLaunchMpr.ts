import { useEffect, useRef } from 'react';
import { isMpr, useMprStore } from '../mpr/mpr-store.ts';
import { useViewerStore, visibleViewportIds } from '../viewer-store.ts';

/**
 * `mpr=1` at launch: once the first viewport has its series, that series is shown as MPR (once per
 * launch; the reader can switch back). A series that is not a volume stays a stack, the MPR button saying why.
 */
export function useLaunchMpr(launchKey: string, on: boolean): void {
  const doneFor = useRef<string | undefined>(undefined);
  const first = useViewerStore((s) => {
    const id = visibleViewportIds(s.layout)[0];
    const series = id === undefined ? undefined : s.assignments[id];
    return id && series ? { viewportId: id, seriesInstanceUID: series.seriesInstanceUID } : undefined;
  });
  const viewportId = first?.viewportId;
  const seriesInstanceUID = first?.seriesInstanceUID;
  useEffect(() => {
    if (!on || !viewportId || !seriesInstanceUID || doneFor.current === launchKey) return;
    doneFor.current = launchKey;
    if (!isMpr(viewportId, seriesInstanceUID)) useMprStore.getState().toggle(viewportId, seriesInstanceUID);
  }, [launchKey, on, viewportId, seriesInstanceUID]);
}
