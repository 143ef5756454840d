import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { openCase, submitReview, type PeerReviewError } from '../../peer-review/peer-review-api.ts';
import type { CaseView, SubmitReviewBody } from '../../peer-review/peer-review-contract.ts';

const caseKey = (caseId: string) => ['peer-review', 'case', caseId] as const;

/** The case under review. Opening it assigns it to the caller, so it is asked once (a 409: another reviewer has it). */
export function useReviewCase(caseId: string | undefined) {
  return useQuery<CaseView, PeerReviewError>({
    queryKey: caseKey(caseId ?? ''),
    queryFn: ({ signal }) => openCase(caseId!, { signal }),
    enabled: caseId !== undefined,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: (count, error) => error.status === null && count < 2,
  });
}

export function useSubmitReview(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation<Awaited<ReturnType<typeof submitReview>>, PeerReviewError, SubmitReviewBody>({
    mutationFn: (body) => submitReview(caseId, body),
    onSuccess: (review) => {
      queryClient.setQueryData<CaseView>(caseKey(caseId), (view) => (view ? { ...view, state: 'reviewed', review } : view));
      void queryClient.invalidateQueries({ queryKey: ['peer-review'], predicate: (q) => q.queryKey[1] !== 'case' });
    },
  });
}
