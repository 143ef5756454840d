import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { auditApiUrl, type AuditFilters } from './audit-query.ts';
import { fetchAuditPage } from './fetch-audit-page.ts';

export function useAuditPage(filters: AuditFilters, before: number | undefined) {
  const url = auditApiUrl(filters, { before });
  return useQuery({
    queryKey: ['audit', url],
    queryFn: ({ signal }) => fetchAuditPage(url, signal),
    placeholderData: keepPreviousData,
    // The trail only grows; a page read a moment ago is still right, and each read is itself recorded.
    staleTime: 60_000,
    retry: false,
  });
}
