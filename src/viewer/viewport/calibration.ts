import { Enums, metaData } from '@cornerstonejs/core';
import { imageDescriptor } from '../loading/image-metadata.ts';

/**
 * Projection radiographs often carry only Imager Pixel Spacing, which Cornerstone's WADO-RS
 * metadata ignores (lengths would read "px"). This provider calibrates such images to it with
 * Cornerstone's PROJECTION type, so measurements read "mm Proj": millimetres at the detector,
 * labelled as such. Images with Pixel Spacing, or neither, are left alone.
 */
export function registerImagerSpacingCalibration(): void {
  metaData.addProvider((type: string, imageId: string) => {
    if (type !== 'calibratedPixelSpacing') return undefined;
    const spacing = imageDescriptor(imageId)?.spacing;
    if (spacing?.kind !== 'imager') return undefined;
    // Cornerstone divides image-pixel lengths by `scale` (pixels per mm).
    return { type: Enums.CalibrationTypes.PROJECTION, scale: 1 / spacing.columnMm! };
  }, 1000);
}
