import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DataSource } from '../dicomweb/runtime-config.ts';
import type { ReadingSettingsView, StudyReading } from '../reading/reading-contract.ts';
import { fetchWorklistPage, gatewayReadings, type WorklistPage } from './fetch-worklist-page.ts';
import { browserWindowHints } from './window-hints.ts';
import { writeWorklistState, type WorklistState } from './worklist-state.ts';

export interface WorklistPageResult extends WorklistPage {
  /** Studies on this page that the previous fetch of the same page did not have. */
  newUids: ReadonlySet<string>;
  /** The reading state of the rows (empty when the gateway could not say: the Status column then says so). */
  readings: ReadonlyMap<string, StudyReading>;
  readingsFailed: boolean;
  readingSettings: ReadingSettingsView | undefined;
}

/**
 * One worklist page from the archive, with the gateway's reading state of its rows (one request per
 * page, or the one the reading order already made); refetches every `refreshMs` when set and marks newcomers.
 */
export function useWorklistPage(source: DataSource, state: WorklistState, refreshMs: number | false, dataSource: string | undefined) {
  const queryClient = useQueryClient();
  const queryKey = ['worklist', source.sourceName, writeWorklistState(state).toString()];
  return useQuery({
    queryKey,
    queryFn: async ({ signal }): Promise<WorklistPageResult> => {
      const previous = queryClient.getQueryData<WorklistPageResult>(queryKey);
      let readingSettings: ReadingSettingsView | undefined;
      const readingsOf = gatewayReadings(dataSource, (settings) => {
        readingSettings = settings;
      });
      const page = await fetchWorklistPage(source, state, new Date(), signal, browserWindowHints(), readingsOf);
      const seen = previous ? new Set(previous.rows.map((r) => r.studyInstanceUID)) : null;
      const newUids = new Set(seen ? page.rows.map((r) => r.studyInstanceUID).filter((uid) => !seen.has(uid)) : []);
      let readings = page.readings;
      let readingsFailed = false;
      if (!readings) {
        try {
          readings = await readingsOf(
            page.rows.map((r) => r.studyInstanceUID),
            signal,
          );
        } catch {
          readingsFailed = true;
        }
      }
      return { ...page, newUids, readings: readings ?? new Map(), readingsFailed, readingSettings };
    },
    placeholderData: (previous) => previous,
    refetchInterval: refreshMs,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}
