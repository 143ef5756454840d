import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { DataSource } from '../dicomweb/runtime-config.ts';
import { formatDicomDate } from '../dicomweb/dicom-json.ts';
import type { StudySummary } from '../dicomweb/study-summary.ts';
import { fetchPatientStudies } from './fetch-worklist-page.ts';
import { viewerUrl } from './viewer-url.ts';

/** The patient's other studies (same Patient ID and issuer), shown under an expanded row. */
export function PatientStudies({ source, study }: { source: DataSource; study: StudySummary }) {
  const query = useQuery({
    queryKey: ['patient-studies', source.sourceName, study.patientId, study.issuerOfPatientId, study.studyInstanceUID],
    queryFn: ({ signal }) => fetchPatientStudies(source, study, signal),
  });
  if (query.isPending) return <p role="status">Loading the patient’s other studies…</p>;
  if (query.isError) return <p role="alert">The patient’s other studies could not be loaded: {query.error.message}</p>;
  if (query.data.length === 0) return <p>No other studies for patient ID {study.patientId}.</p>;
  return (
    <ul className="patient-studies" aria-label={`Other studies of patient ${study.patientId}`}>
      {query.data.map((s) => (
        <li key={s.studyInstanceUID}>
          <Link to={viewerUrl(s, source)}>
            {formatDicomDate(s.studyDate)} {s.modalities.join(', ')} {s.description || '(no description)'}
          </Link>{' '}
          <span className="muted">{s.accessionNumber}</span>
        </li>
      ))}
    </ul>
  );
}
