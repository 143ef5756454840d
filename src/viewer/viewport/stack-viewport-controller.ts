import { Enums, cache, eventTarget, imageLoader, utilities, type Types } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import { cineFps, clampFps, playsOnOpen } from '../../imaging/cine.ts';
import { highBitColourNote } from '../../imaging/high-bit-colour.ts';
import { isLossyStored, wantsLossyFirst, type LossyFirstPolicy } from '../../imaging/image-quality.ts';
import type { StackImage } from '../../imaging/series-stack.ts';
import { storedTransferSyntaxOf } from '../loading/frame-retrieval.ts';
import { describeLoadError, isTransferSyntaxError } from '../loading/load-errors.ts';
import { loadLossyPreview, releaseLossyPreview } from '../loading/lossy-preview.ts';
import { adoptPreviewAnnotations } from '../annotations/lossy-annotations.ts';
import { displaySeries, shownImageSize, type SeriesDisplay } from '../loading/series-loading.ts';
import { markFirstImage, markSliceRendered } from '../loading/timing-marks.ts';
import { createViewportToolGroup, destroyViewportToolGroup } from '../tools/tool-group.ts';
import { useToolsStore } from '../tools/tools-store.ts';
import { RENDERING_ENGINE_ID, announceStackPhase, disableViewport, enableStackViewport, resizeViewports, stackViewport } from './engine.ts';
import { DrawGuard, notDrawnMessage, type NotDrawn } from '../../imaging/draw-guard.ts';
import { drawGuardBound, onFrameDataArrived, pendingArrival } from '../loading/frame-arrival.ts';
import { registerStack } from '../loading/register-stack.ts';

export interface ViewportState {
  /** 0-based index of the image on screen. */
  index: number;
  total: number;
  windowWidth: number | undefined;
  windowCenter: number | undefined;
  /** Why the image on screen could not be shown (names the failure). */
  error: string | undefined;
  /** Frames of the stack, other than the one on screen, that failed to load. */
  failedFrames: number;
  cinePlaying: boolean;
  /** Cine frame rate; from Frame Time for multi-frame images that carry it. */
  cineFps: number;
  /** What is on screen is lossy: a preview waiting for the lossless image, or a lossy-compressed image. */
  lossy: 'preview' | 'stored' | undefined;
  /** Colour of more than 8 bits per sample, displayed scaled to 8 bits: what to say about it. */
  reducedColour: string | undefined;
  /** The series of the image on screen at full quality (undefined while a preview or the previous series shows). */
  shownSeriesUID: string | undefined;
}

export const EMPTY_VIEWPORT_STATE: ViewportState = {
  index: 0,
  total: 0,
  windowWidth: undefined,
  windowCenter: undefined,
  error: undefined,
  failedFrames: 0,
  cinePlaying: false,
  cineFps: cineFps({}),
  lossy: undefined,
  reducedColour: undefined,
  shownSeriesUID: undefined,
};

export type ViewportListener = (state: ViewportState) => void;

export interface ControllerOptions {
  /** Whether this viewport is the active one (it alone records rr:slice-rendered). */
  isActive: () => boolean;
  /** How (and whether) large images are first shown from a lossy preview. */
  lossyFirst: () => LossyFirstPolicy;
}

/**
 * One stack viewport bound to a DOM element: the only place that drives
 * Cornerstone's viewport, tools and events for it. React talks to it through useStackViewport.
 */
export class StackViewportController {
  readonly viewportId: string;
  private readonly toolGroupId: string;
  private readonly element: HTMLDivElement;
  private readonly listener: ViewportListener;
  private readonly options: ControllerOptions;
  private readonly resizeObserver: ResizeObserver;
  private state: ViewportState = EMPTY_VIEWPORT_STATE;
  private disposed = false;
  private seriesInstanceUID: string | undefined;
  private imageIds: readonly string[] = [];
  private imageIdSet = new Set<string>();
  private failed = new Set<string>();
  /** Index of the image drawn by the last STACK_NEW_IMAGE, and of the last slice-rendered mark. */
  private shownIndex: number | undefined;
  private markedIndex: number | undefined;
  private display: SeriesDisplay | undefined;
  /** "Series 3 “MR T2”", named in messages about a transfer syntax. */
  private seriesLabel = '';
  private images: readonly StackImage[] = [];
  /** Set while a lossy preview stands in for the image at `index` (the stack then holds the preview alone). */
  private preview: { id: string; index: number } | undefined;
  /** Bumped by every setStack, so a slow load of an earlier stack cannot replace a later one. */
  private generation = 0;
  /** Never a silent blank: the image waited for must appear in bounded time once its data is here. */
  private readonly guard = new DrawGuard({ boundMs: drawGuardBound(), onNotDrawn: (info) => this.onNotDrawn(info) });
  private readonly stopArrivals = onFrameDataArrived((a) => this.guard.dataArrived(a.imageId, a.transferSyntaxUID));

