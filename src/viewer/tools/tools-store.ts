import { create } from 'zustand';
import type { TouchMode } from '../../imaging/touch-gestures.ts';
import { setPrimaryTool, type PrimaryTool } from './tool-group.ts';

interface ToolsState {
  /** The tool on the left mouse button of every viewport (a new viewport's tool group starts with it). */
  activeTool: PrimaryTool;
  chooseTool: (tool: PrimaryTool) => void;
  /** What one finger does on a touch screen (src/imaging/touch-gestures.ts); the mouse is not affected. */
  touchMode: TouchMode;
  setTouchMode: (mode: TouchMode) => void;
}

export const useToolsStore = create<ToolsState>((set) => ({
  activeTool: 'windowLevel',
  chooseTool: (tool) => {
    setPrimaryTool(tool);
    set({ activeTool: tool });
  },
  touchMode: 'scroll',
  setTouchMode: (touchMode) => set({ touchMode }),
}));
