import { wadors } from '@cornerstonejs/dicom-image-loader';
import type { DicomJsonDataset } from '../../dicomweb/dicom-json.ts';
import type { ImageDescriptor } from '../../imaging/image-descriptor.ts';
import type { StackImage } from '../../imaging/series-stack.ts';
import { loadingSession } from './loading-session.ts';

/*
 * The images the viewer has registered with the image loader, by image id: the loader gets the raw
 * dataset (its metaDataManager), the viewer reads the typed descriptor (kept in the loading session).
 * Both are registered here, together.
 */

/** Registers each image's metadata with the loader (`forLoader` may give it an amended copy) and its descriptor. */
export function registerImages(images: Iterable<StackImage>, forLoader: (image: StackImage) => DicomJsonDataset = (image) => image.metadata): void {
  for (const image of images) {
    wadors.metaDataManager.add(image.imageId, forLoader(image) as never);
    loadingSession().descriptors.set(image.imageId, image.descriptor);
  }
}

/** What the viewer knows of a registered image (undefined for previews and unregistered ids). */
export function imageDescriptor(imageId: string): ImageDescriptor | undefined {
  return loadingSession().descriptors.get(imageId);
}

/** The dataset the loader holds for an image: for what must pass the raw header on (GSPS writing). */
export function imageDataset(imageId: string): DicomJsonDataset | undefined {
  return wadors.metaDataManager.get(imageId) as unknown as DicomJsonDataset | undefined;
}
