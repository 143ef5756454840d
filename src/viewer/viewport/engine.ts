import { Enums, RenderingEngine, getRenderingEngine, setVolumesForViewports, type StackViewport, type VolumeViewport } from '@cornerstonejs/core';
import { afterResize, type ResizeAction } from '../../imaging/view-fit.ts';
import type { StackViewportController } from './stack-viewport-controller.ts';

/**
 * The owner of Cornerstone's rendering engine, of the page's stack viewports and of their controllers:
 * every other module reaches the engine, a viewport or a viewport's controller through here.
 */

/** The engine's id (Cornerstone's tool groups and synchronizers address a viewport by engine id and viewport id). */
export const RENDERING_ENGINE_ID = 'readroom';

/** The page's engine, if one was created (no viewport has been enabled otherwise). */
function existingEngine(): RenderingEngine | undefined {
  return getRenderingEngine(RENDERING_ENGINE_ID) as RenderingEngine | undefined;
}

/** The page's engine, created on first use. */
function renderingEngine(): RenderingEngine {
  return existingEngine() ?? new RenderingEngine(RENDERING_ENGINE_ID);
}

/** Makes `element` the stack viewport `viewportId` (black background). */
export function enableStackViewport(viewportId: string, element: HTMLDivElement): void {
  renderingEngine().enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } });
  sizeFollowers.get(viewportId)?.();
  sizeFollowers.set(viewportId, followViewportSize(viewportId, element));
}

/** The planes of an orthographic (MPR) viewport. */
export type MprOrientation = 'axial' | 'coronal' | 'sagittal';

/** Makes `element` the orthographic volume viewport `viewportId` looking along `orientation` (src/viewer/mpr). */
export function enableOrthographicViewport(viewportId: string, element: HTMLDivElement, orientation: MprOrientation): void {
  const axis = { axial: Enums.OrientationAxis.AXIAL, coronal: Enums.OrientationAxis.CORONAL, sagittal: Enums.OrientationAxis.SAGITTAL }[orientation];
  renderingEngine().enableElement({ viewportId, type: Enums.ViewportType.ORTHOGRAPHIC, element, defaultOptions: { background: [0, 0, 0], orientation: axis } });
}

/** Shows the cached volume `volumeId` in the volume viewports `viewportIds`. */
export function showVolume(volumeId: string, viewportIds: readonly string[]): Promise<void> {
  return setVolumesForViewports(renderingEngine(), [{ volumeId }], [...viewportIds]);
}

/** The volume viewport `viewportId`, if it is one. */
export function volumeViewport(viewportId: string): VolumeViewport | undefined {
  const vp = existingEngine()?.getViewport(viewportId);
  return vp && 'setSlabThickness' in vp && !('getCornerstoneImage' in vp) ? (vp as VolumeViewport) : undefined;
}

export function disableViewport(viewportId: string): void {
  sizeFollowers.get(viewportId)?.();
  sizeFollowers.delete(viewportId);
  renderingEngine().disableElement(viewportId);
}

/** Per viewport, what stops its followViewportSize. */
const sizeFollowers = new Map<string, () => void>();

/**
 * Fits every viewport's canvas to its element again (after a resize of one of them: a layout change, a
 * re-hang, a window resize). What each viewport's image then does is decided by followViewportSize.
 */
export function resizeViewports(): void {
  renderingEngine().resize(true, true);
  // Cornerstone postpones a resize while a render is pending (cine, a scroll): try again after it.
  if (stackViewports().some(canvasOutOfSize)) {
    if (resizeRetries++ < MAX_RESIZE_RETRIES) requestAnimationFrame(() => resizeViewports());
  } else {
    resizeRetries = 0;
  }
}

const MAX_RESIZE_RETRIES = 10;
let resizeRetries = 0;

/**
 * Keeps the image fitted when the viewport's canvas changes size, unless the reader zoomed or panned
 * (`src/imaging/view-fit.ts`). Cornerstone alone keeps the camera's scale, cropping or shrinking the image,
 * and it may complete a postponed resize itself, so the view is remembered after every render at the
 * canvas size it was seen at, and applied at the first render of a new size.
 */
