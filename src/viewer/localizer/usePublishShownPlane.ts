import { useEffect, useMemo } from 'react';
import type { ImageDescriptor } from '../../imaging/image-descriptor.ts';
import { imagePlaneOf, isProjectionImage } from '../../imaging/localizer-line.ts';
import { useMprStore } from '../mpr/mpr-store.ts';
import { useLocalizerLines } from './localizer-lines-store.ts';

/**
 * Tells the other viewports which plane viewport `viewportId` shows (`descriptor`: the image on screen,
 * undefined while none is). A viewport switched to MPR shows other planes than its stack: it says nothing.
 */
export function usePublishShownPlane(viewportId: string, seriesInstanceUID: string | undefined, descriptor: ImageDescriptor | undefined): void {
  const inMpr = useMprStore((s) => seriesInstanceUID !== undefined && s.bySlot[viewportId] === seriesInstanceUID);
  const shown = useMemo(() => {
    const plane = inMpr ? undefined : imagePlaneOf(descriptor);
    return plane ? { plane, projection: isProjectionImage(descriptor) } : undefined;
  }, [descriptor, inMpr]);
  useEffect(() => {
    const { setPlane } = useLocalizerLines.getState();
    setPlane(viewportId, shown);
    return () => setPlane(viewportId, undefined);
  }, [viewportId, shown]);
}
