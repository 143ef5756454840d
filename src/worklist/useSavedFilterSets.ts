import { useCallback, useState } from 'react';
import { parseSavedFilterSets, SAVED_FILTER_SETS_KEY, type SavedFilterSets } from './saved-filter-sets.ts';

function read(): SavedFilterSets {
  try {
    return parseSavedFilterSets(localStorage.getItem(SAVED_FILTER_SETS_KEY));
  } catch {
    return parseSavedFilterSets(null);
  }
}

/** Saved filter sets in localStorage, with an updater that writes through. */
export function useSavedFilterSets(): [SavedFilterSets, (update: (current: SavedFilterSets) => SavedFilterSets) => void] {
  const [sets, setSets] = useState(read);
  const update = useCallback((fn: (current: SavedFilterSets) => SavedFilterSets) => {
    setSets((current) => {
      const next = fn(current);
      try {
        localStorage.setItem(SAVED_FILTER_SETS_KEY, JSON.stringify(next));
      } catch {
        /* storage full or disabled: the sets live for this page only */
      }
      return next;
    });
  }, []);
  return [sets, update];
}
