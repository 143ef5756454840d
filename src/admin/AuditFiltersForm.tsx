import { useState, type FormEvent } from 'react';
import { EMPTY_AUDIT_FILTERS, sameAuditFilters, type AuditFilters } from './audit-query.ts';

interface AuditFiltersFormProps {
  applied: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}

const TEXT_FIELDS: ReadonlyArray<{ field: 'user' | 'patient' | 'study'; label: string }> = [
  { field: 'user', label: 'User' },
  { field: 'patient', label: 'Patient ID' },
  { field: 'study', label: 'Study Instance UID' },
];

/** Edits a draft; Search applies it, Clear applies no filter. */
export function AuditFiltersForm({ applied, onApply }: AuditFiltersFormProps) {
  const [draft, setDraft] = useState(applied);
  const [appliedSeen, setAppliedSeen] = useState(applied);
  // Back/forward changed the applied filters: show them. Compared by value, or any re-render of the page
  // (the records arriving) would throw away what is being typed.
  if (!sameAuditFilters(appliedSeen, applied)) {
    setAppliedSeen(applied);
    setDraft(applied);
  }
  const set = (field: keyof AuditFilters, value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };

  return (
    <form className="audit-filters" role="search" aria-label="Audit filters" onSubmit={onSubmit}>
      {TEXT_FIELDS.map(({ field, label }) => (
        <label key={field}>
          {label}
          <input type="search" value={draft[field]} onChange={(e) => set(field, e.target.value)} spellCheck={false} />
        </label>
      ))}
      <label>
        From
        <input type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} />
      </label>
      <label>
        To
        <input type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} />
      </label>
      <div className="audit-filter-actions">
        <button type="submit">Search</button>
        <button type="button" onClick={() => onApply(EMPTY_AUDIT_FILTERS)}>
          Clear
        </button>
      </div>
    </form>
  );
}
