import { Link, useNavigate } from 'react-router';
import { formatDicomDate, formatDicomTime, formatPersonName } from '../dicomweb/dicom-json.ts';
import type { StudySummary } from '../dicomweb/study-summary.ts';

export function viewerUrl(study: StudySummary): string {
  return `/viewer?StudyInstanceUIDs=${encodeURIComponent(study.studyInstanceUID)}`;
}

export function StudyTable({ studies }: { studies: StudySummary[] }) {
  const navigate = useNavigate();
  return (
    <table className="study-table" aria-label="Studies">
      <thead>
        <tr>
          <th scope="col">Patient name</th>
          <th scope="col">Patient ID</th>
          <th scope="col">Birth date / sex</th>
          <th scope="col">Study date</th>
          <th scope="col">Modalities</th>
          <th scope="col">Description</th>
          <th scope="col">Accession</th>
          <th scope="col">Referring physician</th>
          <th scope="col">Series / images</th>
        </tr>
      </thead>
      <tbody>
        {studies.map((s) => (
          <tr key={s.studyInstanceUID} onClick={() => void navigate(viewerUrl(s))} className="study-row">
            <td>
              <Link to={viewerUrl(s)} onClick={(e) => e.stopPropagation()}>
                {formatPersonName(s.patientName) || '(no name)'}
              </Link>
            </td>
            <td>{s.patientId}</td>
            <td>
              {formatDicomDate(s.patientBirthDate)} {s.patientSex}
            </td>
            <td>
              {formatDicomDate(s.studyDate)} {formatDicomTime(s.studyTime)}
            </td>
            <td>{s.modalities.join(', ')}</td>
            <td>{s.description}</td>
            <td>{s.accessionNumber}</td>
            <td>{formatPersonName(s.referringPhysician)}</td>
            <td>
              {s.numberOfSeries ?? '–'} / {s.numberOfInstances ?? '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
