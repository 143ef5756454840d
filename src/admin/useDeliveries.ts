import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchTroubledDeliveries, retryDelivery } from '../reports/delivery-api.ts';

const DELIVERIES_KEY = ['admin', 'deliveries'] as const;

/** Retrying and failed report deliveries, asked again every 10 s (retries go on in the gateway). */
export function useTroubledDeliveries() {
  return useQuery({ queryKey: DELIVERIES_KEY, queryFn: ({ signal }) => fetchTroubledDeliveries(signal), refetchInterval: 10_000 });
}

export function useRetryDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => retryDelivery(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: DELIVERIES_KEY }),
  });
}
