import { useState } from 'react';
import { formatDicomDate } from '../../dicomweb/dicom-json.ts';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import type { StudySummary } from '../../dicomweb/study-summary.ts';
import { ArchiveDocuments } from './ArchiveDocuments.tsx';
import { SignedReports } from './SignedReports.tsx';
import { useReportState } from './useReportEditor.ts';

const MAX_PRIORS = 5;

function PriorReport({ prior, source, sourceId }: { prior: StudySummary; source: DataSource; sourceId: string | undefined }) {
  const sourceName = source.sourceName;
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
      {open && <ArchiveDocuments source={source} studyInstanceUID={prior.studyInstanceUID} />}
    </details>
  );
}

/** The priors' reports, one collapsible entry per prior (most relevant first), each read when opened. */
export function PriorReports({ priors, source, sourceId }: { priors: readonly StudySummary[]; source: DataSource; sourceId: string | undefined }) {
  if (priors.length === 0) return null;
  return (
    <section className="prior-reports" aria-labelledby="prior-reports-heading">
      <h3 id="prior-reports-heading">Reports of priors</h3>
      {priors.slice(0, MAX_PRIORS).map((prior) => (
        <PriorReport key={prior.studyInstanceUID} prior={prior} source={source} sourceId={sourceId} />
      ))}
    </section>
  );
}
