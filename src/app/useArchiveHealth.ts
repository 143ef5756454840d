import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchArchiveHealth, type ArchiveHealth } from './archive-health.ts';

const POLL_OK_MS = 10_000;
const POLL_DOWN_MS = 2_000;

/**
 * Polls the gateway's health report. When the archive comes back after an
 * outage, every query that failed meanwhile is refetched, so the screen recovers by itself.
 */
export function useArchiveHealth(sourceName: string): ArchiveHealth | undefined {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: ['archive-health', sourceName],
    queryFn: ({ signal }) => fetchArchiveHealth(sourceName, signal),
    refetchInterval: (q) => (q.state.data?.ok === false ? POLL_DOWN_MS : POLL_OK_MS),
    refetchIntervalInBackground: false,
    retry: false,
  });
  const wasDown = useRef(false);
  useEffect(() => {
    if (!data) return;
    if (data.ok && wasDown.current) {
      void queryClient.refetchQueries({ predicate: (q) => q.state.status === 'error' });
    }
    wasDown.current = !data.ok;
  }, [data, queryClient]);
  return data;
}
