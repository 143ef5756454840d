import type { KeyObjectSelection } from '../dicomweb/key-objects.ts';
import type { StackImage } from './series-stack.ts';

/**
 * A key-image set shown as a stack: the images a KOS selects, in the document's order, taken from their
 * series' stacks. The viewer addresses the set as a series with a synthetic UID (KEY_IMAGE_SET_PREFIX and
 * the KOS instance UID), so layouts, drag and drop and the series panel treat it like any series.
 */

export const KEY_IMAGE_SET_PREFIX = 'key-images:';

export function keyImageSetSeriesUID(kosSopInstanceUID: string): string {
  return `${KEY_IMAGE_SET_PREFIX}${kosSopInstanceUID}`;
}

/** The KOS instance UID of a key-image set's synthetic series UID, or undefined for a real series. */
export function keyImageSetOf(seriesInstanceUID: string | undefined): string | undefined {
  return seriesInstanceUID?.startsWith(KEY_IMAGE_SET_PREFIX) ? seriesInstanceUID.slice(KEY_IMAGE_SET_PREFIX.length) : undefined;
}

/** The series a set needs the stacks of (images whose series the document does not name cannot be shown). */
export function keyImageSeries(set: Pick<KeyObjectSelection, 'images'>, studyInstanceUID: string): string[] {
  const uids = set.images
    .filter((i) => i.studyInstanceUID === undefined || i.studyInstanceUID === studyInstanceUID)
    .map((i) => i.seriesInstanceUID)
    .filter((uid): uid is string => uid !== undefined);
  return [...new Set(uids)];
}

/** The selected frames (every frame of an instance selected whole), in the document's order, each once. */
export function selectKeyImages(set: Pick<KeyObjectSelection, 'images'>, stacks: ReadonlyMap<string, readonly StackImage[]>): StackImage[] {
  const chosen: StackImage[] = [];
  const seen = new Set<string>();
  for (const ref of set.images) {
    const stack = ref.seriesInstanceUID ? stacks.get(ref.seriesInstanceUID) : undefined;
    for (const image of stack ?? []) {
      if (image.descriptor.sopInstanceUID !== ref.sopInstanceUID) continue;
      if (ref.frameNumbers && !ref.frameNumbers.includes(image.frameNumber)) continue;
      if (seen.has(image.imageId)) continue;
      seen.add(image.imageId);
      chosen.push(image);
    }
  }
  return chosen;
}
