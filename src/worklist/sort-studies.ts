import type { StudySummary } from '../dicomweb/study-summary.ts';
import { compareNewestFirst } from './date-window-paging.ts';
import type { SortDirection, SortKey } from './worklist-state.ts';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function byKey(key: Exclude<SortKey, 'date'>): (a: StudySummary, b: StudySummary) => number {
  switch (key) {
    case 'name':
      return (a, b) => collator.compare(a.patientName, b.patientName);
    case 'modality':
      return (a, b) => collator.compare(a.modalities.join(','), b.modalities.join(','));
    case 'accession':
      return (a, b) => collator.compare(a.accessionNumber, b.accessionNumber);
  }
}

/** Sorts rows already fetched (QIDO cannot sort); ties fall back to newest first. */
export function sortStudies(rows: readonly StudySummary[], key: SortKey, direction: SortDirection): StudySummary[] {
  if (key === 'date') return [...rows].sort(compareNewestFirst);
  const compare = byKey(key);
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b) || compareNewestFirst(a, b));
}
