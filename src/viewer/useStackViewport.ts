import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import type { StackImage } from '../imaging/series-stack.ts';
import { initCornerstone } from './cornerstone-init.ts';
import { StackViewportController, type ViewportState } from './stack-viewport-controller.ts';

const EMPTY: ViewportState = { index: 0, total: 0, windowWidth: undefined, windowCenter: undefined, error: undefined };

export interface StackViewportHook {
  elementRef: RefObject<HTMLDivElement | null>;
  state: ViewportState;
  initError: string | undefined;
}

/** Binds a stack viewport to a div and shows `images` in it. */
export function useStackViewport(images: readonly StackImage[] | undefined): StackViewportHook {
  const elementRef = useRef<HTMLDivElement | null>(null);
  const viewportId = `vp-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const [state, setState] = useState<ViewportState>(EMPTY);
  const [initError, setInitError] = useState<string>();
  const [controller, setController] = useState<StackViewportController>();

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    let created: StackViewportController | undefined;
    let cancelled = false;
    initCornerstone()
      .then(() => {
        if (cancelled) return;
        created = new StackViewportController(element, viewportId, setState);
        setController(created);
      })
      .catch((err: unknown) => setInitError(`The image viewer could not start: ${(err as Error).message}`));
    return () => {
      cancelled = true;
      created?.dispose();
      setController(undefined);
    };
  }, [viewportId]);

  useEffect(() => {
    if (controller && images && images.length > 0) void controller.setStack(images);
  }, [controller, images]);

  return { elementRef, state, initError };
}
