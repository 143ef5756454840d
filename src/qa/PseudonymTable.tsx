import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { usePseudonyms } from './usePeerReview.ts';

/** Who is behind each pseudonym (administrators only). */
export function PseudonymTable() {
  const list = usePseudonyms(true);
  if (list.isPending) return <LoadingState label="Loading the pseudonyms…" />;
  if (list.isError)
    return (
      <ErrorPanel title="The pseudonyms could not be loaded" message={list.error.message} onRetry={() => void list.refetch()} retrying={list.isFetching} />
    );
  if (list.data.length === 0) return <p role="status">No reader has a pseudonym yet.</p>;
  return (
    <table className="study-table" aria-label="Pseudonyms">
      <thead>
        <tr>
          <th scope="col">Pseudonym</th>
          <th scope="col">Username</th>
          <th scope="col">Name</th>
        </tr>
      </thead>
      <tbody>
        {list.data.map((p) => (
          <tr key={p.pseudonym}>
            <th scope="row">{p.pseudonym}</th>
            <td>{p.username}</td>
            <td>{p.displayName}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
