import { create } from 'zustand';
import { parseWadorsImageId, type WadorsImageRef } from '../../imaging/wadors-image-id.ts';
import { usePresentationDraftStore } from '../annotations/presentation-draft-store.ts';

/** An image (frame) the reader marked as of interest: saved as a key object selection "Of Interest". */
export interface KeyImageMark extends Omit<WadorsImageRef, 'wadoRoot'> {
  imageId: string;
}

interface KeyImageMarksState {
  /** In the order they were marked (the document lists them so). */
  marks: readonly KeyImageMark[];
  /** Marks or unmarks a WADO-RS frame; returns whether it is marked now (undefined: not an image that can be marked). */
  toggle: (imageId: string) => boolean | undefined;
  /** Brings back the marks of a draft (no change to the reader's work). */
  restore: (imageIds: readonly string[]) => void;
  /** Forgets the marks of closed studies. */
  forgetStudies: (studyInstanceUIDs: ReadonlySet<string>) => void;
}

export function markOf(imageId: string): KeyImageMark | undefined {
  const ref = parseWadorsImageId(imageId);
  if (!ref) return undefined;
  const { studyInstanceUID, seriesInstanceUID, sopInstanceUID, frameNumber } = ref;
  return { studyInstanceUID, seriesInstanceUID, sopInstanceUID, frameNumber, imageId };
}

/**
 * The reader's key-image marks, next to the annotation drafts: a change marks the study unsaved, so
 * usePresentationDrafts keeps it in the reader's draft and "Save annotations" stores it.
 */
export const useKeyImageMarks = create<KeyImageMarksState>((set, get) => ({
  marks: [],
  toggle: (imageId) => {
    const mark = markOf(imageId);
    if (!mark) return undefined;
    const marked = get().marks.some((m) => m.imageId === imageId);
    set((s) => ({ marks: marked ? s.marks.filter((m) => m.imageId !== imageId) : [...s.marks, mark] }));
    usePresentationDraftStore.getState().markChanged(mark.studyInstanceUID);
    return !marked;
  },
  restore: (imageIds) => {
    const known = new Set(get().marks.map((m) => m.imageId));
    const added = imageIds.flatMap((id) => {
      const mark = known.has(id) ? undefined : markOf(id);
      if (mark) known.add(id);
      return mark ? [mark] : [];
    });
    if (added.length > 0) set((s) => ({ marks: [...s.marks, ...added] }));
  },
  forgetStudies: (studies) => set((s) => ({ marks: s.marks.filter((m) => !studies.has(m.studyInstanceUID)) })),
}));

/** Whether the image is marked (a hook: re-renders when the marks change). */
export function useIsKeyImage(imageId: string | undefined): boolean {
  return useKeyImageMarks((s) => imageId !== undefined && s.marks.some((m) => m.imageId === imageId));
}

export function marksOfStudy(studyInstanceUID: string): KeyImageMark[] {
  return useKeyImageMarks.getState().marks.filter((m) => m.studyInstanceUID === studyInstanceUID);
}
