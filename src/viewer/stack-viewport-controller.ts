import { Enums, RenderingEngine, getRenderingEngine, utilities, type Types } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import type { StackImage } from '../imaging/series-stack.ts';
import { describeLoadError } from './load-errors.ts';
import { createViewportToolGroup, destroyViewportToolGroup } from './tool-group.ts';

export const ENGINE_ID = 'readroom';

export interface ViewportState {
  /** 0-based index of the image on screen. */
  index: number;
  total: number;
  windowWidth: number | undefined;
  windowCenter: number | undefined;
  error: string | undefined;
}

export type ViewportListener = (state: ViewportState) => void;

function engine(): RenderingEngine {
  return (getRenderingEngine(ENGINE_ID) as RenderingEngine | undefined) ?? new RenderingEngine(ENGINE_ID);
}

/**
 * One stack viewport bound to a DOM element: the only place that drives
 * Cornerstone's viewport, tools and events for it. React talks to it through useStackViewport.
 */
export class StackViewportController {
  private readonly viewportId: string;
  private readonly toolGroupId: string;
  private readonly element: HTMLDivElement;
  private readonly listener: ViewportListener;
  private readonly resizeObserver: ResizeObserver;
  private state: ViewportState = { index: 0, total: 0, windowWidth: undefined, windowCenter: undefined, error: undefined };
  private disposed = false;

  constructor(element: HTMLDivElement, viewportId: string, listener: ViewportListener) {
    this.element = element;
    this.viewportId = viewportId;
    this.toolGroupId = `tools-${viewportId}`;
    this.listener = listener;
    engine().enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } });
    createViewportToolGroup(this.toolGroupId, viewportId, ENGINE_ID);
    element.addEventListener(Enums.Events.VOI_MODIFIED, this.onDisplayChange);
    element.addEventListener(Enums.Events.STACK_NEW_IMAGE, this.onDisplayChange);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onDisplayChange);
    this.resizeObserver = new ResizeObserver(() => engine().resize(true, true));
    this.resizeObserver.observe(element);
  }

  private viewport(): Types.IStackViewport | undefined {
    return engine().getViewport(this.viewportId) as Types.IStackViewport | undefined;
  }

  private emit(patch: Partial<ViewportState>): void {
    this.state = { ...this.state, ...patch };
    this.listener(this.state);
  }

  private readonly onDisplayChange = (): void => {
    const vp = this.viewport();
    if (!vp || this.disposed) return;
    const { voiRange } = vp.getProperties();
    const wl = voiRange ? utilities.windowLevel.toWindowLevel(voiRange.lower, voiRange.upper) : undefined;
    this.emit({ index: vp.getCurrentImageIdIndex(), windowWidth: wl?.windowWidth, windowCenter: wl?.windowCenter });
  };

  async setStack(images: readonly StackImage[], initialIndex = 0): Promise<void> {
    const vp = this.viewport();
    if (!vp) return;
    for (const image of images) wadors.metaDataManager.add(image.imageId, image.metadata as never);
    this.emit({ total: images.length, index: initialIndex, error: undefined });
    try {
      await vp.setStack(
        images.map((i) => i.imageId),
        initialIndex,
      );
      if (this.disposed) return;
      vp.render();
    } catch (err) {
      if (!this.disposed) this.emit({ error: describeLoadError(err) });
    }
  }

  dispose(): void {
    this.disposed = true;
    this.resizeObserver.disconnect();
    this.element.removeEventListener(Enums.Events.VOI_MODIFIED, this.onDisplayChange);
    this.element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, this.onDisplayChange);
    this.element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onDisplayChange);
    destroyViewportToolGroup(this.toolGroupId);
    engine().disableElement(this.viewportId);
  }
}
