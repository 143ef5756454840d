import { describe, expect, it } from 'vitest';
import { MAX_KEY_IMAGES } from './peer-review-contract.ts';
import { clearReviewDraft, EMPTY_REVIEW_DRAFT, isKeyImage, loadReviewDraft, saveReviewDraft, toggleKeyImage } from './review-draft.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

const image = (sop: string, frameNumber?: number) => ({
  seriesInstanceUid: '1.2.3.4',
  sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
  sopInstanceUid: sop,
  ...(frameNumber ? { frameNumber } : {}),
});

describe('review-draft', () => {
  it('keeps the form per user and case until cleared', () => {
    const storage = memoryStorage();
    const draft = { ...EMPTY_REVIEW_DRAFT, score: '3b' as const, comment: 'Missed nodule', keyImages: [image('1.1')] };
    saveReviewDraft(storage, 'qa', 'c1', draft);
    expect(loadReviewDraft(storage, 'qa', 'c1')).toEqual(draft);
    expect(loadReviewDraft(storage, 'qa', 'c2')).toEqual(EMPTY_REVIEW_DRAFT);
    expect(loadReviewDraft(storage, 'radiologist', 'c1')).toEqual(EMPTY_REVIEW_DRAFT);
    clearReviewDraft(storage, 'qa', 'c1');
    expect(loadReviewDraft(storage, 'qa', 'c1')).toEqual(EMPTY_REVIEW_DRAFT);
  });

  it('starts empty from a damaged or missing storage', () => {
    const storage = memoryStorage();
    storage.setItem('readroom.peer-review.draft.qa.c1', '{"score":"9z"}');
    expect(loadReviewDraft(storage, 'qa', 'c1')).toEqual(EMPTY_REVIEW_DRAFT);
    storage.setItem('readroom.peer-review.draft.qa.c1', 'not json');
    expect(loadReviewDraft(storage, 'qa', 'c1')).toEqual(EMPTY_REVIEW_DRAFT);
    expect(loadReviewDraft(undefined, 'qa', 'c1')).toEqual(EMPTY_REVIEW_DRAFT);
  });

  it('marks and unmarks an image by instance and frame, up to the limit', () => {
    let draft = toggleKeyImage(EMPTY_REVIEW_DRAFT, image('1.1', 2));
    draft = toggleKeyImage(draft, image('1.1', 3));
    expect(draft.keyImages).toHaveLength(2);
    expect(isKeyImage(draft, image('1.1', 2))).toBe(true);
    draft = toggleKeyImage(draft, image('1.1', 2));
    expect(draft.keyImages).toEqual([image('1.1', 3)]);
    expect(isKeyImage(toggleKeyImage(EMPTY_REVIEW_DRAFT, image('2.2')), image('2.2', 1))).toBe(true);
    let full = EMPTY_REVIEW_DRAFT;
    for (let i = 0; i < MAX_KEY_IMAGES + 3; i++) full = toggleKeyImage(full, image(`3.${i}`));
    expect(full.keyImages).toHaveLength(MAX_KEY_IMAGES);
  });
});
