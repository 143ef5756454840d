import type { StudySummary } from '../dicomweb/study-summary.ts';
import type { StudyReading } from '../reading/reading-contract.ts';
import { clockStart, compareReadingOrder, type ReadingOrderItem } from '../reading/reading-rules.ts';
import { compareNewestFirst } from './date-window-paging.ts';
import type { SortDirection, SortKey } from './worklist-state.ts';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function byKey(key: Exclude<SortKey, 'date' | 'reading'>): (a: StudySummary, b: StudySummary) => number {
  switch (key) {
    case 'name':
      return (a, b) => collator.compare(a.patientName, b.patientName);
    case 'pid':
      return (a, b) => collator.compare(a.patientId, b.patientId);
    case 'description':
      return (a, b) => collator.compare(a.description, b.description);
    case 'modality':
      return (a, b) => collator.compare(a.modalities.join(','), b.modalities.join(','));
    case 'accession':
      return (a, b) => collator.compare(a.accessionNumber, b.accessionNumber);
  }
}

/**
 * Sorts rows already fetched (QIDO cannot sort); ties fall back to newest first. Only a sort of every
 * matching study is a sort of the list: callers sort complete sets (fetch-worklist-page.ts).
 * Names and text compare accent- and case-insensitively (the collator's base strength), numbers in IDs numerically.
 */
export function sortStudies(
  rows: readonly StudySummary[],
  key: SortKey,
  direction: SortDirection,
  readings: ReadonlyMap<string, StudyReading> = new Map(),
): StudySummary[] {
  if (key === 'reading') return sortByReadingOrder(rows, readings);
  if (key === 'date') return [...rows].sort(direction === 'desc' ? compareNewestFirst : (a, b) => compareNewestFirst(b, a));
  const compare = byKey(key);
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b) || compareNewestFirst(a, b));
}

/** A row as the reading order sees it: a study the gateway has not answered for counts as unread and routine. */
export function readingOrderItem(row: StudySummary, reading: StudyReading | undefined): ReadingOrderItem {
  return {
    uid: row.studyInstanceUID,
    priority: reading?.priority ?? 'routine',
    status: reading?.status ?? 'Unread',
    start: clockStart(row.studyDate, row.studyTime, reading ? new Date(reading.arrivedAt) : null),
  };
}

/** "STAT first, then oldest unread" (src/reading/reading-rules.ts `compareReadingOrder`). */
export function sortByReadingOrder(rows: readonly StudySummary[], readings: ReadonlyMap<string, StudyReading>): StudySummary[] {
  const items = new Map(rows.map((row) => [row.studyInstanceUID, readingOrderItem(row, readings.get(row.studyInstanceUID))]));
  return [...rows].sort((a, b) => compareReadingOrder(items.get(a.studyInstanceUID)!, items.get(b.studyInstanceUID)!));
}
