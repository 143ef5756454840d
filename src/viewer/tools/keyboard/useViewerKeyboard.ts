import { useEffect, useRef } from 'react';
import { bindingFor, KEYMAP, type KeyBinding, type ViewerAction } from './keymap.ts';

export type KeyHandlers = Partial<Record<ViewerAction, (binding: KeyBinding) => void>>;

/** True when the key belongs to a text field, a select or an open dialog, not to the viewer. */
function isForSomethingElse(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable="true"], dialog[open]')) return true;
  return document.querySelector('dialog[open]') !== null;
}

/**
 * Runs the handlers of KEYMAP's bindings on keydown anywhere on the page. Several components may
 * call it, each with the actions it owns (tools here, navigation in the page).
 */
export function useViewerKeyboard(handlers: KeyHandlers): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isForSomethingElse(e.target)) return;
      const binding = bindingFor(e, KEYMAP);
      const handler = binding && ref.current[binding.action];
      if (!binding || !handler) return;
      // Buttons take Space/Enter themselves; leave those to the focused control.
      if ((e.key === ' ' || e.key === 'Enter') && e.target instanceof HTMLButtonElement) return;
      e.preventDefault();
      handler(binding);
    };
    // Capture phase: Cornerstone's own keydown listener on a focused viewport calls preventDefault on every key.
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
