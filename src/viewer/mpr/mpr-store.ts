import { create } from 'zustand';

export type SlabMode = 'none' | 'mip' | 'minip' | 'average';

/** Which viewports show their series as MPR, and the slab shown there. */
interface MprState {
  /** Viewport (slot) id → the series it shows as MPR; the stack returns when the slot gets another series. */
  bySlot: Record<string, string | undefined>;
  slab: { mode: SlabMode; thicknessMm: number };
  /** Whether the crosshairs are on the left button in MPR (choosing a tool in the toolbar takes them off). */
  crosshairs: boolean;
  toggle: (viewportId: string, seriesInstanceUID: string) => void;
  setSlab: (slab: Partial<MprState['slab']>) => void;
  setCrosshairs: (on: boolean) => void;
}

export const DEFAULT_SLAB_MM = 10;

export const useMprStore = create<MprState>((set) => ({
  bySlot: {},
  slab: { mode: 'none', thicknessMm: DEFAULT_SLAB_MM },
  crosshairs: true,
  toggle: (viewportId, seriesInstanceUID) =>
    set((s) => ({
      bySlot: { ...s.bySlot, [viewportId]: s.bySlot[viewportId] === seriesInstanceUID ? undefined : seriesInstanceUID },
      crosshairs: true,
    })),
  setSlab: (slab) => set((s) => ({ slab: { ...s.slab, ...slab } })),
  setCrosshairs: (crosshairs) => set({ crosshairs }),
}));

/** Whether viewport `viewportId` shows `seriesInstanceUID` as MPR. */
export function isMpr(viewportId: string | undefined, seriesInstanceUID: string | undefined): boolean {
  return viewportId !== undefined && seriesInstanceUID !== undefined && useMprStore.getState().bySlot[viewportId] === seriesInstanceUID;
}
