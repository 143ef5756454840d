import { Enums, cache, eventTarget, imageLoader, utilities, volumeLoader, type Types, type VolumeViewport } from '@cornerstonejs/core';
import {
  AngleTool,
  ArrowAnnotateTool,
  CrosshairsTool,
  EllipticalROITool,
  Enums as ToolEnums,
  LengthTool,
  PanTool,
  ProbeTool,
  RectangleROITool,
  StackScrollTool,
  SynchronizerManager,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  addTool,
  synchronizers,
  state as toolState,
} from '@cornerstonejs/tools';
import { outwardOrder } from '../../imaging/load-progress.ts';
import { watchMprTiming } from '../loading/mpr-timing.ts';
import { holdVolumeFillDepth } from '../loading/decode-queue-depth.ts';
import { registerStack } from '../loading/register-stack.ts';
import { displaySeries, shownImageSize, type SeriesDisplay } from '../loading/series-loading.ts';
import { angleBetweenPlanes, planesMeet, rotateCamera, type PlaneCamera } from '../../imaging/oblique-rotation.ts';
import { cineDelta, sliceDelta, type SliceMove } from '../../imaging/slice-navigation.ts';
import { formatVoxelSample } from '../../imaging/pixel-value.ts';
import type { StackImage } from '../../imaging/series-stack.ts';
import { acquiredVoxelCentre, nearestAcquiredVoxel, type RegularVolume } from '../../imaging/volume-geometry.ts';
import { nextFillDrawAt, nextFillPlane, planeShowsSlice } from '../../imaging/volume-fill-drawing.ts';
import { publishPlanesAsLocalizerSources } from './plane-localizer-sources.ts';
import { volumeSlices, type VolumeSlices } from './grid-images.ts';
import type { Vec3 } from '../../imaging/orientation.ts';
import { PRIMARY_TOOL_NAMES, arrowConfiguration, type PrimaryTool } from '../tools/tool-group.ts';
import { pixelOfImage } from '../viewport/pixel-sample.ts';
import {
  RENDERING_ENGINE_ID,
  disableViewport,
  enableOrthographicViewport,
  renderViewports,
  resizeViewports,
  showVolume,
  stackViewport,
  volumeViewport,
  type MprOrientation,
} from '../viewport/engine.ts';
import type { SlabMode } from './mpr-store.ts';

export const PLANES: readonly MprOrientation[] = ['axial', 'coronal', 'sagittal'];

/** The Cornerstone viewport id of one plane of the MPR shown in slot `slotId`. */
export function planeViewportId(slotId: string, plane: MprOrientation): string {
  return `${slotId}-mpr-${plane}`;
}

/** The toolbar's tools, in the planes too (the probe with Cornerstone's own text: it reads the volume). */
const PLANE_TOOLS = [
  WindowLevelTool,
  PanTool,
  ZoomTool,
  StackScrollTool,
  LengthTool,
  AngleTool,
  RectangleROITool,
  EllipticalROITool,
  ArrowAnnotateTool,
  ProbeTool,
];
const PLANE_ANNOTATION_TOOLS = [LengthTool, AngleTool, RectangleROITool, EllipticalROITool, ArrowAnnotateTool, ProbeTool];
const LINE_COLOURS: Record<MprOrientation, string> = { axial: 'rgb(255, 90, 90)', coronal: 'rgb(90, 200, 90)', sagittal: 'rgb(240, 200, 60)' };

let crosshairsRegistered = false;
function registerCrosshairs(): void {
  if (crosshairsRegistered || toolState.tools[CrosshairsTool.toolName]) return;
  addTool(CrosshairsTool);
  crosshairsRegistered = true;
}

const ORIENTATION_AXIS: Record<MprOrientation, Enums.OrientationAxis> = {
  axial: Enums.OrientationAxis.AXIAL,
  coronal: Enums.OrientationAxis.CORONAL,
  sagittal: Enums.OrientationAxis.SAGITTAL,
};

