import { describe, expect, it } from 'vitest';
import { hasUnsavedWork, unsavedWorkKinds, unsavedWorkSentence } from './unsaved-work.ts';

describe('unsaved work', () => {
  it('counts annotations and key-image marks alike', () => {
    expect(hasUnsavedWork({ annotations: 0, keyImages: 0 })).toBe(false);
    expect(hasUnsavedWork({ annotations: 0, keyImages: 1 })).toBe(true);
    expect(hasUnsavedWork({ annotations: 2, keyImages: 0 })).toBe(true);
  });

  it('says what is not saved, in agreement with the count', () => {
    expect(unsavedWorkSentence({ annotations: 1, keyImages: 0 })).toBe('1 annotation is');
    expect(unsavedWorkSentence({ annotations: 3, keyImages: 0 })).toBe('3 annotations are');
    expect(unsavedWorkSentence({ annotations: 0, keyImages: 1 })).toBe('1 key-image mark is');
    expect(unsavedWorkSentence({ annotations: 0, keyImages: 2 })).toBe('2 key-image marks are');
    expect(unsavedWorkSentence({ annotations: 1, keyImages: 1 })).toBe('1 annotation and 1 key-image mark are');
  });

  it('names the kinds the discard button throws away', () => {
    expect(unsavedWorkKinds({ annotations: 2, keyImages: 0 })).toBe('annotations');
    expect(unsavedWorkKinds({ annotations: 0, keyImages: 1 })).toBe('key-image marks');
    expect(unsavedWorkKinds({ annotations: 1, keyImages: 3 })).toBe('annotations and key-image marks');
  });
});
