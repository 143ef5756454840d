import { Enums, utilities, type StackViewport, type Types } from '@cornerstonejs/core';
import { useEffect, useState } from 'react';
import { orientationMarkers, type OrientationMarkers, type Vec3 } from '../../imaging/orientation.ts';
import type { PixelSample } from '../../imaging/pixel-value.ts';
import { stackViewport } from './engine.ts';
import { samplePixel } from './pixel-sample.ts';
import { currentDescriptor, currentWindow } from './viewport-actions.ts';

/** What the overlay shows about the current display of one viewport. */
export interface ViewportDisplay {
  window: { width: number; center: number } | undefined;
  /** The VOI LUT function in use (LINEAR, LINEAR_EXACT, SIGMOID). */
  voiLutFunction: string;
  zoom: number | undefined;
  /** Only when the image has Image Orientation (Patient). */
  markers: OrientationMarkers | undefined;
  /** Millimetres per screen pixel (Pixel Spacing or Imager Pixel Spacing), if known. */
  mmPerScreenPixel: number | undefined;
  /** The pixel under the pointer. */
  pixel: PixelSample | undefined;
}

const EMPTY: ViewportDisplay = {
  window: undefined,
  voiLutFunction: 'LINEAR',
  zoom: undefined,
  markers: undefined,
  mmPerScreenPixel: undefined,
  pixel: undefined,
};

function unit(v: Types.Point3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}

function describe(vp: StackViewport, pointer: Types.Point2 | undefined): ViewportDisplay {
  const imageId = vp.getCurrentImageId();
  if (!imageId || !vp.getCornerstoneImage()) return EMPTY;
  const d = currentDescriptor(vp);
  const { width, height } = vp.element.getBoundingClientRect();
  const c: Types.Point2 = [width / 2, height / 2];
  const w0 = vp.canvasToWorld(c);
  const wRight = vp.canvasToWorld([c[0] + 100, c[1]]);
  const wDown = vp.canvasToWorld([c[0], c[1] + 100]);
  const sub = (a: Types.Point3, b: Types.Point3): Types.Point3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  const hasOrientation = d?.imageOrientationPatient !== undefined;
  const spacing = d?.spacing ?? { kind: 'none' as const };
  let mmPerScreenPixel: number | undefined;
  if (spacing.kind !== 'none') {
    // Image pixels per 100 screen pixels, from the image's own geometry, times the spacing the header gives.
    const [x0, y0] = utilities.worldToImageCoords(imageId, w0) as [number, number];
    const [x1, y1] = utilities.worldToImageCoords(imageId, wRight) as [number, number];
    mmPerScreenPixel = Math.hypot((x1 - x0) * spacing.columnMm!, (y1 - y0) * spacing.rowMm!) / 100 || undefined;
  }
  const { VOILUTFunction } = vp.getProperties();
  return {
    window: currentWindow(vp),
    voiLutFunction: VOILUTFunction ?? 'LINEAR',
    zoom: vp.getZoom(),
    markers: hasOrientation ? orientationMarkers(unit(sub(wRight, w0)), unit(sub(wDown, w0))) : undefined,
    mmPerScreenPixel,
    pixel: pointer ? samplePixel(vp, pointer) : undefined,
  };
}

/** Follows one viewport's rendering and the pointer over it; `ready` turns true once it shows images. */
export function useViewportDisplay(viewportId: string, ready: boolean): ViewportDisplay {
  const [display, setDisplay] = useState<ViewportDisplay>(EMPTY);
  useEffect(() => {
    if (!ready) return;
    const vp = stackViewport(viewportId);
    if (!vp) return;
    const element = vp.element;
    let pointer: Types.Point2 | undefined;
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        try {
          setDisplay(describe(vp, pointer));
        } catch {
          // The viewport is between images (no geometry yet); the next render updates us.
        }
      });
    };
    const onMove = (e: PointerEvent) => {
      const rect = element.getBoundingClientRect();
      pointer = [e.clientX - rect.left, e.clientY - rect.top];
      update();
    };
    const onLeave = () => {
      pointer = undefined;
      update();
    };
    element.addEventListener(Enums.Events.IMAGE_RENDERED, update);
    element.addEventListener('pointermove', onMove);
    element.addEventListener('pointerleave', onLeave);
    update();
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, update);
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('pointerleave', onLeave);
    };
  }, [viewportId, ready]);
  return ready ? display : EMPTY;
}
