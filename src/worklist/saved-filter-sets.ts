import { z } from 'zod';

/** Named filter sets kept in this browser (localStorage): the worklist URL query without page. */
export interface SavedFilterSet {
  name: string;
  query: string;
}

export interface SavedFilterSets {
  sets: SavedFilterSet[];
  /** Name of the set applied when the worklist opens without any filter in the URL. */
  defaultName: string | null;
}

export const SAVED_FILTER_SETS_KEY = 'readroom.worklist.filterSets.v1';

const schema = z.object({
  sets: z.array(z.object({ name: z.string().min(1), query: z.string() })),
  defaultName: z.string().nullable(),
});

export const NO_SAVED_SETS: SavedFilterSets = { sets: [], defaultName: null };

export function parseSavedFilterSets(text: string | null): SavedFilterSets {
  if (!text) return NO_SAVED_SETS;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : NO_SAVED_SETS;
  } catch {
    return NO_SAVED_SETS;
  }
}

/** Adds or replaces (same name) a set. */
export function saveFilterSet(state: SavedFilterSets, set: SavedFilterSet): SavedFilterSets {
  const name = set.name.trim();
  if (!name) return state;
  return { ...state, sets: [...state.sets.filter((s) => s.name !== name), { name, query: set.query }].sort((a, b) => a.name.localeCompare(b.name)) };
}

export function deleteFilterSet(state: SavedFilterSets, name: string): SavedFilterSets {
  return { sets: state.sets.filter((s) => s.name !== name), defaultName: state.defaultName === name ? null : state.defaultName };
}

export function setDefaultFilterSet(state: SavedFilterSets, name: string | null): SavedFilterSets {
  return { ...state, defaultName: name !== null && state.sets.some((s) => s.name === name) ? name : null };
}

export function defaultFilterSet(state: SavedFilterSets): SavedFilterSet | undefined {
  return state.sets.find((s) => s.name === state.defaultName);
}
