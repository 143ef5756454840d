import { Link } from 'react-router';
import { useRuntimeConfig } from '../page-context/RuntimeConfigProvider.tsx';
import { reviewViewerPath } from '../peer-review/review-launch.ts';
import { formatDicomDate } from '../dicomweb/dicom-json.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { useReviewQueue } from './usePeerReview.ts';

const ORIGIN = { sampled: 'Random sample', manual: 'Added by hand' } as const;

/** The caller's open cases; each accession number is the link that opens the case in the viewer (review mode). */
export function ReviewQueue() {
  const queue = useReviewQueue(true);
  const { defaultDataSourceName } = useRuntimeConfig();
  if (queue.isPending) return <LoadingState label="Loading the review queue…" />;
  if (queue.isError)
    return (
      <ErrorPanel title="The review queue could not be loaded" message={queue.error.message} onRetry={() => void queue.refetch()} retrying={queue.isFetching} />
    );
  const { cases, quota } = queue.data;
  return (
    <>
      {quota && (
        <p className="muted">
          Your review quota this month: {quota.doneThisMonth} of {quota.perMonth} done.
        </p>
      )}
      {cases.length === 0 ? (
        <p role="status">No cases are waiting for your review.</p>
      ) : (
        <table className="study-table" aria-label="Review queue">
          <thead>
            <tr>
              <th scope="col">Accession</th>
              <th scope="col">Study</th>
              <th scope="col">Modality</th>
              <th scope="col">Study date</th>
              <th scope="col">Origin</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={reviewViewerPath(c.study, c.id, defaultDataSourceName)}>Review {c.study.accessionNumber || '(no accession)'}</Link>
                </td>
                <td>{c.study.studyDescription || '–'}</td>
                <td>{c.study.modalities.join(', ') || '–'}</td>
                <td>{formatDicomDate(c.study.studyDate) || '–'}</td>
                <td>{ORIGIN[c.origin]}</td>
                <td>{c.mine ? 'Opened by you' : 'New'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
