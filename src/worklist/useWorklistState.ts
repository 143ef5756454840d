import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { parseWorklistState, writeWorklistState, type WorklistState } from './worklist-state.ts';

/** The worklist state read from, and written to, the URL query (each change is a history entry). */
export function useWorklistState(): [WorklistState, (next: WorklistState) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseWorklistState(params), [params]);
  const setState = useCallback((next: WorklistState) => setParams((current) => writeWorklistState(next, current)), [setParams]);
  return [state, setState];
}
