import { cache, utilities, type StackViewport, type Types } from '@cornerstonejs/core';
import { modalityUnit, modalityValue, pixelIndexAt, type PixelSample } from '../../imaging/pixel-value.ts';
import { imageDescriptor } from '../loading/image-metadata.ts';
import { isPreviewImageId } from '../loading/lossy-preview.ts';
import { storedColourSamples } from '../loading/stored-instance-frames.ts';

/** The modality value (or RGB) of one pixel of a cached image. */
export function pixelOfImage(imageId: string, column: number, row: number): PixelSample | undefined {
  // A preview holds display values, not the image's.
  if (isPreviewImageId(imageId)) return undefined;
  const image = cache.getImage(imageId);
  if (!image || !pixelIndexAt(column, row, image.columns, image.rows)) return undefined;
  const data = image.getPixelData();
  const offset = row * image.columns + column;
  if (image.color) {
    // High-bit colour is displayed scaled to 8 bits: the readout gives the stored samples.
    const stored = storedColourSamples(image);
    if (stored) {
      const i = offset * 3;
      return { column, row, kind: 'rgb', r: stored[i]!, g: stored[i + 1]!, b: stored[i + 2]! };
    }
    const components = Math.round(data.length / (image.rows * image.columns));
    const i = offset * components;
    return { column, row, kind: 'rgb', r: data[i]!, g: data[i + 1]!, b: data[i + 2]! };
  }
  const value = modalityValue(data[offset]!, { slope: image.slope, intercept: image.intercept, alreadyScaled: image.preScale?.scaled === true });
  return { column, row, kind: 'grey', value, unit: modalityUnit(imageDescriptor(imageId)?.modality) };
}

/** The pixel under a point of the viewport's element (CSS pixels from its top-left corner). */
export function samplePixel(vp: StackViewport, canvasPoint: Types.Point2): PixelSample | undefined {
  const image = vp.getCornerstoneImage();
  const imageId = vp.getCurrentImageId();
  if (!image || !imageId || !cache.isLoaded(imageId)) return undefined;
  const world = vp.canvasToWorld(canvasPoint);
  const [x, y] = utilities.worldToImageCoords(imageId, world) as [number, number];
  const at = pixelIndexAt(x, y, image.columns, image.rows);
  return at ? pixelOfImage(imageId, at.column, at.row) : undefined;
}

/** The pixel of a cached image that contains a world (patient, mm) point. */
export function pixelAtWorld(imageId: string, world: Types.Point3): PixelSample | undefined {
  const image = cache.getImage(imageId);
  if (!image) return undefined;
  const [x, y] = utilities.worldToImageCoords(imageId, world) as [number, number];
  const at = pixelIndexAt(x, y, image.columns, image.rows);
  return at ? pixelOfImage(imageId, at.column, at.row) : undefined;
}
