import { useCallback, useState } from 'react';

/** Whether the worklist's filter panel is open, remembered in this browser (open on a first visit). */
export const FILTERS_OPEN_KEY = 'readroom.worklist.filtersOpen.v1';

function read(): boolean {
  try {
    return localStorage.getItem(FILTERS_OPEN_KEY) !== 'false';
  } catch {
    return true;
  }
}

export function useFiltersOpen(): [boolean, (open: boolean) => void] {
  const [open, setOpenState] = useState(read);
  const setOpen = useCallback((next: boolean) => {
    setOpenState(next);
    try {
      localStorage.setItem(FILTERS_OPEN_KEY, String(next));
    } catch {
      /* storage disabled: remembered for this page only */
    }
  }, []);
  return [open, setOpen];
}
