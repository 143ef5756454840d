import { create } from 'zustand';

export type SyncKind = 'scroll' | 'voi' | 'zoomPan';

/** How the pair's slice offset was found. */
export type Alignment = 'frame-of-reference' | 'first-images' | 'reader';

/** Synchronisation of the comparison pair (current ↔ prior); every kind on by default. */
interface SyncState {
  scroll: boolean;
  voi: boolean;
  zoomPan: boolean;
  /** The pair the offset belongs to ("<current series>|<prior series>"). */
  pairKey: string | undefined;
  /** Current position minus prior position along the slice normal (mm). */
  offsetMm: number | undefined;
  alignment: Alignment | undefined;
  toggle: (kind: SyncKind) => void;
  setAlignment: (pairKey: string, offsetMm: number, alignment: Alignment) => void;
}

export const useSyncStore = create<SyncState>((set) => ({
  scroll: true,
  voi: true,
  zoomPan: true,
  pairKey: undefined,
  offsetMm: undefined,
  alignment: undefined,
  toggle: (kind) => set((s) => ({ [kind]: !s[kind] })),
  setAlignment: (pairKey, offsetMm, alignment) => set({ pairKey, offsetMm, alignment }),
}));
