import { Enums, type StackViewport } from '@cornerstonejs/core';
import { useEffect, useState } from 'react';
import { annotationsForFrame, firstReferencedFrame, referencesFrame } from '../../gsps/applies-to.ts';
import { graphicShape, textPlacement, type GraphicShape, type TextPlacement } from '../../gsps/graphic-shapes.ts';
import type { GspsContent } from '../../gsps/types.ts';
import { imageFrameOf } from '../../imaging/wadors-image-id.ts';
import { getViewportController, stackViewport } from '../viewport/engine.ts';
import { applyPresentationDisplay, clearPresentationDisplay, imageToCanvasAffine, NOTHING_APPLIED, type AppliedPresentation } from './apply-presentation.ts';
import { usePresentationStore } from './presentation-store.ts';

/** What the overlay draws for the image on screen, in viewport CSS pixels. */
export interface PresentationDrawing {
  content: GspsContent;
  shapes: Array<{ key: string; type: string; layer: string; shape: GraphicShape }>;
  texts: Array<{ key: string; text: string; layer: string; placement: TextPlacement }>;
  /** Whether the image on screen is one the state references. */
  onReferencedImage: boolean;
  /** The viewport's size in CSS pixels: texts are kept inside it. */
  area: { width: number; height: number };
}

function layerRank(content: GspsContent, layer: string): number {
  const found = content.layers.find((l) => l.name === layer);
  return found ? found.order : Number.MAX_SAFE_INTEGER;
}

function drawingFor(vp: StackViewport, content: GspsContent): PresentationDrawing | undefined {
  const imageId = vp.getCurrentImageId();
  const frame = imageId ? imageFrameOf(imageId) : undefined;
  if (!imageId || !frame || vp.getCornerstoneImage()?.imageId !== imageId) return undefined;
  const { graphics, texts } = annotationsForFrame(content, frame);
  const m = imageToCanvasAffine(vp, imageId);
  // Lower Graphic Layer Order is drawn first (PS3.3 C.10.7.1.1).
  const byLayer = <T extends { layer: string }>(list: T[]) =>
    list.map((item, i) => ({ item, i })).sort((a, b) => layerRank(content, a.item.layer) - layerRank(content, b.item.layer) || a.i - b.i);
  return {
    content,
    onReferencedImage: referencesFrame(content, frame),
    area: { width: vp.element.clientWidth, height: vp.element.clientHeight },
    shapes: byLayer(graphics).flatMap(({ item, i }) => {
      const shape = graphicShape(item, m);
      return shape ? [{ key: `g${i}`, type: item.type, layer: item.layer, shape }] : [];
    }),
    texts: byLayer(texts).flatMap(({ item, i }) => {
      const placement = textPlacement(item, m);
      return placement ? [{ key: `t${i}`, text: item.text, layer: item.layer, placement }] : [];
    }),
  };
}

/**
 * Applies the chosen presentation state to viewport `viewportId` when it is the chosen one: goes to the
 * first referenced image, applies the display, and follows every render (scroll, zoom, pan, rotation,
 * resize) with a drawing of the graphics and texts for the image on screen. "None" resets the view.
 */
export function usePresentationOverlay(viewportId: string, ready: boolean): PresentationDrawing | undefined {
  const chosen = usePresentationStore((s) => (s.chosen?.viewportId === viewportId ? s.chosen : undefined));
  const [drawing, setDrawing] = useState<PresentationDrawing>();

  useEffect(() => {
    if (!chosen || !ready) return;
    const vp = stackViewport(viewportId);
    if (!vp) return;
    const { content } = chosen;
    const target = firstReferencedFrame(content);
    // A key image's state is applied where the reader is, never by moving to its first image.
    let navigated = chosen.forKeyImage === true;
    let applied: AppliedPresentation = NOTHING_APPLIED;
    let frameRequest = 0;
    let disposed = false;

    const draw = () => {
      cancelAnimationFrame(frameRequest);
      frameRequest = requestAnimationFrame(() => {
        if (disposed) return;
        try {
          setDrawing(drawingFor(vp, content));
        } catch {
          // Between images the viewport has no geometry; the next render draws.
        }
      });
    };

    const sync = (event?: Event) => {
      if (disposed) return;
      // Not from inside Cornerstone's handling of a new image: it would overwrite the index asked for here.
      if (!navigated && target && event?.type !== Enums.Events.STACK_NEW_IMAGE) {
        const index = vp.getImageIds().findIndex((id) => {
          const f = imageFrameOf(id);
          return f?.sopInstanceUID === target.sopInstanceUID && f.frameNumber === target.frameNumber;
        });
        // The referenced series is not in the viewport yet (it is being hung): wait for its images.
        if (index < 0) return;
        navigated = true;
        if (vp.getCurrentImageIdIndex() !== index) {
          getViewportController(viewportId)?.goTo(index);
          return;
        }
      }
      const imageId = vp.getCurrentImageId();
      const frame = imageId ? imageFrameOf(imageId) : undefined;
      if (imageId && frame && vp.getCornerstoneImage()?.imageId === imageId && referencesFrame(content, frame)) {
        applied = applyPresentationDisplay(vp, imageId, frame, content, applied);
      }
      draw();
    };

    const element = vp.element;
    // Cornerstone moves the camera in the middle of showing a new image (it re-applies the previous view
    // afterwards): camera events only redraw, the display is applied once the image is shown.
    const imageEvents = [Enums.Events.STACK_NEW_IMAGE, Enums.Events.IMAGE_RENDERED];
    for (const e of imageEvents) element.addEventListener(e, sync);
    element.addEventListener(Enums.Events.CAMERA_MODIFIED, draw);
    sync();
    return () => {
      disposed = true;
      cancelAnimationFrame(frameRequest);
      for (const e of imageEvents) element.removeEventListener(e, sync);
      element.removeEventListener(Enums.Events.CAMERA_MODIFIED, draw);
      setDrawing(undefined);
      clearPresentationDisplay(viewportId, applied);
    };
  }, [chosen, ready, viewportId]);

  return chosen ? drawing : undefined;
}
