import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { z } from 'zod';
import { draftContentSchema, type DraftContent } from './report-contract.ts';

/**
 * A copy of the report being written, per reader and study, in this browser's IndexedDB: written at
 * every change, before the server has it, so a crash, a lost connection or an ended session loses
 * nothing; `baseRevision` is the server revision it was written over (to push it afterwards without
 * overwriting a newer draft saved elsewhere). Removed when the server has the same text.
 */

const localDraftSchema = z.object({
  version: z.literal(1),
  owner: z.string().min(1),
  sourceName: z.string().min(1),
  studyInstanceUID: z.string().min(1),
  baseRevision: z.number().int().min(0),
  content: draftContentSchema,
  updatedAt: z.number(),
});
export type LocalReportDraft = z.infer<typeof localDraftSchema>;

let store: UseStore | undefined;
const drafts = () => (store ??= createStore('readroom-report-drafts', 'report-drafts'));
const keyOf = (owner: string, sourceName: string, study: string) => `${owner}|${sourceName}|${study}`;

export function parseLocalDraft(value: unknown): LocalReportDraft | undefined {
  const parsed = localDraftSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export async function readLocalReportDraft(owner: string, sourceName: string, study: string): Promise<LocalReportDraft | undefined> {
  const draft = parseLocalDraft(await get(keyOf(owner, sourceName, study), drafts()));
  return draft?.owner === owner ? draft : undefined;
}

export async function writeLocalReportDraft(owner: string, sourceName: string, study: string, baseRevision: number, content: DraftContent): Promise<void> {
  const draft: LocalReportDraft = { version: 1, owner, sourceName, studyInstanceUID: study, baseRevision, content, updatedAt: Date.now() };
  await set(keyOf(owner, sourceName, study), draft, drafts());
}

export async function deleteLocalReportDraft(owner: string, sourceName: string, study: string): Promise<void> {
  await del(keyOf(owner, sourceName, study), drafts());
}
