import { create } from 'zustand';

/** Client state of the viewer page shared by the viewports, the toolbar and keyboard handling. */
interface ViewerState {
  /** The viewport that tools, presets and keyboard navigation act on. */
  activeViewportId: string | undefined;
  setActiveViewport: (viewportId: string | undefined) => void;
}

export const useViewerStore = create<ViewerState>((set) => ({
  activeViewportId: undefined,
  setActiveViewport: (activeViewportId) => set({ activeViewportId }),
}));
