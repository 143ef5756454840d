import { getNumber } from '../../dicomweb/dicom-json.ts';
import { Tag } from '../../dicomweb/tags.ts';
import { wadorsImageId } from '../../imaging/wadors-image-id.ts';
import type { ImageReference } from '../../reports/report-contract.ts';
import { imageDataset, imageDescriptor } from '../loading/image-metadata.ts';

/** A marked image as the reviewer knows it ("Series 2 Chest, image 14"), from its metadata when the viewer has it. */
export function keyImageLabel(wadoRoot: string, studyInstanceUID: string, image: ImageReference): string {
  const imageId = wadorsImageId(wadoRoot, studyInstanceUID, image.seriesInstanceUid, image.sopInstanceUid, image.frameNumber ?? 1);
  const descriptor = imageDescriptor(imageId);
  const dataset = imageDataset(imageId);
  const instanceNumber = dataset ? getNumber(dataset, Tag.InstanceNumber) : undefined;
  const frame = image.frameNumber ? `, frame ${image.frameNumber}` : '';
  if (!descriptor) return `Instance …${image.sopInstanceUid.slice(-12)}${frame}`;
  const series = [descriptor.seriesNumber !== undefined ? `Series ${descriptor.seriesNumber}` : 'Series', descriptor.seriesDescription]
    .filter(Boolean)
    .join(' ');
  return `${series}, image ${instanceNumber ?? '?'}${frame}`;
}
