import { getNumber, getNumbers, getString, type DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { Tag } from '../dicomweb/tags.ts';
import { describeImage, type ImageDescriptor } from './image-descriptor.ts';
import { orderInstances } from './instance-order.ts';
import { wadorsImageId } from './wadors-image-id.ts';

export interface StackImage {
  imageId: string;
  /** The instance's WADO-RS metadata, registered with the image loader under imageId (and written into GSPS). */
  metadata: DicomJsonDataset;
  /** What the viewer reads of the image, typed (read once, here). */
  descriptor: ImageDescriptor;
  frameNumber: number;
}

/**
 * Turns a series' instance metadata into the ordered list of displayable frames:
 * one image per frame, instances ordered along the slice normal.
 */
export function buildSeriesStack(wadoRoot: string, studyInstanceUID: string, seriesInstanceUID: string, instances: readonly DicomJsonDataset[]): StackImage[] {
  const displayable = instances.filter((ds) => getNumber(ds, Tag.Rows) !== undefined && getString(ds, Tag.SOPInstanceUID));
  const ordered = orderInstances(
    displayable.map((ds) => ({
      ds,
      instanceNumber: getNumber(ds, Tag.InstanceNumber),
      imagePositionPatient: getNumbers(ds, Tag.ImagePositionPatient),
      imageOrientationPatient: getNumbers(ds, Tag.ImageOrientationPatient),
    })),
  );
  return ordered.flatMap(({ ds }) => {
    const sop = getString(ds, Tag.SOPInstanceUID)!;
    const frames = Math.max(1, getNumber(ds, Tag.NumberOfFrames) ?? 1);
    // Read once per instance: the frames of a multi-frame instance differ only in their number.
    const described = describeImage(ds);
    return Array.from({ length: frames }, (_, k) => ({
      imageId: wadorsImageId(wadoRoot, studyInstanceUID, seriesInstanceUID, sop, k + 1),
      metadata: ds,
      descriptor: k === 0 ? described : { ...described, frameNumber: k + 1 },
      frameNumber: k + 1,
    }));
  });
}
