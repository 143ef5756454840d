import { Enums, metaData } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { getNumbers, type DicomJsonDataset } from '../../dicomweb/dicom-json.ts';
import { Tag } from '../../dicomweb/tags.ts';
import { spacingOf } from '../../imaging/pixel-spacing.ts';

/**
 * Projection radiographs often carry only Imager Pixel Spacing, which Cornerstone's WADO-RS
 * metadata ignores (lengths would read "px"). This provider calibrates such images to it with
 * Cornerstone's PROJECTION type, so measurements read "mm Proj": millimetres at the detector,
 * labelled as such. Images with Pixel Spacing, or neither, are left alone.
 */
export function registerImagerSpacingCalibration(): void {
  metaData.addProvider((type: string, imageId: string) => {
    if (type !== 'calibratedPixelSpacing') return undefined;
    const ds = wadors.metaDataManager.get(imageId) as unknown as DicomJsonDataset | undefined;
    if (!ds) return undefined;
    const spacing = spacingOf({ pixelSpacing: getNumbers(ds, Tag.PixelSpacing), imagerPixelSpacing: getNumbers(ds, Tag.ImagerPixelSpacing) });
    if (spacing.kind !== 'imager') return undefined;
    // Cornerstone divides image-pixel lengths by `scale` (pixels per mm).
    return { type: Enums.CalibrationTypes.PROJECTION, scale: 1 / spacing.columnMm! };
  }, 1000);
}
