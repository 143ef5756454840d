import { Link, useSearchParams } from 'react-router';
import { formatDicomDate, formatPersonName } from '../../dicomweb/dicom-json.ts';
import type { StudySummary } from '../../dicomweb/study-summary.ts';
import { imageModalities } from '../../priors/modality.ts';
import { relevanceLabel, type RankedStudy } from '../../priors/rank-priors.ts';
import { formatTimeSince } from '../../priors/time-since.ts';
import type { PriorsData } from './usePriors.ts';
import './priors.css';

/**
 * The viewer URL comparing the current study with another one (data source kept), with the current
 * study's series on screen, so that it stays hung where it is.
 */
function comparisonUrl(params: URLSearchParams, currentUID: string, otherUID: string, currentSeriesUID: string | undefined): string {
  const next = new URLSearchParams();
  next.append('StudyInstanceUIDs', currentUID);
  next.append('StudyInstanceUIDs', otherUID);
  if (currentSeriesUID) next.append('SeriesInstanceUIDs', currentSeriesUID);
  next.set('hangingProtocol', 'compare');
  const dataSource = params.get('dataSource');
  if (dataSource) next.set('dataSource', dataSource);
  return `/viewer?${next.toString()}`;
}

function StudyLine({ current, ranked }: { current: StudySummary; ranked: RankedStudy }) {
  const s = ranked.study;
  return (
    <>
      <span className="prior-date">{formatDicomDate(s.studyDate) || 'No date'}</span>{' '}
      <span className="prior-since">{formatTimeSince(current.studyDate, s.studyDate)}</span>
      <br />
      <span className="prior-modality">{imageModalities(s.modalities).join(', ') || s.modalities.join(', ')}</span> ·{' '}
      <span className="prior-description">{s.description || '(no description)'}</span>
    </>
  );
}

interface PriorsPanelProps {
  current: StudySummary;
  /** The current study's series on screen (kept when another study is chosen for comparison). */
  currentSeriesUID: string | undefined;
  priors: { data: PriorsData | undefined; error: Error | null; isPending: boolean };
  /** Studies shown in the viewer now (marked as shown). */
  shownStudyUIDs: ReadonlySet<string>;
}

/**
 * Every other study of the patient (same Patient ID and issuer) with date, time since the current one,
 * modality, description and relevance; possible matches (same name and birth date under another
 * identifier) separately, never offered for comparison. DICOM strings are rendered as text.
 */
export function PriorsPanel({ current, currentSeriesUID, priors, shownStudyUIDs }: PriorsPanelProps) {
  const [params] = useSearchParams();
  let body: React.ReactNode;
  if (priors.error) body = <p role="alert">The patient’s other studies could not be loaded: {priors.error.message}</p>;
  else if (!priors.data) body = <p role="status">Looking for priors…</p>;
  else {
    const { priors: older, others, possibleMatches } = priors.data.result;
    const studies = [...older, ...others];
    body = (
      <>
        {studies.length === 0 ? (
          <p>No other studies for patient ID {current.patientId}.</p>
        ) : (
          <ul aria-label="Other studies of this patient" className="priors-list">
            {studies.map((ranked) => {
              const shown = shownStudyUIDs.has(ranked.study.studyInstanceUID);
              return (
                <li
                  key={ranked.study.studyInstanceUID}
                  className={`prior-item relevance-${ranked.relevance}${shown ? ' shown' : ''}`}
                  data-study-uid={ranked.study.studyInstanceUID}
                >
                  <Link
                    to={comparisonUrl(params, current.studyInstanceUID, ranked.study.studyInstanceUID, currentSeriesUID)}
                    aria-current={shown ? 'true' : undefined}
                  >
                    <StudyLine current={current} ranked={ranked} />
                  </Link>
                  <span className="prior-relevance">
                    <span aria-hidden="true">{ranked.relevance === 'high' ? '●●' : ranked.relevance === 'medium' ? '●○' : '○○'} </span>
                    {relevanceLabel(ranked)}
                    {shown ? ' · shown' : ''}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        {possibleMatches.length > 0 && (
          <>
            <h3>Possible matches</h3>
            <ul aria-label="Possible matches — not verified" className="priors-list possible-matches">
              {possibleMatches.map((ranked) => (
                <li key={ranked.study.studyInstanceUID} className="prior-item possible-match" data-study-uid={ranked.study.studyInstanceUID}>
                  <strong>possible match — not verified</strong>
                  <span>
                    <StudyLine current={current} ranked={ranked} />
                  </span>
                  <span className="prior-identity">
                    {formatPersonName(ranked.study.patientName)} · ID {ranked.study.patientId}
                    {ranked.study.issuerOfPatientId ? ` (${ranked.study.issuerOfPatientId})` : ''} · born {formatDicomDate(ranked.study.patientBirthDate)}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </>
    );
  }
  return (
    <section className="priors-panel" aria-label="Priors">
      <h2>Priors</h2>
      {body}
    </section>
  );
}
