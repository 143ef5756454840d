import { oneFingerAction } from '../../imaging/touch-gestures.ts';
import { RENDERING_ENGINE_ID, stackViewport } from '../viewport/engine.ts';
import { DRAWING_TOOLS, setPointerPrimaryTool, type PrimaryTool } from './tool-group.ts';
import { useToolsStore } from './tools-store.ts';

/** The tool one pointer of this kind drives on the viewport: the chosen tool for a mouse or pen, the touch rule for a finger. */
export function toolForPointer(viewportId: string, pointerType: string): PrimaryTool {
  const { activeTool, touchMode } = useToolsStore.getState();
  if (pointerType !== 'touch') return activeTool;
  const imageCount = stackViewport(viewportId)?.getImageIds().length ?? 0;
  const action = oneFingerAction({ touchMode, drawingToolChosen: DRAWING_TOOLS.has(activeTool), imageCount });
  return action === 'chosenTool' ? activeTool : action;
}

/** Called on every pointerdown over a viewport, before Cornerstone sees the touch or the button. */
export function preparePointer(viewportId: string, pointerType: string): void {
  setPointerPrimaryTool(viewportId, RENDERING_ENGINE_ID, toolForPointer(viewportId, pointerType));
}
