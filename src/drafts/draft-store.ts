import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { draftKey, parseDraft, type AnnotationDraft } from './annotation-draft.ts';

/**
 * Unsaved annotations per reader and study, in this browser's IndexedDB: they survive a reload, a crash,
 * a failed save and an ended session, and are cleared when the save succeeds. Another user signed in on
 * the same browser never reads them.
 */
let store: UseStore | undefined;
const drafts = () => (store ??= createStore('readroom-drafts', 'annotation-drafts'));

export async function readDraft(owner: string, sourceName: string, studyInstanceUID: string): Promise<AnnotationDraft | undefined> {
  const draft = parseDraft(await get(draftKey(owner, sourceName, studyInstanceUID), drafts()));
  return draft?.owner === owner ? draft : undefined;
}

export async function writeDraft(draft: AnnotationDraft): Promise<void> {
  await set(draftKey(draft.owner, draft.sourceName, draft.studyInstanceUID), draft, drafts());
}

export async function deleteDraft(owner: string, sourceName: string, studyInstanceUID: string): Promise<void> {
  await del(draftKey(owner, sourceName, studyInstanceUID), drafts());
}
