import { create } from 'zustand';
import { parseUserPresets, type UserPreset } from '../../imaging/window-presets.ts';

const STORAGE_KEY = 'readroom.userWindowPresets.v1';

function load(): UserPreset[] {
  try {
    return parseUserPresets(localStorage.getItem(STORAGE_KEY));
  } catch {
    return []; // storage disabled
  }
}

function save(presets: readonly UserPreset[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(presets));
  } catch {
    // Storage full or disabled: the presets last for this page only.
  }
}

interface UserPresetsState {
  presets: UserPreset[];
  add: (preset: UserPreset) => void;
  remove: (index: number) => void;
}

/** The reader's own window presets, kept in this browser (localStorage). */
export const useUserPresets = create<UserPresetsState>((set, get) => ({
  presets: load(),
  add: (preset) => {
    const presets = [...get().presets, preset];
    save(presets);
    set({ presets });
  },
  remove: (index) => {
    const presets = get().presets.filter((_, i) => i !== index);
    save(presets);
    set({ presets });
  },
}));
