import { useEffect } from 'react';
import { bindingFor, type ViewerAction } from './keyboard/keymap.ts';
import { useViewerStore } from './viewer-store.ts';
import { getViewportController } from './viewport-registry.ts';

const PAGE = 10;

/** Runs a navigation action of the keymap on the active viewport; false when `action` is not navigation. */
export function runNavigationAction(action: ViewerAction): boolean {
  const { activeViewportId, toggleMaximised } = useViewerStore.getState();
  const controller = getViewportController(activeViewportId);
  switch (action) {
    case 'image.next':
      controller?.scrollBy(1);
      return true;
    case 'image.previous':
      controller?.scrollBy(-1);
      return true;
    case 'image.pageNext':
      controller?.scrollBy(PAGE);
      return true;
    case 'image.pagePrevious':
      controller?.scrollBy(-PAGE);
      return true;
    case 'image.first':
      controller?.first();
      return true;
    case 'image.last':
      controller?.last();
      return true;
    case 'cine.toggle':
      controller?.toggleCine();
      return true;
    case 'viewport.maximise':
      if (activeViewportId) toggleMaximised(activeViewportId);
      return true;
    default:
      return false;
  }
}

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, [role="dialog"]') !== null;
}

/** Keyboard navigation of the active viewport (arrows, Page Up/Down, Home/End, cine, maximise). */
export function useNavigationKeys(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (typingInto(e.target)) return;
      const binding = bindingFor(e);
      if (binding && runNavigationAction(binding.action)) e.preventDefault();
    };
    // Capture phase: Cornerstone's tools call preventDefault on every keydown that reaches a viewport element.
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}
