import { create } from 'zustand';

/** Which studies have annotation changes that are not in the archive yet (restored drafts count). */
interface DraftState {
  unsaved: ReadonlySet<string>;
  /** Grows with every change, so a save only clears what it saw. */
  changes: number;
  /** "Restored 3 unsaved annotations from 14:05", until the reader saves or leaves. */
  restoredNotice: string | undefined;
  markChanged: (studyInstanceUID: string) => void;
  /** After a successful save: clears the studies unless something changed while saving. Returns whether it did. */
  markSaved: (studyInstanceUIDs: readonly string[], changesSeen: number) => boolean;
  setRestoredNotice: (notice: string | undefined) => void;
  reset: () => void;
}

export const usePresentationDraftStore = create<DraftState>((set, get) => ({
  unsaved: new Set(),
  changes: 0,
  restoredNotice: undefined,
  markChanged: (study) => set((s) => ({ unsaved: new Set([...s.unsaved, study]), changes: s.changes + 1 })),
  markSaved: (studies, changesSeen) => {
    if (get().changes !== changesSeen) return false;
    set((s) => ({ unsaved: new Set([...s.unsaved].filter((u) => !studies.includes(u))), restoredNotice: undefined }));
    return true;
  },
  setRestoredNotice: (restoredNotice) => set({ restoredNotice }),
  reset: () => set({ unsaved: new Set(), restoredNotice: undefined }),
}));
