import type { KeyHandlers } from './useViewerKeyboard.ts';
import { useViewerKeyboard } from './useViewerKeyboard.ts';
import { PAGE_SLICES, type SliceMove } from '../../../imaging/slice-navigation.ts';
import { mprTarget, type MprTarget } from '../../mpr/mpr-registry.ts';
import { useViewerStore } from '../../viewer-store.ts';
import { getViewportController } from '../../viewport/engine.ts';

const activeController = () => getViewportController(useViewerStore.getState().activeViewportId);

/** In a viewport shown as MPR the key acts on the MPR (its active plane); otherwise on the stack. */
function inMprOr(onMpr: (mpr: MprTarget) => void, onStack: () => void = () => undefined): () => void {
  return () => {
    const mpr = mprTarget(useViewerStore.getState().activeViewportId);
    if (mpr) onMpr(mpr);
    else onStack();
  };
}

const move = (slice: SliceMove, onStack: () => void) => inMprOr((mpr) => mpr.navigate(slice), onStack);

const NAVIGATION_HANDLERS: KeyHandlers = {
  'image.next': move('next', () => activeController()?.scrollBy(1)),
  'image.previous': move('previous', () => activeController()?.scrollBy(-1)),
  'image.pageNext': move('pageNext', () => activeController()?.scrollBy(PAGE_SLICES)),
  'image.pagePrevious': move('pagePrevious', () => activeController()?.scrollBy(-PAGE_SLICES)),
  'image.first': move('first', () => activeController()?.first()),
  'image.last': move('last', () => activeController()?.last()),
  'cine.toggle': inMprOr(
    (mpr) => mpr.toggleCine(),
    () => activeController()?.toggleCine(),
  ),
  'mpr.rotateCounterClockwise': inMprOr((mpr) => mpr.rotate(1)),
  'mpr.rotateClockwise': inMprOr((mpr) => mpr.rotate(-1)),
  'viewport.maximise': () => {
    const { activeViewportId, toggleMaximised } = useViewerStore.getState();
    if (activeViewportId) toggleMaximised(activeViewportId);
  },
};

/**
 * Keyboard navigation of the active viewport (arrows, Page Up/Down, Home/End, cine, maximise); in MPR also
 * the oblique turns of the planes.
 */
export function useNavigationKeys(): void {
  useViewerKeyboard(NAVIGATION_HANDLERS);
}
