import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DataSource } from '../dicomweb/runtime-config.ts';
import { fetchWorklistPage, type WorklistPage } from './fetch-worklist-page.ts';
import { writeWorklistState, type WorklistState } from './worklist-state.ts';

export interface WorklistPageResult extends WorklistPage {
  /** Studies on this page that the previous fetch of the same page did not have. */
  newUids: ReadonlySet<string>;
}

/** One worklist page from the archive; refetches every `refreshMs` when set and marks newcomers. */
export function useWorklistPage(source: DataSource, state: WorklistState, refreshMs: number | false) {
  const queryClient = useQueryClient();
  const queryKey = ['worklist', source.sourceName, writeWorklistState(state).toString()];
  return useQuery({
    queryKey,
    queryFn: async ({ signal }): Promise<WorklistPageResult> => {
      const previous = queryClient.getQueryData<WorklistPageResult>(queryKey);
      const page = await fetchWorklistPage(source, state, new Date(), signal);
      const seen = previous ? new Set(previous.rows.map((r) => r.studyInstanceUID)) : null;
      const newUids = new Set(seen ? page.rows.map((r) => r.studyInstanceUID).filter((uid) => !seen.has(uid)) : []);
      return { ...page, newUids };
    },
    placeholderData: (previous) => previous,
    refetchInterval: refreshMs,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}
