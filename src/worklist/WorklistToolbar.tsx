import { Field } from '../ui/Field.tsx';
import { PAGE_SIZES, type SortDirection, type SortKey } from './worklist-state.ts';

export const AUTO_REFRESH_CHOICES: ReadonlyArray<{ ms: number; label: string }> = [
  { ms: 0, label: 'Off' },
  { ms: 30_000, label: 'Every 30 s' },
  { ms: 60_000, label: 'Every minute' },
  { ms: 300_000, label: 'Every 5 minutes' },
];

const SORT_CHOICES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'date-desc', label: 'Study date, newest first' },
  { value: 'name-asc', label: 'Patient name A–Z' },
  { value: 'name-desc', label: 'Patient name Z–A' },
  { value: 'modality-asc', label: 'Modality A–Z' },
  { value: 'modality-desc', label: 'Modality Z–A' },
  { value: 'accession-asc', label: 'Accession A–Z' },
  { value: 'accession-desc', label: 'Accession Z–A' },
];

interface WorklistToolbarProps {
  sort: SortKey;
  direction: SortDirection;
  onSort: (sort: SortKey, direction: SortDirection) => void;
  pageSize: number;
  onPageSize: (size: number) => void;
  refreshMs: number;
  onRefreshMs: (ms: number) => void;
  onRefresh: () => void;
  refreshing: boolean;
}

export function WorklistToolbar(p: WorklistToolbarProps) {
  return (
    <div className="worklist-toolbar">
      <Field label="Sort by">
        {(id) => (
          <select
            id={id}
            value={`${p.sort}-${p.direction}`}
          onChange={(e) => {
            const [sort, direction] = e.target.value.split('-') as [SortKey, SortDirection];
            p.onSort(sort, direction);
          }}
        >
          {SORT_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        )}
      </Field>
      <Field label="Page size">
        {(id) => (
          <select
            id={id}
            value={p.pageSize} onChange={(e) => p.onPageSize(Number(e.target.value))}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        )}
      </Field>
      <Field label="Auto-refresh">
        {(id) => (
          <select
            id={id}
            value={p.refreshMs} onChange={(e) => p.onRefreshMs(Number(e.target.value))}>
          {AUTO_REFRESH_CHOICES.map((c) => (
            <option key={c.ms} value={c.ms}>
              {c.label}
            </option>
          ))}
        </select>
        )}
      </Field>
      <button type="button" onClick={p.onRefresh} disabled={p.refreshing}>
        Refresh
      </button>
      <p className="sort-note" id="sort-note">
        {p.sort === 'date'
          ? 'Newest first across all pages: the archive is asked for date windows and each window is sorted here.'
          : 'The archive cannot sort: this order applies to the studies on this page only; pages follow the archive’s own order.'}
      </p>
    </div>
  );
}