  constructor(element: HTMLDivElement, viewportId: string, listener: ViewportListener, options: ControllerOptions) {
    this.element = element;
    this.viewportId = viewportId;
    this.toolGroupId = `tools-${viewportId}`;
    this.listener = listener;
    this.options = options;
    enableStackViewport(viewportId, element);
    createViewportToolGroup(this.toolGroupId, viewportId, RENDERING_ENGINE_ID, useToolsStore.getState().activeTool);
    element.addEventListener(Enums.Events.VOI_MODIFIED, this.onDisplayChange);
    element.addEventListener(Enums.Events.STACK_NEW_IMAGE, this.onNewImage);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, this.onLoadFailed);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, this.onLoaded);
    this.resizeObserver = new ResizeObserver(() => resizeViewports());
    this.resizeObserver.observe(element);
  }

  private viewport(): Types.IStackViewport | undefined {
    return stackViewport(this.viewportId);
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
    const index = this.preview ? this.preview.index : vp.getCurrentImageIdIndex();
    const id = this.imageIds[index] ?? '';
    const error = this.failed.has(id) || (this.guard.phase === 'timed-out' && this.guard.imageId === id) ? this.state.error : undefined;
    // A lower-resolution image of a frame still streaming in (streamed-frame-load.ts) is a preview too.
    const quality = (vp.getCornerstoneImage() as { imageQualityStatus?: Enums.ImageQualityStatus } | undefined)?.imageQualityStatus;
    const preview = this.preview !== undefined || (quality !== undefined && quality < Enums.ImageQualityStatus.FULL_RESOLUTION);
    const lossy = preview ? 'preview' : this.isStoredLossy(index) ? 'stored' : undefined;
    const reducedColour = error ? undefined : this.reducedColourNote(index);
    // The preview's window is in display values (0–255): not a window of the image.
    const window = preview ? {} : { windowWidth: wl?.windowWidth, windowCenter: wl?.windowCenter };
    // Until the new stack is set, the image on screen is still the previous series'.
    const shownSeriesUID = !preview && this.imageIdSet.has(vp.getCurrentImageId() ?? '') ? this.seriesInstanceUID : undefined;
    this.emit({ index, ...window, error, lossy, reducedColour, shownSeriesUID });
  };

  private readonly onNewImage = (e: Event): void => {
    const { imageIdIndex, imageId } = (e as CustomEvent<{ imageIdIndex: number; imageId: string }>).detail;
    if (this.preview || imageId === this.guard.imageId) this.guard.drawn();
    this.shownIndex = imageIdIndex;
    if (!this.preview) this.display?.moved(this.shownIndex);
    this.onDisplayChange();
  };

  private readonly onRendered = (): void => {
    this.onDisplayChange();
    const index = this.shownIndex;
    if (index === undefined || this.disposed || !this.seriesInstanceUID) return;
    markFirstImage(this.seriesInstanceUID, this.imageIds.length);
    if (index !== this.markedIndex && this.options.isActive()) {
      this.markedIndex = index;
      markSliceRendered(index, this.imageIds.length);
    }
  };

  /** The viewport's message for a failed image (0-based index). */
  private failureMessage(index: number, err: unknown): string {
    const where = isTransferSyntaxError(err) ? `${this.seriesLabel}, image ${index + 1}` : `Image ${index + 1}`;
    return `${where}: ${describeLoadError(err)}`;
  }

  private readonly onLoadFailed = (e: Event): void => {
    const { imageId, error } = (e as CustomEvent<{ imageId: string; error: unknown }>).detail;
    if (this.disposed || !this.imageIdSet.has(imageId) || this.failed.has(imageId)) return;
    this.failed.add(imageId);
    this.guard.failed(imageId);
    const onScreen = this.imageIds[this.viewport()?.getCurrentImageIdIndex() ?? this.state.index] === imageId;
    this.emit({ failedFrames: this.failed.size, ...(onScreen ? { error: this.failureMessage(this.imageIds.indexOf(imageId), error) } : {}) });
  };

  private readonly onLoaded = (e: Event): void => {
    const imageId = (e as CustomEvent<{ image: Types.IImage }>).detail.image.imageId;
    if (this.disposed || !this.failed.delete(imageId)) return;
    this.emit({ failedFrames: this.failed.size });
  };

  /** The viewport waits for the image at `index` (its data may already be here). */
  private expectImage(index: number): void {
    const imageId = this.imageIds[index];
    if (imageId) this.guard.expect(imageId, pendingArrival(imageId));
  }

  private onNotDrawn(info: NotDrawn): void {
    const index = this.imageIds.indexOf(info.imageId);
    const d = this.images[index]?.descriptor;
    if (this.disposed || index < 0 || !d) return;
    const message = notDrawnMessage({
      seriesLabel: this.seriesLabel,
      index,
      transferSyntaxUID: info.transferSyntaxUID ?? d.transferSyntaxUID,
      photometricInterpretation: d.photometricInterpretation,
      rows: d.rows,
      columns: d.columns,
      bitsAllocated: d.bitsAllocated,
      boundMs: info.boundMs,
    });
    this.emit({ error: message });
  }

  private reducedColourNote(index: number): string | undefined {
    const d = this.images[index]?.descriptor;
    if (!d) return undefined;
    return highBitColourNote({ samplesPerPixel: d.samplesPerPixel, bitsAllocated: d.bitsAllocated, bitsStored: d.bitsStored });
  }

  private isStoredLossy(index: number): boolean {
    const d = this.images[index]?.descriptor;
    if (!d) return false;
    return isLossyStored({ transferSyntaxUID: storedTransferSyntaxOf(this.imageIds[index] ?? ''), lossyImageCompression: d.lossyImageCompression });
  }

  /**
   * Large images on a lossy-preview source: the lossless image is requested at once, the scaled
   * rendered preview alongside; the preview is shown only if it arrives first, and the lossless image
   * replaces it as soon as it is decoded (keeping zoom, pan, rotation and flips, and moving any
   * annotation drawn on the preview onto the image, flagged).
   */
  private async showLossyFirst(vp: Types.IStackViewport, index: number, generation: number): Promise<void> {
    const imageId = this.imageIds[index]!;
    const d = this.images[index]!.descriptor;
    const image = { rows: d.rows ?? 0, columns: d.columns ?? 0, color: (d.samplesPerPixel ?? 1) > 1 };
    let settled = false;
    const lossless = imageLoader.loadAndCacheImage(imageId, { priority: -5, requestType: Enums.RequestType.Interaction }).finally(() => {
      settled = true;
    });
    const shown = loadLossyPreview(imageId, image, this.options.lossyFirst()).then(
      async (previewId) => {
        if (settled || this.disposed || generation !== this.generation) {
          // Too late to be of use: the lossless image is there (or another stack is).
          releaseLossyPreview(previewId);
          return undefined;
        }
        this.preview = { id: previewId, index };
        await vp.setStack([previewId], 0);
        vp.resetCamera();
        vp.render();
        return previewId;
      },
      () => undefined,
    );
    try {
      await lossless;
    } finally {
      const previewId = await shown;
      if (!this.disposed && generation === this.generation) {
        const presentation = previewId ? vp.getViewPresentation() : undefined;
        this.preview = undefined;
        try {
          await vp.setStack([...this.imageIds], index);
        } finally {
          if (presentation) vp.setViewPresentation(presentation);
          else vp.resetCamera();
          if (previewId) {
            adoptPreviewAnnotations(previewId, imageId);
            releaseLossyPreview(previewId);
          }
          vp.render();
        }
      }
    }
  }

  async setStack(seriesInstanceUID: string, images: readonly StackImage[], initialIndex = 0): Promise<void> {
    const vp = this.viewport();
    if (!vp) return;
    const generation = ++this.generation;
    announceStackPhase(this.viewportId, 'loading');
    this.stopCine();
    this.display?.release();
    this.display = undefined;
    this.preview = undefined;
    this.guard.stop();
    if (!(await registerStack(images, () => !this.disposed && generation === this.generation))) return;
    this.images = images;
    this.seriesInstanceUID = seriesInstanceUID;
    this.imageIds = images.map((i) => i.imageId);
    this.imageIdSet = new Set(this.imageIds);
    this.failed = new Set();
    this.shownIndex = undefined;
    this.markedIndex = undefined;
    const first = images[0]?.descriptor;
    const seriesDescription = first?.seriesDescription;
    this.seriesLabel = `Series ${first?.seriesNumber ?? seriesInstanceUID}${seriesDescription ? ` “${seriesDescription}”` : ''}`;
    const timing = first ? { frameTimeMs: first.frameTimeMs, recommendedDisplayFrameRate: first.recommendedDisplayFrameRate, cineRate: first.cineRate } : {};
    const fps = cineFps(timing);
    const autoplay = playsOnOpen({ ...timing, numberOfFrames: first?.numberOfFrames, images: images.length });
    this.emit({
      total: images.length,
      index: initialIndex,
      error: undefined,
      failedFrames: 0,
      cinePlaying: false,
      cineFps: fps,
      lossy: undefined,
      reducedColour: undefined,
    });
    this.expectImage(initialIndex);
    try {
      const shownFirst = images[initialIndex]?.descriptor;
      const large = shownFirst && wantsLossyFirst(this.options.lossyFirst(), { rows: shownFirst.rows ?? 0, columns: shownFirst.columns ?? 0 });
      if (large && !cache.isLoaded(this.imageIds[initialIndex]!)) await this.showLossyFirst(vp, initialIndex, generation);
      else {
        await vp.setStack([...this.imageIds], initialIndex);
        // Cornerstone keeps the previous stack's camera; a new series starts fitted (sync may then follow the partner).
        vp.resetCamera();
      }
      if (this.disposed) return;
      vp.render();
      // A clip starts playing once its first frame is on screen.
      if (autoplay && generation === this.generation) this.playCine();
    } catch (err) {
      this.guard.failed();
      if (!this.disposed) this.emit({ error: this.failureMessage(initialIndex, err) });
    }
    if (!this.disposed && generation === this.generation) {
      announceStackPhase(this.viewportId, 'shown');
      const size = shownImageSize(images[initialIndex]?.descriptor);
      this.display = displaySeries(this.viewportId, seriesInstanceUID, this.imageIds, vp.getCurrentImageIdIndex(), size);
    }
  }

  /** The Modality of the stack on screen (undefined while none is set, or when the header has none). */
  modality(): string | undefined {
    return this.images[0]?.descriptor.modality;
  }

  /** Shows the image at `index` (clamped to the stack). */
  goTo(index: number): void {
    const vp = this.viewport();
    if (!vp || this.imageIds.length === 0) return;
    const target = Math.min(this.imageIds.length - 1, Math.max(0, Math.round(index)));
    if (target === vp.getCurrentImageIdIndex()) return;
    this.expectImage(target);
    vp.setImageIdIndex(target).catch((err: unknown) => {
      this.guard.failed(this.imageIds[target]);
      if (!this.disposed) this.emit({ error: this.failureMessage(target, err) });
    });
  }

  scrollBy(delta: number): void {
    const vp = this.viewport();
    if (vp) this.goTo(vp.getCurrentImageIdIndex() + delta);
  }

  first(): void {
    this.goTo(0);
  }

  last(): void {
    this.goTo(this.imageIds.length - 1);
  }

  playCine(fps = this.state.cineFps): void {
    if (this.imageIds.length < 2 || this.disposed) return;
    const rate = clampFps(fps);
    toolUtilities.cine.playClip(this.element, { framesPerSecond: rate, loop: true, dynamicCineEnabled: false });
    this.emit({ cinePlaying: true, cineFps: rate });
  }

  stopCine(): void {
    if (!this.state.cinePlaying) return;
    toolUtilities.cine.stopClip(this.element, { stopDynamicCine: false, viewportId: this.viewportId });
    this.emit({ cinePlaying: false });
  }

  toggleCine(): void {
    if (this.state.cinePlaying) this.stopCine();
    else this.playCine();
  }

  /** The cine frame rate set for this viewport (an MPR over it plays its planes at this rate too). */
  cineRate(): number {
    return this.state.cineFps;
  }

  setCineFps(fps: number): void {
    const rate = clampFps(fps);
    if (this.state.cinePlaying) this.playCine(rate);
    else this.emit({ cineFps: rate });
  }

  dispose(): void {
    this.stopCine();
    this.disposed = true;
    announceStackPhase(this.viewportId, undefined);
    this.guard.stop();
    this.stopArrivals();
    this.display?.release();
    this.resizeObserver.disconnect();
    this.element.removeEventListener(Enums.Events.VOI_MODIFIED, this.onDisplayChange);
    this.element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, this.onNewImage);
    this.element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_FAILED, this.onLoadFailed);
    eventTarget.removeEventListener(Enums.Events.IMAGE_LOADED, this.onLoaded);
    destroyViewportToolGroup(this.toolGroupId);
    disableViewport(this.viewportId);
  }
}
