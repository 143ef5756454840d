import { useQuery } from '@tanstack/react-query';
import type { DataSource } from '../dicomweb/data-source.ts';
import { searchStudies } from '../dicomweb/qido.ts';

export const WORKLIST_LIMIT = 100;

export interface WorklistFilters {
  patientName: string;
}

/** Turns the worklist filters into QIDO-RS study query parameters. */
export function toStudyQuery(filters: WorklistFilters): Record<string, string | number> {
  const name = filters.patientName.trim();
  return {
    ...(name ? { PatientName: name.endsWith('*') ? name : `${name}*` } : {}),
    limit: WORKLIST_LIMIT,
  };
}

export function useStudies(source: DataSource, filters: WorklistFilters) {
  return useQuery({
    queryKey: ['studies', source.sourceName, filters],
    queryFn: ({ signal }) => searchStudies(source, toStudyQuery(filters), signal),
    placeholderData: (previous) => previous,
  });
}
