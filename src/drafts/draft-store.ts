import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { draftKey, parseDraft, type AnnotationDraft } from './annotation-draft.ts';

/**
 * Unsaved annotations per study, in this browser's IndexedDB: they survive a reload, a crash and a
 * failed save, and are cleared when the save succeeds.
 */
let store: UseStore | undefined;
const drafts = () => (store ??= createStore('readroom-drafts', 'annotation-drafts'));

export async function readDraft(sourceName: string, studyInstanceUID: string): Promise<AnnotationDraft | undefined> {
  return parseDraft(await get(draftKey(sourceName, studyInstanceUID), drafts()));
}

export async function writeDraft(draft: AnnotationDraft): Promise<void> {
  await set(draftKey(draft.sourceName, draft.studyInstanceUID), draft, drafts());
}

export async function deleteDraft(sourceName: string, studyInstanceUID: string): Promise<void> {
  await del(draftKey(sourceName, studyInstanceUID), drafts());
}
