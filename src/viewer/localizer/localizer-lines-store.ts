import { create } from 'zustand';
import type { ImagePlane } from '../../imaging/localizer-line.ts';

/** The image on screen in one viewport, as a source of localizer lines on the others. */
export interface ShownPlane {
  plane: ImagePlane;
  /** A projection (scout, radiograph) is drawn on, never drawn from. */
  projection: boolean;
}

interface LocalizerLinesState {
  /** Whether lines are drawn (the toolbar's "Localizer lines"; on by default). */
  enabled: boolean;
  toggle: () => void;
  /** Per viewport id, the plane of the image it shows (absent while it shows none or no usable geometry). */
  planes: Readonly<Record<string, ShownPlane | undefined>>;
  setPlane: (viewportId: string, shown: ShownPlane | undefined) => void;
}

export const useLocalizerLines = create<LocalizerLinesState>((set) => ({
  enabled: true,
  toggle: () => set((s) => ({ enabled: !s.enabled })),
  planes: {},
  setPlane: (viewportId, shown) =>
    set((s) => {
      if (s.planes[viewportId] === shown) return s;
      const planes = { ...s.planes };
      if (shown) planes[viewportId] = shown;
      else delete planes[viewportId];
      return { planes };
    }),
}));
