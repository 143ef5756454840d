import { useEffect, useRef, useState, type RefObject } from 'react';
import type { StackImage } from '../../imaging/series-stack.ts';
import { useRuntimeConfig } from '../../page-context/RuntimeConfigProvider.tsx';
import { useDataSource } from '../../page-context/useDataSource.ts';
import { DEFAULT_LOSSY_FIRST, type LossyFirstPolicy } from '../../imaging/image-quality.ts';
import { initCornerstone } from './cornerstone-init.ts';
import { configureFrameStreaming } from '../loading/frame-streaming.ts';
import { EMPTY_VIEWPORT_STATE, StackViewportController, type ViewportState } from './stack-viewport-controller.ts';
import { useViewerStore } from '../viewer-store.ts';
import { isMpr } from '../mpr/mpr-store.ts';
import { middleIndex } from '../../imaging/load-progress.ts';
import { getViewportController, registerController } from './engine.ts';

export interface StackViewportCommands {
  goTo: (index: number) => void;
  toggleCine: () => void;
  setCineFps: (fps: number) => void;
}

export interface StackViewportHook {
  elementRef: RefObject<HTMLDivElement | null>;
  state: ViewportState;
  initError: string | undefined;
  commands: StackViewportCommands;
}

/** Binds the Cornerstone viewport `viewportId` to a div and shows the series' `images` in it. */
export function useStackViewport(viewportId: string, seriesInstanceUID: string | undefined, images: readonly StackImage[] | undefined): StackViewportHook {
  const elementRef = useRef<HTMLDivElement | null>(null);
  const [state, setState] = useState<ViewportState>(EMPTY_VIEWPORT_STATE);
  const [initError, setInitError] = useState<string>();
  const [controller, setController] = useState<StackViewportController>();
  const source = useDataSource();
  const { imageCacheMb, dataSources } = useRuntimeConfig();
  const lossyFirst = useRef<LossyFirstPolicy>({ kind: 'none', ...DEFAULT_LOSSY_FIRST });
  const lossyPreview = source.lossyPreview ?? 'none';
  useEffect(() => {
    lossyFirst.current = { kind: lossyPreview, ...DEFAULT_LOSSY_FIRST };
  }, [lossyPreview]);

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    let created: StackViewportController | undefined;
    let unregister: (() => void) | undefined;
    let cancelled = false;
    initCornerstone({ imageCacheMb })
      .then(() => {
        if (cancelled) return;
        // Before the controller exists, so before any frame of a streaming source is asked for.
        configureFrameStreaming(dataSources);
        created = new StackViewportController(element, viewportId, setState, {
          isActive: () => useViewerStore.getState().activeViewportId === viewportId,
          lossyFirst: () => lossyFirst.current,
        });
        unregister = registerController(created);
        setController(created);
      })
      .catch((err: unknown) => setInitError(`The image viewer could not start: ${(err as Error).message}`));
    return () => {
      cancelled = true;
      unregister?.();
      created?.dispose();
      setController(undefined);
      setState(EMPTY_VIEWPORT_STATE);
    };
  }, [viewportId, imageCacheMb, dataSources]);

  useEffect(() => {
    if (!controller || !seriesInstanceUID || !images || images.length === 0) return;
    // A series opened straight into MPR starts where MPR does, in the middle of the volume: the stack's
    // loading fills the volume outwards from the slice on screen.
    void controller.setStack(seriesInstanceUID, images, isMpr(viewportId, seriesInstanceUID) ? middleIndex(images.length) : 0);
  }, [controller, viewportId, seriesInstanceUID, images]);

  const [commands] = useState<StackViewportCommands>(() => ({
    goTo: (index) => getViewportController(viewportId)?.goTo(index),
    toggleCine: () => getViewportController(viewportId)?.toggleCine(),
    setCineFps: (fps) => getViewportController(viewportId)?.setCineFps(fps),
  }));

  return { elementRef, state, initError, commands };
}
