import { useState } from 'react';
import { formatDicomDate } from '../../dicomweb/dicom-json.ts';
import type { StudySummary } from '../../dicomweb/study-summary.ts';
import { SignedReports } from './SignedReports.tsx';
import { useReportState } from './useReportEditor.ts';

const MAX_PRIORS = 5;

function PriorReport({ prior, sourceName, sourceId }: { prior: StudySummary; sourceName: string; sourceId: string | undefined }) {
  const [open, setOpen] = useState(false);
  const state = useReportState(sourceName, sourceId, prior.studyInstanceUID, open);
  const label = [formatDicomDate(prior.studyDate), prior.description || prior.modalities.join('/')].filter(Boolean).join(' ');
  return (
    <details className="prior-report" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{label || prior.studyInstanceUID}</summary>
      {state.error ? (
        <p role="alert" className="report-error">
          {state.error.message}
        </p>
      ) : !state.data ? (
        open && <p>Loading…</p>
      ) : state.data.reports.length === 0 ? (
        <p>No report in Readroom.</p>
      ) : (
        <SignedReports reports={state.data.reports} headingLevel={4} />
      )}
    </details>
  );
}

/** The priors' reports, one collapsible entry per prior (most relevant first), each read when opened. */
export function PriorReports({ priors, sourceName, sourceId }: { priors: readonly StudySummary[]; sourceName: string; sourceId: string | undefined }) {
  if (priors.length === 0) return null;
  return (
    <section className="prior-reports" aria-labelledby="prior-reports-heading">
      <h3 id="prior-reports-heading">Reports of priors</h3>
      {priors.slice(0, MAX_PRIORS).map((prior) => (
        <PriorReport key={prior.studyInstanceUID} prior={prior} sourceName={sourceName} sourceId={sourceId} />
      ))}
    </section>
  );
}