function followViewportSize(viewportId: string, element: HTMLDivElement): () => void {
  let seen: { width: number; height: number; action: ResizeAction } | undefined;
  const onRendered = () => {
    const vp = stackViewport(viewportId);
    if (!vp?.getCornerstoneImage()) return;
    const { width, height } = vp.canvas;
    if (seen && (seen.width !== width || seen.height !== height)) {
      const action = seen.action;
      seen = { width, height, action };
      if (action.kind === 'fit') {
        vp.setZoom(1);
        vp.setPan([0, 0]);
      } else {
        vp.setZoom(action.zoom);
      }
      vp.render();
      return;
    }
    try {
      seen = { width, height, action: afterResize({ zoom: vp.getZoom(), pan: vp.getPan() }) };
    } catch {
      // No camera yet: the first display fits the image anyway.
    }
  };
  // A new stack starts fitted: what the reader did to the previous series says nothing about this one.
  const onNewStack = () => {
    seen = undefined;
  };
  element.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
  element.addEventListener(Enums.Events.VIEWPORT_NEW_IMAGE_SET, onNewStack);
  return () => {
    element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
    element.removeEventListener(Enums.Events.VIEWPORT_NEW_IMAGE_SET, onNewStack);
  };
}

function canvasOutOfSize(vp: StackViewport): boolean {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(vp.canvas.clientWidth * ratio);
  const height = Math.round(vp.canvas.clientHeight * ratio);
  return width > 0 && height > 0 && (width !== vp.canvas.width || height !== vp.canvas.height);
}

/** Draws the viewports `viewportIds` again, or every viewport. */
export function renderViewports(viewportIds?: readonly string[]): void {
  const engine = existingEngine();
  if (viewportIds) engine?.renderViewports([...viewportIds]);
  else engine?.render();
}

/** The stack viewport `viewportId`; with no id, the first viewport of the page. */
export function stackViewport(viewportId: string | undefined): StackViewport | undefined {
  const engine = existingEngine();
  if (!engine) return undefined;
  const vp = viewportId ? engine.getViewport(viewportId) : engine.getViewports()[0];
  return vp && 'getCornerstoneImage' in vp ? (vp as StackViewport) : undefined;
}

/** Every stack viewport of the page. */
export function stackViewports(): StackViewport[] {
  return (existingEngine()?.getViewports() ?? []).filter((vp): vp is StackViewport => 'getCornerstoneImage' in vp);
}

/** Live controllers by viewport id, for page-level commands (keyboard navigation, cine) on the active viewport. */
const controllers = new Map<string, StackViewportController>();

export function registerController(controller: StackViewportController): () => void {
  controllers.set(controller.viewportId, controller);
  return () => {
    if (controllers.get(controller.viewportId) === controller) controllers.delete(controller.viewportId);
  };
}

export function getViewportController(viewportId: string | undefined): StackViewportController | undefined {
  return viewportId === undefined ? undefined : controllers.get(viewportId);
}

/**
 * Whether each viewport's stack is on screen: 'loading' from the moment a new stack is set until its
 * first image is drawn (or has failed), then 'shown'. Synchronisation asks, so that a viewport taking a
 * new series follows its partner instead of leading it.
 */
export type StackPhase = 'loading' | 'shown';
type StackPhaseListener = (viewportId: string, phase: StackPhase) => void;
const stackPhases = new Map<string, StackPhase>();
const stackPhaseListeners = new Set<StackPhaseListener>();

export function announceStackPhase(viewportId: string, phase: StackPhase | undefined): void {
  if (phase === undefined) {
    stackPhases.delete(viewportId);
    return;
  }
  stackPhases.set(viewportId, phase);
  for (const listener of [...stackPhaseListeners]) listener(viewportId, phase);
}

export function stackPhase(viewportId: string): StackPhase | undefined {
  return stackPhases.get(viewportId);
}

export function onStackPhase(listener: StackPhaseListener): () => void {
  stackPhaseListeners.add(listener);
  return () => stackPhaseListeners.delete(listener);
}
