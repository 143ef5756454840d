import { useState, type FormEvent } from 'react';
import { useDataSource } from '../app/useDataSource.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { StudyTable } from './StudyTable.tsx';
import { useStudies, WORKLIST_LIMIT, type WorklistFilters } from './useStudies.ts';

export function WorklistPage() {
  const source = useDataSource();
  const [draftName, setDraftName] = useState('');
  const [filters, setFilters] = useState<WorklistFilters>({ patientName: '' });
  const studies = useStudies(source, filters);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ patientName: draftName });
  };

  return (
    <section className="worklist" aria-labelledby="worklist-title">
      <h1 id="worklist-title">Worklist</h1>
      <form className="worklist-filters" role="search" onSubmit={onSubmit}>
        <label>
          Patient name
          <input type="search" value={draftName} onChange={(e) => setDraftName(e.target.value)} />
        </label>
        <button type="submit">Search</button>
        <button type="button" onClick={() => void studies.refetch()} disabled={studies.isFetching}>
          Refresh
        </button>
      </form>
      {studies.isPending ? (
        <LoadingState label="Loading studies…" />
      ) : studies.isError ? (
        <ErrorPanel title="The worklist could not be loaded" message={studies.error.message} onRetry={() => void studies.refetch()} retrying={studies.isFetching} />
      ) : studies.data.length === 0 ? (
        <p role="status" className="empty-state">
          No studies match{filters.patientName ? ` patient name “${filters.patientName}”` : ''}.
        </p>
      ) : (
        <>
          <p className="result-count" role="status">
            {studies.data.length >= WORKLIST_LIMIT ? `Showing the first ${WORKLIST_LIMIT} studies` : `${studies.data.length} ${studies.data.length === 1 ? 'study' : 'studies'}`}
          </p>
          <StudyTable studies={studies.data} />
        </>
      )}
    </section>
  );
}
