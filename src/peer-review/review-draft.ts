import { z } from 'zod';
import { imageReferenceSchema, type ImageReference } from '../reports/report-contract.ts';
import { KOS_TITLES, MAX_KEY_IMAGES } from './peer-review-contract.ts';
import { ALL_SCORES, type Score } from './radpeer.ts';

/**
 * The review form of a case while it is being written, kept in the tab's sessionStorage by user and case
 * until it is submitted: a reload (or a crash of the tab's page) never loses a half-written comment.
 */

export interface ReviewDraft {
  score: Score | null;
  comment: string;
  keyImages: ImageReference[];
  kosTitle: (typeof KOS_TITLES)[number];
}

export const EMPTY_REVIEW_DRAFT: ReviewDraft = { score: null, comment: '', keyImages: [], kosTitle: 'for-peer-review' };

const draftSchema = z.object({
  score: z.enum(ALL_SCORES).nullable(),
  comment: z.string(),
  keyImages: z.array(imageReferenceSchema).max(MAX_KEY_IMAGES),
  kosTitle: z.enum(KOS_TITLES),
});

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function reviewDraftKey(username: string, caseId: string): string {
  return `readroom.peer-review.draft.${encodeURIComponent(username)}.${encodeURIComponent(caseId)}`;
}

export function loadReviewDraft(storage: DraftStorage | undefined, username: string, caseId: string): ReviewDraft {
  try {
    const raw = storage?.getItem(reviewDraftKey(username, caseId));
    if (!raw) return EMPTY_REVIEW_DRAFT;
    const parsed = draftSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : EMPTY_REVIEW_DRAFT;
  } catch {
    return EMPTY_REVIEW_DRAFT;
  }
}

export function saveReviewDraft(storage: DraftStorage | undefined, username: string, caseId: string, draft: ReviewDraft): void {
  try {
    storage?.setItem(reviewDraftKey(username, caseId), JSON.stringify(draft));
  } catch {
    // A full or blocked storage: the form still works, only a reload would lose it.
  }
}

export function clearReviewDraft(storage: DraftStorage | undefined, username: string, caseId: string): void {
  try {
    storage?.removeItem(reviewDraftKey(username, caseId));
  } catch {
    // Nothing to clear.
  }
}

const sameImage = (a: ImageReference, b: ImageReference) => a.sopInstanceUid === b.sopInstanceUid && (a.frameNumber ?? 1) === (b.frameNumber ?? 1);

export function isKeyImage(draft: Pick<ReviewDraft, 'keyImages'>, image: ImageReference): boolean {
  return draft.keyImages.some((k) => sameImage(k, image));
}

/** Marks the image, or unmarks it when it is marked already (at most MAX_KEY_IMAGES: further marks are refused). */
export function toggleKeyImage(draft: ReviewDraft, image: ImageReference): ReviewDraft {
  if (isKeyImage(draft, image)) return { ...draft, keyImages: draft.keyImages.filter((k) => !sameImage(k, image)) };
  if (draft.keyImages.length >= MAX_KEY_IMAGES) return draft;
  return { ...draft, keyImages: [...draft.keyImages, image] };
}
