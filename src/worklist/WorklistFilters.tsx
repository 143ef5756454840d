import { useState, type FormEvent, type RefObject } from 'react';
import { EMPTY_STUDY_FILTERS, type StudyFilters } from '../dicomweb/study-query.ts';
import { DATE_PRESETS, datePresetRange, MODALITY_CHOICES, type DatePreset } from './worklist-state.ts';

interface WorklistFiltersProps {
  applied: StudyFilters;
  onApply: (filters: StudyFilters) => void;
  nameInputRef: RefObject<HTMLInputElement | null>;
}

type TextField = Exclude<keyof StudyFilters, 'modalities' | 'dateFrom' | 'dateTo'>;
const TEXT_FIELDS: ReadonlyArray<{ field: TextField; label: string; placeholder: string }> = [
  { field: 'patientName', label: 'Patient name', placeholder: 'Family, Given' },
  { field: 'patientId', label: 'Patient ID', placeholder: '' },
  { field: 'accessionNumber', label: 'Accession number', placeholder: '' },
  { field: 'description', label: 'Description', placeholder: 'any word' },
  { field: 'referringPhysician', label: 'Referring physician', placeholder: 'Family, Given' },
];

/** The search form: edits a draft; Search (or Enter) applies it. Date presets and modality chips apply at once. */
export function WorklistFilters({ applied, onApply, nameInputRef }: WorklistFiltersProps) {
  const [draft, setDraft] = useState(applied);
  const [appliedSeen, setAppliedSeen] = useState(applied);
  // Back/forward or a saved set changed the applied filters: show them.
  if (appliedSeen !== applied) {
    setAppliedSeen(applied);
    setDraft(applied);
  }
  const set = <K extends keyof StudyFilters>(field: K, value: StudyFilters[K]) => setDraft((d) => ({ ...d, [field]: value }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const applyPreset = (preset: DatePreset) => onApply({ ...draft, ...datePresetRange(preset, new Date()) });
  // Like the date presets, a modality chip applies at once (with whatever else was typed).
  const toggleModality = (modality: string, on: boolean) => {
    const modalities = MODALITY_CHOICES.filter((m) => (m === modality ? on : draft.modalities.includes(m)));
    const extra = draft.modalities.filter((m) => !(MODALITY_CHOICES as readonly string[]).includes(m));
    const next = { ...draft, modalities: [...modalities, ...extra] };
    setDraft(next);
    onApply(next);
  };

  return (
    <form className="worklist-filters" role="search" aria-label="Study search" onSubmit={onSubmit}>
      {TEXT_FIELDS.map(({ field, label, placeholder }) => (
        <label key={field}>
          {label}
          <input
            ref={field === 'patientName' ? nameInputRef : undefined}
            type="search"
            value={draft[field]}
            placeholder={placeholder}
            onChange={(e) => set(field, e.target.value)}
            aria-keyshortcuts={field === 'patientName' ? '/' : undefined}
          />
        </label>
      ))}
      <label>
        Study date from
        <input type="date" value={draft.dateFrom} onChange={(e) => set('dateFrom', e.target.value)} />
      </label>
      <label>
        Study date to
        <input type="date" value={draft.dateTo} onChange={(e) => set('dateTo', e.target.value)} />
      </label>
      <fieldset className="modality-chips">
        <legend>Modality</legend>
        {MODALITY_CHOICES.map((m) => (
          <label key={m} className="chip">
            <input type="checkbox" checked={draft.modalities.includes(m)} onChange={(e) => toggleModality(m, e.target.checked)} />
            {m}
          </label>
        ))}
      </fieldset>
      <div className="filter-actions">
        <button type="submit">Search</button>
        <button type="button" onClick={() => onApply(EMPTY_STUDY_FILTERS)}>
          Clear
        </button>
      </div>
      <div className="date-presets" role="group" aria-label="Study date presets">
        {DATE_PRESETS.map((p) => (
          <button key={p.id} type="button" onClick={() => applyPreset(p.id)}>
            {p.label}
          </button>
        ))}
      </div>
    </form>
  );
}
