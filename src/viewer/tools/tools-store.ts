import { create } from 'zustand';
import { setPrimaryTool, type PrimaryTool } from './tool-group.ts';

interface ToolsState {
  /** The tool on the left mouse button of every viewport (a new viewport's tool group starts with it). */
  activeTool: PrimaryTool;
  chooseTool: (tool: PrimaryTool) => void;
}

export const useToolsStore = create<ToolsState>((set) => ({
  activeTool: 'windowLevel',
  chooseTool: (tool) => {
    setPrimaryTool(tool);
    set({ activeTool: tool });
  },
}));
