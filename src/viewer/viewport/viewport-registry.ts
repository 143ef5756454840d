import type { StackViewportController } from './stack-viewport-controller.ts';

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
