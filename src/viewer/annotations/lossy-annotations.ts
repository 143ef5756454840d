import { utilities } from '@cornerstonejs/core';
import { annotation as annotationApi, type Types as ToolTypes } from '@cornerstonejs/tools';
import { isLossyStored } from '../../imaging/image-quality.ts';
import { storedTransferSyntaxOf } from '../loading/frame-retrieval.ts';
import { imageDescriptor } from '../loading/image-metadata.ts';
import { isPreviewImageId } from '../loading/lossy-preview.ts';

/** Set on annotations drawn while a lossy preview was on screen; they keep the flag after the swap. */
const MEASURED_ON_PREVIEW = 'rrMeasuredOnLossyPreview';

type FlaggedData = ToolTypes.Annotation['data'] & { [MEASURED_ON_PREVIEW]?: boolean };

/** Annotations drawn on a preview belong to the image it stood for (same geometry): move and flag them. */
export function adoptPreviewAnnotations(previewId: string, imageId: string): void {
  for (const item of annotationApi.state.getAllAnnotations()) {
    const metadata = item.metadata as { referencedImageId?: string; referencedImageURI?: string } | undefined;
    if (!metadata || metadata.referencedImageId !== previewId) continue;
    metadata.referencedImageId = imageId;
    metadata.referencedImageURI = utilities.imageIdToURI(imageId);
    const data = item.data as FlaggedData & { cachedStats?: Record<string, unknown> };
    data[MEASURED_ON_PREVIEW] = true;
    // Values are measured again on the lossless image.
    if (data.cachedStats) delete data.cachedStats[`imageId:${previewId}`];
    item.invalidated = true;
  }
}

/** Whether a measurement's text must say it was made on a lossy image. */
function lossyNote(data: FlaggedData, target: string | string[]): string | undefined {
  if (data[MEASURED_ON_PREVIEW]) return 'Measured on lossy preview';
  // RectangleROI passes its target ids as a list.
  const targetId = (Array.isArray(target) ? target[0] : target) ?? '';
  const imageId = targetId.startsWith('imageId:') ? targetId.slice('imageId:'.length) : '';
  if (isPreviewImageId(imageId)) return 'LOSSY preview';
  const lossyImageCompression = imageDescriptor(imageId)?.lossyImageCompression;
  return isLossyStored({ transferSyntaxUID: storedTransferSyntaxOf(imageId), lossyImageCompression }) ? 'LOSSY image' : undefined;
}

type GetTextLines = (data: FlaggedData, targetId: string | string[]) => string[] | undefined;

/** A tool's text lines with the lossy note added when it applies. */
export function withLossyNote(getTextLines: GetTextLines): GetTextLines {
  return (data, targetId) => {
    const lines = getTextLines(data, targetId);
    const note = lossyNote(data, targetId);
    return note && lines ? [...lines, note] : lines;
  };
}
