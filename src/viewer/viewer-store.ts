import { create } from 'zustand';
import { viewportCount, type LayoutId } from '../imaging/layout.ts';

/** A series as the viewer addresses it. */
export interface SeriesRef {
  studyInstanceUID: string;
  seriesInstanceUID: string;
}

/** Viewport slots, in reading order; a layout shows the first `viewportCount(layout)` of them. */
export const VIEWPORT_IDS = ['viewport-1', 'viewport-2', 'viewport-3', 'viewport-4'] as const;

/** The hanging protocol the viewer was hung by (its name, whose it is) and why viewports stayed empty. */
export interface HungBy {
  protocolId: string;
  name: string;
  owner: 'personal' | 'shipped';
  /** Viewport id → why the protocol could not fill it ("no series matching MR flair"). */
  unmet: Record<string, string>;
}

export interface HangOptions {
  /** The window preset (by name) each viewport starts with, in viewport order. */
  presets?: readonly (string | undefined)[];
  hungBy?: HungBy;
}

/** Client state of the viewer page shared by the viewports, the toolbar and keyboard handling. */
interface ViewerState {
  /** The viewport that tools, presets and keyboard navigation act on (also the Cornerstone viewport id). */
  activeViewportId: string | undefined;
  layout: LayoutId;
  /** Which series each viewport slot shows; kept when a layout hides the slot. */
  assignments: Record<string, SeriesRef | undefined>;
  /** The viewport shown over the whole grid, if any. */
  maximisedViewportId: string | undefined;
  /** Window presets (by name) viewports start with, set by a hanging protocol; dropped once applied or when the slot gets another series. */
  initialPresets: Record<string, string | undefined>;
  hungBy: HungBy | undefined;
  setActiveViewport: (viewportId: string | undefined) => void;
  setLayout: (layout: LayoutId) => void;
  assignSeries: (viewportId: string, series: SeriesRef) => void;
  /** Shows `series` in the active viewport (the first one when none is active). */
  showInActiveViewport: (series: SeriesRef) => void;
  toggleMaximised: (viewportId: string) => void;
  /** Initial hanging: one series per slot, viewport 1 active. */
  hang: (series: readonly (SeriesRef | undefined)[], layout: LayoutId, options?: HangOptions) => void;
  /** The viewport's initial preset has been applied (or cannot be). */
  clearInitialPreset: (viewportId: string) => void;
}

export function visibleViewportIds(layout: LayoutId): string[] {
  return VIEWPORT_IDS.slice(0, viewportCount(layout));
}

export const useViewerStore = create<ViewerState>((set) => ({
  activeViewportId: undefined,
  layout: '1x1',
  assignments: {},
  maximisedViewportId: undefined,
  initialPresets: {},
  hungBy: undefined,
  setActiveViewport: (activeViewportId) => set({ activeViewportId }),
  setLayout: (layout) =>
    set((s) => {
      const visible = visibleViewportIds(layout);
      return {
        layout,
        maximisedViewportId: undefined,
        activeViewportId: s.activeViewportId && visible.includes(s.activeViewportId) ? s.activeViewportId : visible[0],
      };
    }),
  assignSeries: (viewportId, series) =>
    set((s) => ({
      assignments: { ...s.assignments, [viewportId]: series },
      activeViewportId: viewportId,
      initialPresets: { ...s.initialPresets, [viewportId]: undefined },
    })),
  showInActiveViewport: (series) =>
    set((s) => {
      const target = s.activeViewportId ?? VIEWPORT_IDS[0];
      return { assignments: { ...s.assignments, [target]: series }, activeViewportId: target, initialPresets: { ...s.initialPresets, [target]: undefined } };
    }),
  toggleMaximised: (viewportId) =>
    set((s) => ({ maximisedViewportId: s.maximisedViewportId === viewportId ? undefined : viewportId, activeViewportId: viewportId })),
  hang: (series, layout, options = {}) =>
    set({
      layout,
      maximisedViewportId: undefined,
      activeViewportId: VIEWPORT_IDS[0],
      assignments: Object.fromEntries(VIEWPORT_IDS.map((id, i) => [id, series[i]])),
      initialPresets: Object.fromEntries(VIEWPORT_IDS.map((id, i) => [id, options.presets?.[i]])),
      hungBy: options.hungBy,
    }),
  clearInitialPreset: (viewportId) => set((s) => ({ initialPresets: { ...s.initialPresets, [viewportId]: undefined } })),
}));
