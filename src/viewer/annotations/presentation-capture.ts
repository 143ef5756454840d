import { utilities, type StackViewport, type Types } from '@cornerstonejs/core';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { retrieveSeriesMetadata } from '../../dicomweb/wado.ts';
import type { CapturedAnnotation, CapturedImage, ImageView } from '../../gsps/plan-presentations.ts';
import type { Point, VoiLutFunction } from '../../gsps/types.ts';
import type { ImageDescriptor } from '../../imaging/image-descriptor.ts';
import { displayedAreaForView, spatialFromCanvas, type ImageToCanvas } from '../../gsps/view-geometry.ts';
import { buildSeriesStack } from '../../imaging/series-stack.ts';
import { parseWadorsImageId } from '../../imaging/wadors-image-id.ts';
import { imageDataset, imageDescriptor, registerImages } from '../loading/image-metadata.ts';
import { captureAnnotation, readerAnnotations } from './presentation-annotations.ts';
import { stackViewports } from '../viewport/engine.ts';
import { currentWindow } from '../viewport/viewport-actions.ts';

/**
 * Makes sure every image id has its WADO-RS metadata registered (annotations restored from a draft may
 * sit on a series no viewport has shown yet): fetches each missing series' metadata once.
 */
export async function ensureImageMetadata(source: DataSource, imageIds: readonly string[], signal?: AbortSignal): Promise<void> {
  const missing = new Map<string, { study: string; series: string }>();
  for (const imageId of imageIds) {
    const ref = parseWadorsImageId(imageId);
    if (ref && !imageDataset(imageId))
      missing.set(`${ref.studyInstanceUID}/${ref.seriesInstanceUID}`, { study: ref.studyInstanceUID, series: ref.seriesInstanceUID });
  }
  for (const { study, series } of missing.values()) {
    const metadata = await retrieveSeriesMetadata(source, study, series, signal);
    registerImages(buildSeriesStack(source.wadoRoot, study, series, metadata));
  }
}

function imageToCanvasMap(vp: StackViewport, imageId: string): ImageToCanvas {
  const canvasOf = (p: Point): Point => {
    const world = utilities.imageToWorldCoords(imageId, [p[0], p[1]]) as Types.Point3;
    const [x, y] = vp.worldToCanvas(world);
    return [x, y];
  };
  const origin = canvasOf([0, 0]);
  const column = canvasOf([1, 0]);
  const row = canvasOf([0, 1]);
  return { origin, column: [column[0] - origin[0], column[1] - origin[1]], row: [row[0] - origin[0], row[1] - origin[1]] };
}

/** How the viewport shows its image: window, inversion (relative to the image's usual look), rotation, flip, zoom and pan. */
function viewOf(vp: StackViewport, imageId: string, image: ImageDescriptor): ImageView {
  const properties = vp.getProperties();
  const window = currentWindow(vp);
  const fn = properties.VOILUTFunction as string | undefined;
  const voiFunction: VoiLutFunction | undefined = fn === 'LINEAR_EXACT' || fn === 'SIGMOID' ? fn : undefined;
  // Cornerstone shows MONOCHROME1 inverted by setting `invert`; a presentation state's inversion is relative to that.
  const monochrome1 = image.photometricInterpretation === 'MONOCHROME1';
  const map = imageToCanvasMap(vp, imageId);
  const columns = image.columns ?? 0;
  const rows = image.rows ?? 0;
  return {
    ...(window ? { voi: { center: window.center, width: window.width, ...(voiFunction ? { function: voiFunction } : {}) } } : {}),
    invert: Boolean(properties.invert) !== monochrome1,
    spatial: spatialFromCanvas(map),
    displayedArea: displayedAreaForView({ columns, rows, map, canvas: { width: vp.element.clientWidth, height: vp.element.clientHeight } }),
  };
}

export interface CapturedState {
  images: CapturedImage[];
  annotations: CapturedAnnotation[];
  /** The studies the captured images belong to. */
  studies: string[];
}

/** Everything a presentation state needs from the viewer: the reader's annotations and each viewport's image and view. */
export function captureViewerState(): CapturedState {
  const images: CapturedImage[] = [];
  const studies = new Set<string>();
  const studyOf = (imageId: string) => {
    const uid = imageDescriptor(imageId)?.studyInstanceUID;
    if (uid) studies.add(uid);
  };
  for (const vp of stackViewports()) {
    const imageId = vp.getCurrentImageId();
    const ref = imageId ? parseWadorsImageId(imageId) : undefined;
    const dataset = imageId ? imageDataset(imageId) : undefined;
    const descriptor = imageId ? imageDescriptor(imageId) : undefined;
    if (!imageId || !ref || !dataset || !descriptor || !vp.getCornerstoneImage()) continue;
    images.push({ dataset, frameNumber: ref.frameNumber, view: viewOf(vp, imageId, descriptor) });
    studyOf(imageId);
  }
  const annotations: CapturedAnnotation[] = [];
  for (const a of readerAnnotations()) {
    const imageId = a.metadata?.referencedImageId;
    const dataset = imageId ? imageDataset(imageId) : undefined;
    const captured = dataset ? captureAnnotation(a) : undefined;
    if (!captured || !dataset || !imageId) continue;
    annotations.push(captured);
    images.push({ dataset, frameNumber: captured.frameNumber });
    studyOf(imageId);
  }
  return { images, annotations, studies: [...studies] };
}
