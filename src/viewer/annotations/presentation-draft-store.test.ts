import { beforeEach, describe, expect, it } from 'vitest';
import { usePresentationDraftStore } from './presentation-draft-store.ts';

describe('unsaved studies', () => {
  beforeEach(() => usePresentationDraftStore.getState().reset());

  it('a save clears the studies it stored', () => {
    const store = usePresentationDraftStore.getState();
    store.markChanged('1.2.3');
    store.markChanged('4.5.6');
    store.setRestoredNotice('Restored 2 unsaved annotations from 09:05');
    const seen = usePresentationDraftStore.getState().changes;
    expect(usePresentationDraftStore.getState().markSaved(['1.2.3'], seen)).toBe(true);
    expect([...usePresentationDraftStore.getState().unsaved]).toEqual(['4.5.6']);
    expect(usePresentationDraftStore.getState().restoredNotice).toBeUndefined();
  });

  it('a change made while saving stays unsaved', () => {
    const store = usePresentationDraftStore.getState();
    store.markChanged('1.2.3');
    const seen = usePresentationDraftStore.getState().changes;
    store.markChanged('1.2.3');
    expect(usePresentationDraftStore.getState().markSaved(['1.2.3'], seen)).toBe(false);
    expect([...usePresentationDraftStore.getState().unsaved]).toEqual(['1.2.3']);
  });
});
