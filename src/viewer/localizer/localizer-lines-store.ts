import { create } from 'zustand';
import type { SlicePlane } from '../../imaging/localizer-line.ts';

/** The image on screen in one viewport (or one plane of its MPR), as a source of localizer lines on the others. */
export interface ShownPlane {
  plane: SlicePlane;
  /** A projection (scout, radiograph) is drawn on, never drawn from. */
  projection: boolean;
}

/** The source id of one plane of the MPR in viewport `viewportId`. */
export function mprPlaneSourceId(viewportId: string, plane: string): string {
  return `${viewportId}-${plane}`;
}

/** Whether lines from `sourceId` are the viewport's own: its image, or a plane of the MPR that covers it. */
export function isOwnSource(viewportId: string, sourceId: string): boolean {
  return sourceId === viewportId || sourceId.startsWith(`${viewportId}-`);
}

interface LocalizerLinesState {
  /** Whether lines are drawn (the toolbar's "Localizer lines"; on by default). */
  enabled: boolean;
  toggle: () => void;
  /**
   * Per viewport id (`<slot>-<plane>` for the planes of an MPR), the plane of the image it shows (absent while
   * it shows none or no usable geometry).
   */
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
