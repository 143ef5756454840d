import { create } from 'zustand';
import { parseUserPresets, type UserPreset } from '../../imaging/window-presets.ts';
import { getSessionState, subscribeSession } from '../../session/session-state.ts';

const STORAGE_PREFIX = 'readroom.userWindowPresets.v1';

/** Whose presets these are: the signed-in reader, or nobody (a share link's recipient keeps them for the page only). */
function currentOwner(): string | undefined {
  return getSessionState().session?.username;
}

/** Kept per reader, so that another user of the same browser (or a link's recipient) never gets them. */
export function userPresetsKey(owner: string): string {
  return `${STORAGE_PREFIX}:${owner}`;
}

function load(owner: string | undefined): UserPreset[] {
  if (owner === undefined) return [];
  try {
    const own = localStorage.getItem(userPresetsKey(owner));
    if (own !== null) return parseUserPresets(own);
    // Presets saved before they were kept per reader go to the first reader who signs in here.
    const unowned = localStorage.getItem(STORAGE_PREFIX);
    if (unowned === null) return [];
    localStorage.setItem(userPresetsKey(owner), unowned);
    localStorage.removeItem(STORAGE_PREFIX);
    return parseUserPresets(unowned);
  } catch {
    return []; // storage disabled
  }
}

function save(owner: string | undefined, presets: readonly UserPreset[]): void {
  if (owner === undefined) return;
  try {
    localStorage.setItem(userPresetsKey(owner), JSON.stringify(presets));
  } catch {
    // Storage full or disabled: the presets last for this page only.
  }
}

interface UserPresetsState {
  owner: string | undefined;
  presets: UserPreset[];
  add: (preset: UserPreset) => void;
  remove: (index: number) => void;
}

/** The reader's own window presets, kept in this browser (localStorage) under the reader's username. */
export const useUserPresets = create<UserPresetsState>((set, get) => {
  subscribeSession(() => {
    const owner = currentOwner();
    if (owner !== get().owner) set({ owner, presets: load(owner) });
  });
  const owner = currentOwner();
  return {
    owner,
    presets: load(owner),
    add: (preset) => {
      const presets = [...get().presets, preset];
      save(get().owner, presets);
      set({ presets });
    },
    remove: (index) => {
      const presets = get().presets.filter((_, i) => i !== index);
      save(get().owner, presets);
      set({ presets });
    },
  };
});
