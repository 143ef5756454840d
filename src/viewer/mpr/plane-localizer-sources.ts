import { Enums } from '@cornerstonejs/core';
import { slicePlaneOfView } from '../../imaging/localizer-line.ts';
import type { PlaneCamera } from '../../imaging/oblique-rotation.ts';
import { mprPlaneSourceId, useLocalizerLines } from '../localizer/localizer-lines-store.ts';
import type { MprOrientation } from '../viewport/engine.ts';

/**
 * Makes each plane of an MPR a source of localizer lines on the other viewports (a scout, a radiograph or a
 * slice of the same frame of reference shows where the plane cuts it), from its camera: again after every
 * camera change (scrolling, the crosshairs dragged or rotated), at most once an animation frame. Answers the
 * function that stops and takes the planes' lines away.
 */
export function publishPlanesAsLocalizerSources(
  slotId: string,
  frameOfReferenceUID: string | undefined,
  elements: Readonly<Record<MprOrientation, HTMLElement>>,
  cameraOf: (plane: MprOrientation) => PlaneCamera | undefined,
): () => void {
  const planes = Object.keys(elements) as MprOrientation[];
  const { setPlane } = useLocalizerLines.getState();
  let frame = 0;
  const publish = () => {
    frame = 0;
    for (const plane of planes) {
      const camera = cameraOf(plane);
      const shown = camera && frameOfReferenceUID ? slicePlaneOfView(frameOfReferenceUID, camera) : undefined;
      setPlane(mprPlaneSourceId(slotId, plane), shown ? { plane: shown, projection: false } : undefined);
    }
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(publish);
  };
  for (const plane of planes) elements[plane].addEventListener(Enums.Events.CAMERA_MODIFIED, schedule);
  publish();
  return () => {
    if (frame !== 0) cancelAnimationFrame(frame);
    for (const plane of planes) {
      elements[plane].removeEventListener(Enums.Events.CAMERA_MODIFIED, schedule);
      setPlane(mprPlaneSourceId(slotId, plane), undefined);
    }
  };
}