/** The normals of the orthogonal planes (those of Cornerstone's MPR_CAMERA_VALUES, which setOrientation applies). */
const ORTHOGONAL_NORMALS: Record<MprOrientation, Vec3> = { axial: [0, 0, -1], coronal: [0, -1, 0], sagittal: [1, 0, 0] };

const BLEND: Record<SlabMode, Enums.BlendModes> = {
  none: Enums.BlendModes.COMPOSITE,
  mip: Enums.BlendModes.MAXIMUM_INTENSITY_BLEND,
  minip: Enums.BlendModes.MINIMUM_INTENSITY_BLEND,
  average: Enums.BlendModes.AVERAGE_INTENSITY_BLEND,
};

/** What the streaming volume offers for filling it from images already in the cache. */
interface FillableVolume {
  getImageIdIndex(imageId: string): number;
  getLoaderImageOptions(imageId: string): unknown;
  callLoadImage(imageId: string, index: number, options: unknown): Promise<void> | undefined;
  /** Per frame, the quality it is in the volume at (Enums.ImageQualityStatus), if it is in. */
  cachedFrames: ArrayLike<Enums.ImageQualityStatus | undefined>;
}

export interface MprProgress {
  loaded: number;
  total: number;
}

/**
 * One series shown as MPR in a layout slot: a Cornerstone streaming image volume built from the series'
 * own `wadors:` image ids, in three orthographic viewports with crosshairs, a shared window and slab.
 * The volume is filled from the image cache: the frames come through the stack viewer's loading (its
 * prefetch keeps running under the MPR, from the slice that was on screen outwards, within the cache
 * budget), and each frame enters the volume once it is in the cache.
 */
export class MprController {
  private readonly toolGroupId: string;
  private readonly synchronizerId: string;
  private readonly volumeId: string;
  /** The acquired images, ordered along the normal. */
  private readonly imageIds: readonly string[];
  /** The volume's slices: the acquired images, or the grid's made of them (grid-images.ts). */
  private readonly slices: VolumeSlices;
  /** Volume slices (image ids) asked into the volume. */
  private readonly fed = new Set<string>();
  private readonly resizeObserver: ResizeObserver;
  private fillable: FillableVolume | undefined;
  private stopTiming: (() => void) | undefined;
  /** Takes the planes' localizer lines off the other viewports (plane-localizer-sources.ts). */
  private stopLocalizerSources: (() => void) | undefined;
  private display: SeriesDisplay | undefined;
  /** Gives back the deeper decode queue the filling volume holds (decode-queue-depth.ts). */
  private releaseFillDepth: (() => void) | undefined;
  private fillRender: ReturnType<typeof setTimeout> | undefined;
  /** How long the last measured draw while filling took (ms). */
  private lastFillDrawMs: number | undefined;
  /** Set during the animation frame of a draw while filling: each plane drawn reports its time to it. */
  private measureDraw: ((end: number) => void) | undefined;
  /** Per plane, volume slices (indices) that entered the volume since it was last drawn (or set up), and when that was. */
  private enteredSinceDraw: Record<MprOrientation, number[]> = { axial: [], coronal: [], sagittal: [] };
  private lastDrawnAt: Record<MprOrientation, number> = { axial: 0, coronal: 0, sagittal: 0 };
  private disposed = false;
  /** The planes' viewports show the volume (set up once its first frame is in). */
  private planesShown = false;
  private frameInResolve: (() => void) | undefined;
  private readonly firstFrameIn = new Promise<void>((resolve) => {
    this.frameInResolve = resolve;
  });

  constructor(
    private readonly slotId: string,
    private readonly seriesInstanceUID: string,
    private readonly images: readonly StackImage[],
    private readonly volume: RegularVolume,
    private readonly elements: Record<MprOrientation, HTMLDivElement>,
    private readonly startIndex: number,
    private readonly onProgress: (p: MprProgress) => void,
  ) {
    this.toolGroupId = `mpr-tools-${slotId}`;
    this.synchronizerId = `mpr-voi-${slotId}`;
    this.volumeId = `cornerstoneStreamingImageVolume:readroom-mpr-${seriesInstanceUID}`;
    this.imageIds = volume.order.map((i) => images[i]!.imageId);
    this.slices = volumeSlices(volume, this.imageIds);
    this.resizeObserver = new ResizeObserver(() => resizeViewports());
  }

