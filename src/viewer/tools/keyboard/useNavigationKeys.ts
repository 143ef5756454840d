import type { KeyHandlers } from './useViewerKeyboard.ts';
import { useViewerKeyboard } from './useViewerKeyboard.ts';
import { PAGE_SLICES, type SliceMove } from '../../../imaging/slice-navigation.ts';
import { mprTarget } from '../../mpr/mpr-registry.ts';
import { useViewerStore } from '../../viewer-store.ts';
import { getViewportController } from '../../viewport/engine.ts';

const activeController = () => getViewportController(useViewerStore.getState().activeViewportId);

/** In a viewport shown as MPR the keys move its active plane; otherwise they move the stack. */
function move(slice: SliceMove, onStack: () => void): () => void {
  return () => {
    const mpr = mprTarget(useViewerStore.getState().activeViewportId);
    if (mpr) mpr.navigate(slice);
    else onStack();
  };
}

const NAVIGATION_HANDLERS: KeyHandlers = {
  'image.next': move('next', () => activeController()?.scrollBy(1)),
  'image.previous': move('previous', () => activeController()?.scrollBy(-1)),
  'image.pageNext': move('pageNext', () => activeController()?.scrollBy(PAGE_SLICES)),
  'image.pagePrevious': move('pagePrevious', () => activeController()?.scrollBy(-PAGE_SLICES)),
  'image.first': move('first', () => activeController()?.first()),
  'image.last': move('last', () => activeController()?.last()),
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
