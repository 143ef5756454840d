import { create } from 'zustand';
import { firstReferencedFrame } from '../../gsps/applies-to.ts';
import type { GspsContent } from '../../gsps/types.ts';
import { useViewerStore, visibleViewportIds } from '../viewer-store.ts';

/** The presentation state applied to one viewport. */
export interface ChosenPresentation {
  content: GspsContent;
  viewportId: string;
  /** Changes on every choice, so choosing the same state again re-applies it. */
  choice: number;
  /** Chosen for the image on screen of a key-image set: the viewport stays on that image. */
  forKeyImage?: boolean;
}

interface PresentationStore {
  chosen: ChosenPresentation | undefined;
  choose: (content: GspsContent) => void;
  /** Applies a state to the image a key-image set shows in `viewportId` (no navigation, no re-hanging). */
  chooseForKeyImage: (viewportId: string, content: GspsContent) => void;
  clear: () => void;
}

let choices = 0;

/**
 * The viewport for a state: the active one if it shows the referenced series, else a visible one that
 * does, else the active one, which is then given the series.
 */
function viewportFor(content: GspsContent): string | undefined {
  const first = firstReferencedFrame(content);
  if (!first) return undefined;
  const viewer = useViewerStore.getState();
  const visible = visibleViewportIds(viewer.layout);
  const shows = (id: string) => viewer.assignments[id]?.seriesInstanceUID === first.seriesInstanceUID;
  const active = viewer.activeViewportId && visible.includes(viewer.activeViewportId) ? viewer.activeViewportId : visible[0];
  const showing = active && shows(active) ? active : visible.find(shows);
  if (showing) return showing;
  if (!active) return undefined;
  viewer.assignSeries(active, { studyInstanceUID: content.studyInstanceUID, seriesInstanceUID: first.seriesInstanceUID });
  return active;
}

export const usePresentationStore = create<PresentationStore>((set) => ({
  chosen: undefined,
  choose: (content) => {
    const viewportId = viewportFor(content);
    set({ chosen: viewportId ? { content, viewportId, choice: ++choices } : undefined });
  },
  chooseForKeyImage: (viewportId, content) => set({ chosen: { content, viewportId, choice: ++choices, forKeyImage: true } }),
  clear: () => set({ chosen: undefined }),
}));
