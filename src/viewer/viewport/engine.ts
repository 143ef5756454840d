import { Enums, RenderingEngine, getRenderingEngine, type StackViewport } from '@cornerstonejs/core';
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

/** Fits every viewport to its element again (after a resize of one of them). */
export function resizeViewports(): void {
  renderingEngine().resize(true, true);
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
