import { Tag } from '../../dicomweb/tags.ts';
import type { StackImage } from '../../imaging/series-stack.ts';
import { registerImages } from './image-metadata.ts';
import { loaderMetadata } from './palette-registration.ts';

/**
 * Cornerstone's WADO-RS metadata provider calls `modality.includes(…)` and throws (a blank viewport,
 * no error) when an instance has no Modality value, as some secondary captures do. It gets an empty
 * one instead; what the reader sees comes from the untouched metadata.
 */
function forCornerstone(metadata: StackImage['metadata']): StackImage['metadata'] {
  const modality = metadata[Tag.Modality]?.Value?.[0];
  return typeof modality === 'string' ? metadata : { ...metadata, [Tag.Modality]: { vr: 'CS', Value: [''] } };
}

/**
 * Gives the loader what it needs to decode a series' images (their headers, palettes fetched where the
 * header only points at them). The stack viewport and the MPR volume each call it before loading, so
 * neither depends on the other having started. Registering twice is harmless.
 */
export async function registerStack(images: readonly StackImage[], stillWanted: () => boolean = () => true): Promise<boolean> {
  const forLoader = await loaderMetadata(images);
  if (!stillWanted()) return false;
  registerImages(images, (image) => forCornerstone(forLoader.get(image.metadata) ?? image.metadata));
  return true;
}
