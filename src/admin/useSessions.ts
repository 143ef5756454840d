import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchActiveSessions, revokeSession } from './sessions-api.ts';

const SESSIONS_KEY = ['admin', 'sessions'] as const;

export function useActiveSessions() {
  return useQuery({ queryKey: SESSIONS_KEY, queryFn: ({ signal }) => fetchActiveSessions(signal), refetchInterval: 30_000 });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => revokeSession(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}