  private viewport(plane: MprOrientation): VolumeViewport | undefined {
    return volumeViewport(planeViewportId(this.slotId, plane));
  }

  async start(primary: () => PrimaryTool | 'crosshairs'): Promise<void> {
    // At launch (`mpr=1`) the stack viewport may not have registered the series with the loader yet.
    if (!(await registerStack(this.images, () => !this.disposed))) return;
    // The series loads outwards from the axial plane's slice, whether or not the stack has shown an image yet.
    this.releaseFillDepth = holdVolumeFillDepth();
    this.loadSlice(this.startIndex);
    this.display = displaySeries(
      `${this.slotId}-mpr`,
      this.seriesInstanceUID,
      this.images.map((i) => i.imageId),
      this.startIndex,
      shownImageSize(this.images[this.startIndex]?.descriptor),
    );
    const created = await volumeLoader.createAndCacheVolume(this.volumeId, { imageIds: [...this.slices.imageIds] });
    if (this.disposed) return;
    this.fillable = created as unknown as FillableVolume;
    // Cornerstone would draw all three planes after every second frame that enters the volume; on a
    // software renderer that takes the CPU the decoders need. The planes are drawn by renderWhileFilling.
    (created as unknown as { autoRenderOnLoad: boolean }).autoRenderOnLoad = false;
    eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, this.onImageLoaded);
    eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, this.onVolumeModified);
    const stackOrder = this.images.map((i) => i.imageId);
    for (const index of outwardOrder(stackOrder.length, this.startIndex)) this.feed(stackOrder[index]!);
    this.reportProgress();
    // A volume still cached from an earlier MPR of the series holds its frames already.
    if (Array.from(this.fillable.cachedFrames).some((q) => q === Enums.ImageQualityStatus.FULL_RESOLUTION)) this.frameInResolve?.();
    // The planes are set up once the volume holds a frame: their first draw (WebGL contexts, shader
    // compilation: a second and more on a software renderer) would otherwise hold the main thread while
    // the first frames wait to be handed to the decoders, and it would show an empty volume.
    await this.firstFrameIn;
    if (this.disposed) return;
    const ids = PLANES.map((plane) => planeViewportId(this.slotId, plane));
    for (const plane of PLANES) {
      enableOrthographicViewport(planeViewportId(this.slotId, plane), this.elements[plane], plane);
      this.resizeObserver.observe(this.elements[plane]);
    }
    this.stopTiming = watchMprTiming(this.seriesInstanceUID, this.volumeId, this.elements);
    this.elements.axial.addEventListener(Enums.Events.CAMERA_MODIFIED, this.onAxialMoved);
    for (const plane of PLANES) this.elements[plane].addEventListener(Enums.Events.IMAGE_RENDERED, this.onPlaneRendered);
    await showVolume(this.volumeId, ids);
    if (this.disposed) return;
    // The same window as the stack had, and the slice that was on screen at the centre of every plane.
    const voiRange = stackViewport(this.slotId)?.getProperties().voiRange;
    const start = acquiredVoxelCentre(this.volume, { slice: this.startIndex, row: this.volume.rows >> 1, column: this.volume.columns >> 1 });
    for (const plane of PLANES) {
      const vp = this.viewport(plane);
      if (!vp) continue;
      if (voiRange) vp.setProperties({ voiRange });
      moveTo(vp, start);
    }
    this.createTools(primary());
    this.stopLocalizerSources = publishPlanesAsLocalizerSources(this.slotId, this.images[0]?.descriptor.frameOfReferenceUID, this.elements, (plane) =>
      cameraOf(this.viewport(plane)),
    );
    this.planesShown = true;
    const now = performance.now();
    for (const plane of PLANES) {
      this.enteredSinceDraw[plane] = [];
      this.lastDrawnAt[plane] = now;
    }
    renderViewports(ids);
  }

  private createTools(primary: PrimaryTool | 'crosshairs'): void {
    registerCrosshairs();
    ToolGroupManager.destroyToolGroup(this.toolGroupId);
    const group = ToolGroupManager.createToolGroup(this.toolGroupId);
    if (!group) throw new Error(`Could not create tool group ${this.toolGroupId}`);
    for (const tool of PLANE_TOOLS) group.addTool(tool.toolName, tool === ArrowAnnotateTool ? arrowConfiguration : {});
    group.addTool(CrosshairsTool.toolName, {
      getReferenceLineColor: (viewportId: string) => LINE_COLOURS[PLANES.find((p) => planeViewportId(this.slotId, p) === viewportId) ?? 'axial'],
      getReferenceLineControllable: () => true,
      getReferenceLineDraggableRotatable: () => true,
      getReferenceLineSlabThicknessControlsOn: () => false,
    });
    const { MouseBindings } = ToolEnums;
    group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
    group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }, { numTouchPoints: 2 }] });
    group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
    for (const tool of PLANE_ANNOTATION_TOOLS) group.setToolPassive(tool.toolName);
    for (const plane of PLANES) group.addViewport(planeViewportId(this.slotId, plane), RENDERING_ENGINE_ID);
    this.setPrimary(primary);
    const sync = synchronizers.createVOISynchronizer(this.synchronizerId, { syncInvertState: true, syncColormap: false });
    for (const plane of PLANES) sync.add({ renderingEngineId: RENDERING_ENGINE_ID, viewportId: planeViewportId(this.slotId, plane) });
  }

  /** The tool on the left button of the planes: the crosshairs, or a tool of the toolbar. */
  setPrimary(tool: PrimaryTool | 'crosshairs'): void {
    const group = ToolGroupManager.getToolGroup(this.toolGroupId);
    if (!group) return;
    const name = tool === 'crosshairs' ? CrosshairsTool.toolName : PRIMARY_TOOL_NAMES[tool];
    if (!group.hasTool(name)) return;
    const current = group.getActivePrimaryMouseButtonTool();
    if (current === name) return;
    // Crosshairs left passive would still take a drag that starts on one of their lines (the lines cross
    // where the reader looks, so a measurement there would move the planes instead): they stay drawn only.
    if (current === CrosshairsTool.toolName) group.setToolEnabled(current);
    else if (current) group.setToolPassive(current);
    group.setToolActive(name, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  }

  /** The axial plane moved (scrolled, or the crosshairs dragged): loading fans out from its slice. */
  private readonly onAxialMoved = (): void => {
    const focalPoint = this.viewport('axial')?.getCamera().focalPoint;
    const voxel = focalPoint ? nearestAcquiredVoxel(this.volume, focalPoint as unknown as Vec3) : undefined;
    if (!voxel) return;
    this.loadSlice(voxel.slice);
    this.display?.moved(voxel.slice);
  };

  /** Asks for the acquired slice at the axial plane first (the stack's own viewport does this for its image). */
  private loadSlice(index: number): void {
    const imageId = this.images[index]?.imageId;
    if (!imageId || cache.getImageLoadObject(imageId)) return;
    imageLoader.loadAndCacheImage(imageId, { priority: 0, requestType: Enums.RequestType.Interaction }).catch(() => undefined);
  }

  private readonly onImageLoaded = (e: Event): void => {
    this.feed((e as CustomEvent<{ image: Types.IImage }>).detail.image.imageId);
  };

  private readonly onVolumeModified = (e: Event): void => {
    const { volumeId, framesProcessed, numberOfFrames } = (e as CustomEvent<{ volumeId: string; framesProcessed?: number; numberOfFrames?: number }>).detail;
    if (volumeId !== this.volumeId) return;
    this.frameInResolve?.();
    this.reportProgress();
    const complete = framesProcessed !== undefined && framesProcessed === numberOfFrames;
    if (complete) this.releaseFillDepth?.();
    this.renderWhileFilling(complete);
  };

  /**
   * Draws the planes as frames enter the volume (they were drawn when they were set up): all of them at
   * once for the last frame, else when nextFillDrawAt allows, one plane a draw (nextFillPlane) of those the
   * frames entered since their last draw can show in.
   */
  private renderWhileFilling(complete: boolean): void {
    if (this.disposed || !this.planesShown) return;
    const draw = () => {
      this.fillRender = undefined;
      if (this.disposed) return;
      const waiting = PLANES.filter((plane) => this.planeShowsAny(plane, this.enteredSinceDraw[plane]));
      const next = nextFillPlane(waiting, this.lastDrawnAt);
      const planes = complete ? PLANES : next ? [next] : [];
      if (planes.length === 0) return;
      const now = performance.now();
      for (const plane of PLANES) {
        const drawn = planes.includes(plane);
        // A plane none of its entered frames can show in (the axial plane, for slices outside its slab) waits for none.
        if (drawn || !waiting.includes(plane)) this.enteredSinceDraw[plane] = [];
        if (drawn) this.lastDrawnAt[plane] = now;
      }
      // Registered before the draw is asked for, so it runs just before the draw in the same frame; the
      // planes' IMAGE_RENDERED events of that frame say how long the draw took.
      requestAnimationFrame(() => {
        const start = performance.now();
        this.measureDraw = (end) => {
          this.lastFillDrawMs = end - start;
        };
        setTimeout(() => {
          this.measureDraw = undefined;
        }, 0);
      });
      renderViewports(planes.map((plane) => planeViewportId(this.slotId, plane)));
      // A plane still waiting gets its turn at the next draw, whether or not another frame enters before it.
      if (!complete && PLANES.some((plane) => this.enteredSinceDraw[plane].length > 0)) this.renderWhileFilling(false);
    };
    if (complete) {
      if (this.fillRender !== undefined) clearTimeout(this.fillRender);
      draw();
      return;
    }
    if (this.fillRender !== undefined) return;
    const lastDrawAt = Math.max(...PLANES.map((plane) => this.lastDrawnAt[plane]));
    const at = nextFillDrawAt(lastDrawAt, this.lastFillDrawMs);
    this.fillRender = setTimeout(draw, Math.max(0, at - performance.now()));
  }

  private readonly onPlaneRendered = (): void => {
    this.measureDraw?.(performance.now());
  };

  /** Whether any of the acquired slices (ordered indices) can show in the plane as its camera is now. */
  private planeShowsAny(plane: MprOrientation, slices: readonly number[]): boolean {
    const vp = this.viewport(plane);
    const camera = cameraOf(vp);
    if (!vp || !camera) return false;
    const view = { normal: camera.viewPlaneNormal as unknown as Vec3, point: camera.focalPoint as unknown as Vec3, slabMm: vp.getSlabThickness() };
    return slices.some((slice) => planeShowsSlice(view, this.volume.normal, this.slices.positions[slice] ?? Number.NaN, this.slices.spacing));
  }

  /** Puts the volume slices an acquired frame is part of into the volume, once the cache has (or is loading) all their frames. */
  private feed(imageId: string): void {
    const volume = this.fillable;
    if (this.disposed || !volume) return;
    const inCache = (id: string) => cache.getImageLoadObject(id) !== undefined || cache.isLoaded(id);
    for (const index of this.slices.slicesOf(imageId)) {
      const sliceId = this.slices.imageIds[index]!;
      if (this.fed.has(sliceId) || !this.slices.sourcesOf(index).every(inCache)) continue;
      this.fed.add(sliceId);
      Promise.resolve(volume.callLoadImage(sliceId, volume.getImageIdIndex(sliceId), volume.getLoaderImageOptions(sliceId))).then(
        // The volume's image ids are in the order of its slices along the normal.
        () => {
          for (const plane of PLANES) this.enteredSinceDraw[plane].push(index);
        },
        () => {
          // A failed frame: the stack viewer reports it; the slice may be fed again once the frame loads.
          this.fed.delete(sliceId);
        },
      );
    }
  }

  private reportProgress(): void {
    const loaded = this.imageIds.filter((id) => cache.isLoaded(id)).length;
    this.onProgress({ loaded, total: this.imageIds.length });
  }

  /** Slab thickness (mm) and how the slab is projected, in every plane. */
  setSlab(mode: SlabMode, thicknessMm: number): void {
    for (const plane of PLANES) {
      const vp = this.viewport(plane);
      if (!vp) continue;
      vp.setBlendMode(BLEND[mode]);
      if (mode === 'none') vp.resetSlabThickness();
      else vp.setSlabThickness(Math.max(0.1, thicknessMm));
      vp.render();
    }
  }

  /** Moves one plane through its slices (the crosshairs of the other planes follow its camera). */
  navigate(plane: MprOrientation, move: SliceMove): void {
    const vp = this.viewport(plane);
    if (!vp) return;
    const delta = sliceDelta(move, vp.getSliceIndex(), vp.getNumberOfSlices());
    // Cornerstone's scroll steps one voxel spacing along the normal (the viewport's own scroll would step a
    // whole slab while a slab is shown); its typings do not list volume viewports although it handles them.
    if (delta !== 0) utilities.scroll(vp as unknown as Types.IViewport, { delta });
  }

  /** One cine frame of a plane: its next slice, after the last the first again. */
  cineStep(plane: MprOrientation): void {
    const vp = this.viewport(plane);
    if (!vp) return;
    const delta = cineDelta(vp.getSliceIndex(), vp.getNumberOfSlices());
    if (delta !== 0) utilities.scroll(vp as unknown as Types.IViewport, { delta });
  }

  /**
   * Turns the other two planes by `degrees` (positive: counter-clockwise on screen) about the crosshairs'
   * centre, in `plane`: about `plane`'s normal through the centre, as dragging one of the reference lines
   * drawn in `plane` does (Cornerstone's CrosshairsTool rotates the same three camera vectors). The camera
   * events that follow let the crosshairs redraw their lines from the new cameras.
   */
  rotate(plane: MprOrientation, degrees: number): void {
    const axis = cameraOf(this.viewport(plane))?.viewPlaneNormal;
    const centre = this.crosshairsCentre();
    if (!axis || !centre) return;
    for (const other of PLANES) {
      const vp = this.viewport(other);
      const camera = cameraOf(vp);
      if (other === plane || !vp || !camera) continue;
      const turned = rotateCamera(camera, axis, centre, degrees);
      vp.setCamera({ focalPoint: point3(turned.focalPoint), position: point3(turned.position), viewUp: point3(turned.viewUp) });
    }
    renderViewports();
  }

  /** Where the three planes meet (the crosshairs' centre), from their cameras. */
  private crosshairsCentre(): Vec3 | undefined {
    const planes = PLANES.map((p) => cameraOf(this.viewport(p)));
    const [a, b, c] = planes.map((camera) => camera && { point: camera.focalPoint, normal: camera.viewPlaneNormal });
    return a && b && c ? planesMeet(a, b, c) : undefined;
  }

  /** How far (degrees, 0–90) a plane has turned from its orthogonal plane. */
  obliquity(plane: MprOrientation): number {
    const normal = cameraOf(this.viewport(plane))?.viewPlaneNormal;
    return normal ? angleBetweenPlanes(normal, ORTHOGONAL_NORMALS[plane]) : 0;
  }

  /**
   * Back to the three orthogonal planes through the crosshairs' centre, each fitted to its viewport: undoes
   * a rotation of the crosshairs (oblique planes), zoom and pan; the window and the slab are kept.
   */
  resetPlanes(): void {
    const crosshairs = ToolGroupManager.getToolGroup(this.toolGroupId)?.getToolInstance(CrosshairsTool.toolName) as CrosshairsTool | undefined;
    const centre = crosshairs?.toolCenter ? ([...crosshairs.toolCenter] as Vec3) : undefined;
    for (const plane of PLANES) {
      const vp = this.viewport(plane);
      if (!vp) continue;
      const voiRange = vp.getProperties()?.voiRange;
      vp.setOrientation(ORIENTATION_AXIS[plane], false);
      if (voiRange) vp.setProperties({ voiRange });
      if (centre) moveTo(vp, centre);
    }
    crosshairs?.computeToolCenter();
    renderViewports();
  }

  /** The window of every plane (modality units). */
  applyWindow(width: number, center: number): void {
    for (const plane of PLANES) {
      const vp = this.viewport(plane);
      if (!vp) continue;
      vp.setProperties({ voiRange: utilities.windowLevel.toLowHighRange(width, center) });
      vp.render();
    }
  }

  /** Width and centre of the planes' window. */
  window(): { width: number; center: number } | undefined {
    const voiRange = this.viewport('axial')?.getProperties()?.voiRange;
    if (!voiRange) return undefined;
    const wl = utilities.windowLevel.toWindowLevel(voiRange.lower, voiRange.upper);
    return { width: wl.windowWidth, center: wl.windowCenter };
  }

  /** The readout for a point of a plane's element (CSS pixels from its top-left corner): the nearest acquired voxel. */
  readout(plane: MprOrientation, point: Types.Point2): string {
    const vp = this.viewport(plane);
    if (!vp) return '';
    const world = vp.canvasToWorld(point) as unknown as Vec3;
    const voxel = nearestAcquiredVoxel(this.volume, world);
    if (!voxel) return '';
    const image = this.images[voxel.slice]!;
    const sample = pixelOfImage(image.imageId, voxel.column, voxel.row);
    return sample ? formatVoxelSample(sample, image.descriptor.instanceNumber ?? voxel.slice + 1) : '';
  }

  dispose(): void {
    this.disposed = true;
    this.frameInResolve?.();
    if (this.fillRender !== undefined) clearTimeout(this.fillRender);
    this.stopTiming?.();
    this.stopLocalizerSources?.();
    this.releaseFillDepth?.();
    this.elements.axial.removeEventListener(Enums.Events.CAMERA_MODIFIED, this.onAxialMoved);
    for (const plane of PLANES) this.elements[plane].removeEventListener(Enums.Events.IMAGE_RENDERED, this.onPlaneRendered);
    this.display?.release();
    eventTarget.removeEventListener(Enums.Events.IMAGE_LOADED, this.onImageLoaded);
    eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, this.onVolumeModified);
    this.resizeObserver.disconnect();
    SynchronizerManager.destroySynchronizer(this.synchronizerId);
    // Destroying a tool group leaves its tools' global listeners bound: the crosshairs of this group would
    // answer the next MPR's group (same id) while it is built, and warn that they need two viewports.
    ToolGroupManager.getToolGroup(this.toolGroupId)?.setToolDisabled(CrosshairsTool.toolName);
    ToolGroupManager.destroyToolGroup(this.toolGroupId);
    for (const plane of PLANES) {
      if (this.viewport(plane)) disableViewport(planeViewportId(this.slotId, plane));
    }
  }
}

