import type { KeyHandlers } from './useViewerKeyboard.ts';
import { useViewerKeyboard } from './useViewerKeyboard.ts';
import { useViewerStore } from '../../viewer-store.ts';
import { getViewportController } from '../../viewport/engine.ts';

const PAGE = 10;

const activeController = () => getViewportController(useViewerStore.getState().activeViewportId);

const NAVIGATION_HANDLERS: KeyHandlers = {
  'image.next': () => activeController()?.scrollBy(1),
  'image.previous': () => activeController()?.scrollBy(-1),
  'image.pageNext': () => activeController()?.scrollBy(PAGE),
  'image.pagePrevious': () => activeController()?.scrollBy(-PAGE),
  'image.first': () => activeController()?.first(),
  'image.last': () => activeController()?.last(),
  'cine.toggle': () => activeController()?.toggleCine(),
  'viewport.maximise': () => {
    const { activeViewportId, toggleMaximised } = useViewerStore.getState();
    if (activeViewportId) toggleMaximised(activeViewportId);
  },
};

/** Keyboard navigation of the active viewport (arrows, Page Up/Down, Home/End, cine, maximise). */
export function useNavigationKeys(): void {
  useViewerKeyboard(NAVIGATION_HANDLERS);
}
