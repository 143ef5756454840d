import { Enums, RenderingEngine, getRenderingEngine, type StackViewport } from '@cornerstonejs/core';
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
}

export function disableViewport(viewportId: string): void {
  renderingEngine().disableElement(viewportId);
}

/**
 * Fits every viewport's canvas to its element again (after a resize of one of them: a layout change, a
 * re-hang, a window resize). A resized viewport showing its image as first displayed is fitted to its new
 * size; one the reader zoomed or panned keeps its zoom relative to the fit and the image point at its
 * centre (`src/imaging/view-fit.ts`). Cornerstone alone would keep the camera's scale, cropping or
 * shrinking the image.
 */
export function resizeViewports(): void {
  const engine = renderingEngine();
  const before = new Map<string, { width: number; height: number; action: ResizeAction }>();
  for (const vp of stackViewports()) {
    if (!vp.getCornerstoneImage()) continue;
    try {
      before.set(vp.id, { width: vp.canvas.width, height: vp.canvas.height, action: afterResize({ zoom: vp.getZoom(), pan: vp.getPan() }) });
    } catch {
      // No camera yet: the image's first display fits it anyway.
    }
  }
  engine.resize(true, true);
  for (const vp of stackViewports()) {
    const was = before.get(vp.id);
    if (!was || (vp.canvas.width === was.width && vp.canvas.height === was.height)) continue;
    if (was.action.kind === 'fit') {
      vp.setZoom(1);
      vp.setPan([0, 0]);
    } else {
      vp.setZoom(was.action.zoom);
    }
    vp.render();
  }
  // Cornerstone postpones a resize while a render is pending (cine, a scroll): try again after it.
  if (stackViewports().some(canvasOutOfSize)) {
    if (resizeRetries++ < MAX_RESIZE_RETRIES) requestAnimationFrame(() => resizeViewports());
  } else {
    resizeRetries = 0;
  }
}

const MAX_RESIZE_RETRIES = 10;
let resizeRetries = 0;

function canvasOutOfSize(vp: StackViewport): boolean {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(vp.canvas.clientWidth * ratio);
  const height = Math.round(vp.canvas.clientHeight * ratio);
  return width > 0 && height > 0 && (width !== vp.canvas.width || height !== vp.canvas.height);
}

/** Draws every viewport again. */
export function renderViewports(): void {
  existingEngine()?.render();
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