const point3 = (v: Vec3): Types.Point3 => [v[0], v[1], v[2]];

/** A plane's camera, once it has one. */
function cameraOf(vp: VolumeViewport | undefined): PlaneCamera | undefined {
  const camera = vp?.getCamera();
  if (!camera?.focalPoint || !camera.position || !camera.viewPlaneNormal || !camera.viewUp) return undefined;
  return { focalPoint: camera.focalPoint, position: camera.position, viewPlaneNormal: camera.viewPlaneNormal, viewUp: camera.viewUp };
}

/** Moves a plane (keeping its direction) so that it passes through `world`. */
function moveTo(vp: VolumeViewport, world: Vec3): void {
  const { focalPoint, position, viewPlaneNormal: n } = vp.getCamera();
  if (!focalPoint || !position || !n) return;
  const viewPlaneNormal: Types.Point3 = n;
  const d = (world[0] - focalPoint[0]) * viewPlaneNormal[0] + (world[1] - focalPoint[1]) * viewPlaneNormal[1] + (world[2] - focalPoint[2]) * viewPlaneNormal[2];
  const shift = (p: Types.Point3): Types.Point3 => [p[0] + d * viewPlaneNormal[0], p[1] + d * viewPlaneNormal[1], p[2] + d * viewPlaneNormal[2]];
  vp.setCamera({ focalPoint: shift(focalPoint), position: shift(position) });
}
