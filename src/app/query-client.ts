import { QueryClient } from '@tanstack/react-query';
import { DicomwebError } from '../dicomweb/errors.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Retry once for an archive that is down or slow; a bad request will not get better.
        retry: (failureCount, error) => failureCount < 1 && error instanceof DicomwebError && error.transient,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}
