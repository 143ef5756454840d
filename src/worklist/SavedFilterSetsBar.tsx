import { Field } from '../ui/Field.tsx';
import { useState } from 'react';
import { deleteFilterSet, saveFilterSet, setDefaultFilterSet, type SavedFilterSets } from './saved-filter-sets.ts';

interface SavedFilterSetsBarProps {
  sets: SavedFilterSets;
  update: (fn: (current: SavedFilterSets) => SavedFilterSets) => void;
  /** The current list's query (filters, sort, page size) to save. */
  currentQuery: string;
  onApply: (query: string) => void;
}

/** Named filter sets stored in this browser; one may be the default the worklist opens with. */
export function SavedFilterSetsBar({ sets, update, currentQuery, onApply }: SavedFilterSetsBarProps) {
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const chosenSet = sets.sets.find((s) => s.name === chosen);
  return (
    <div className="saved-filters" role="group" aria-label="Saved filter sets">
      <Field label="Saved filters">
        {(id) => (
          <select
            id={id}
            value={chosenSet ? chosen : ''}
            onChange={(e) => {
              setChosen(e.target.value);
              const set = sets.sets.find((s) => s.name === e.target.value);
              if (set) onApply(set.query);
            }}
          >
            <option value="">—</option>
            {sets.sets.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
                {s.name === sets.defaultName ? ' (default)' : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="button" disabled={!chosenSet} onClick={() => update((c) => setDefaultFilterSet(c, c.defaultName === chosen ? null : chosen))}>
        {chosenSet && sets.defaultName === chosen ? 'Unset default' : 'Make default'}
      </button>
      <button
        type="button"
        disabled={!chosenSet}
        onClick={() => {
          update((c) => deleteFilterSet(c, chosen));
          setChosen('');
        }}
      >
        Delete set
      </button>
      <form
        className="save-filter-set"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          update((c) => saveFilterSet(c, { name, query: currentQuery }));
          setChosen(name.trim());
          setName('');
        }}
      >
        <label>
          Filter set name
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" disabled={!name.trim()}>
          Save filters
        </button>
      </form>
    </div>
  );
}
