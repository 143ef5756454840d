import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  addCase,
  arbitrate,
  closeTask,
  fetchArbitration,
  fetchPseudonyms,
  fetchQueue,
  fetchStatistics,
  fetchSummary,
  fetchTasks,
} from '../peer-review/peer-review-api.ts';
import type { AddCaseBody, ArbitrateBody } from '../peer-review/peer-review-contract.ts';

const KEY = ['peer-review'] as const;

/** The counts of the navigation badge, asked again every minute (new cases arrive as studies are finalised). */
export function usePeerReviewSummary(enabled: boolean) {
  return useQuery({ queryKey: [...KEY, 'summary'], queryFn: ({ signal }) => fetchSummary({ signal }), enabled, refetchInterval: 60_000 });
}

export function useReviewQueue(enabled: boolean) {
  return useQuery({ queryKey: [...KEY, 'queue'], queryFn: ({ signal }) => fetchQueue({ signal }), enabled });
}

export function useArbitrationQueue(enabled: boolean) {
  return useQuery({ queryKey: [...KEY, 'arbitration'], queryFn: ({ signal }) => fetchArbitration({ signal }), enabled });
}

export function useReaderTasks(enabled: boolean) {
  return useQuery({ queryKey: [...KEY, 'tasks'], queryFn: ({ signal }) => fetchTasks({ signal }), enabled });
}

export function useStatistics(enabled: boolean) {
  return useQuery({ queryKey: [...KEY, 'statistics'], queryFn: ({ signal }) => fetchStatistics({ signal }), enabled });
}

export function usePseudonyms(enabled: boolean) {
  return useQuery({ queryKey: [...KEY, 'pseudonyms'], queryFn: ({ signal }) => fetchPseudonyms({ signal }), enabled });
}

/** Every peer-review answer may change after a mutation (counts, queues, figures): all are asked again. */
function useInvalidateAll() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: KEY });
}

export function useAddCase() {
  const invalidate = useInvalidateAll();
  return useMutation({ mutationFn: (body: AddCaseBody) => addCase(body), onSettled: invalidate });
}

export function useArbitrate() {
  const invalidate = useInvalidateAll();
  return useMutation({ mutationFn: ({ reviewId, body }: { reviewId: string; body: ArbitrateBody }) => arbitrate(reviewId, body), onSettled: invalidate });
}

export function useCloseTask() {
  const invalidate = useInvalidateAll();
  return useMutation({ mutationFn: ({ taskId, note }: { taskId: string; note: string }) => closeTask(taskId, note), onSettled: invalidate });
}

export const PEER_REVIEW_QUERY_KEY = KEY;
