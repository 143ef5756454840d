import { useEffect } from 'react';
import { useUserPresets } from '../tools/user-presets.ts';
import { useViewerStore } from '../viewer-store.ts';
import { applyWindow, presetsForViewport } from './viewport-actions.ts';

/**
 * Applies the window preset a hanging protocol gave this viewport, once its image shows at full quality
 * (a lossy preview's window is in display values, and the image's own window is read from the image). A
 * preset this image does not offer (e.g. "Lung" on an MR) is dropped: the image keeps its own window.
 */
export function useInitialPreset(viewportId: string, imageShown: boolean): void {
  const preset = useViewerStore((s) => s.initialPresets[viewportId]);
  const user = useUserPresets((s) => s.presets);
  useEffect(() => {
    if (!preset || !imageShown) return;
    // The preset of that name in the menu; else a window of the image's header called the same ("LUNG").
    const presets = presetsForViewport(viewportId, user).presets;
    const offered = presets.find((p) => p.name === preset) ?? presets.find((p) => p.name.toLowerCase() === preset.toLowerCase());
    if (offered) applyWindow(viewportId, offered.width, offered.center);
    useViewerStore.getState().clearInitialPreset(viewportId);
  }, [viewportId, preset, imageShown, user]);
}
