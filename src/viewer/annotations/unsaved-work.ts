/** What a reader would lose by leaving a study: annotations and key-image marks not in the archive yet. */
export interface UnsavedWork {
  annotations: number;
  keyImages: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function hasUnsavedWork(work: UnsavedWork): boolean {
  return work.annotations > 0 || work.keyImages > 0;
}

/** "1 annotation is", "2 key-image marks are", "1 annotation and 2 key-image marks are". */
export function unsavedWorkSentence(work: UnsavedWork): string {
  const parts = [
    ...(work.annotations > 0 ? [plural(work.annotations, 'annotation', 'annotations')] : []),
    ...(work.keyImages > 0 ? [plural(work.keyImages, 'key-image mark', 'key-image marks')] : []),
  ];
  const single = parts.length === 1 && (work.annotations === 1 || work.keyImages === 1);
  return `${parts.join(' and ')} ${single ? 'is' : 'are'}`;
}

/** What the discard button names: "annotations", "key-image marks" or both. */
export function unsavedWorkKinds(work: UnsavedWork): string {
  const kinds = [...(work.annotations > 0 ? ['annotations'] : []), ...(work.keyImages > 0 ? ['key-image marks'] : [])];
  return kinds.join(' and ');
}
