import { Field } from '../ui/Field.tsx';
import { PAGE_SIZES } from './worklist-state.ts';

export const AUTO_REFRESH_CHOICES: ReadonlyArray<{ ms: number; label: string }> = [
  { ms: 0, label: 'Off' },
  { ms: 30_000, label: 'Every 30 s' },
  { ms: 60_000, label: 'Every minute' },
  { ms: 300_000, label: 'Every 5 minutes' },
];

interface WorklistToolbarProps {
  pageSize: number;
  onPageSize: (size: number) => void;
  refreshMs: number;
  onRefreshMs: (ms: number) => void;
  onRefresh: () => void;
  refreshing: boolean;
}

/** Page size and refresh; the order is chosen with the column headers. */
export function WorklistToolbar(p: WorklistToolbarProps) {
  return (
    <div className="worklist-toolbar">
      <Field label="Page size">
        {(id) => (
          <select id={id} value={p.pageSize} onChange={(e) => p.onPageSize(Number(e.target.value))}>
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
          <select id={id} value={p.refreshMs} onChange={(e) => p.onRefreshMs(Number(e.target.value))}>
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
    </div>
  );
}
