import type { Figures, Statistics } from '../peer-review/peer-review-contract.ts';
import { rateText, scoreCounts } from '../peer-review/figures-text.ts';
import type { Scale } from '../peer-review/radpeer.ts';
import { EXPORT_CSV_URL } from '../peer-review/peer-review-api.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { useStatistics } from './usePeerReview.ts';

function FiguresTable({
  caption,
  groupHeader,
  rows,
  scale,
}: {
  caption: string;
  groupHeader: string;
  rows: { group: string; figures: Figures }[];
  scale: Scale;
}) {
  const scores = scoreCounts(scale, { scores: {} }).map((s) => s.score);
  return (
    <table className="study-table pr-figures">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{groupHeader}</th>
          <th scope="col">Reviews</th>
          {scores.map((score) => (
            <th scope="col" key={score}>
              Score {score}
            </th>
          ))}
          <th scope="col">Awaiting arbitration</th>
          <th scope="col">Significant</th>
          <th scope="col">Significant rate (95 % CI)</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={scores.length + 5}>No reviews yet.</td>
          </tr>
        ) : (
          rows.map(({ group, figures }) => (
            <tr key={group}>
              <th scope="row">{group}</th>
              <td>{figures.reviews}</td>
              {scoreCounts(scale, figures).map(({ score, count }) => (
                <td key={score}>{count}</td>
              ))}
              <td>{figures.pendingArbitration}</td>
              <td>{figures.significant}</td>
              <td>{rateText(figures)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function StatisticsTables({ stats }: { stats: Statistics }) {
  return (
    <>
      {stats.view === 'own' && <p>Your own figures{stats.ownPseudonym ? `, as reader ${stats.ownPseudonym}` : ''}.</p>}
      <FiguresTable caption="Overall" groupHeader="Group" rows={[{ group: 'All reviews', figures: stats.overall }]} scale={stats.scale} />
      {stats.view === 'all' && (
        <FiguresTable caption="Per reader" groupHeader="Reader" rows={stats.readers.map((r) => ({ group: r.pseudonym, figures: r }))} scale={stats.scale} />
      )}
      <FiguresTable caption="Per modality" groupHeader="Modality" rows={stats.modalities.map((m) => ({ group: m.modality, figures: m }))} scale={stats.scale} />
      <FiguresTable caption="Per month" groupHeader="Month" rows={stats.months.map((m) => ({ group: m.month, figures: m }))} scale={stats.scale} />
    </>
  );
}

/** Agreement figures: reviews, score distribution and significant rate with its interval (every reader, or the caller's own). */
export function FiguresView({ canExport }: { canExport: boolean }) {
  const stats = useStatistics(true);
  return (
    <>
      {canExport && (
        <p>
          <a href={EXPORT_CSV_URL} download>
            Export CSV
          </a>{' '}
          <span className="muted">(RADPEER fields under pseudonyms; nothing that identifies the patient)</span>
        </p>
      )}
      {stats.isPending && <LoadingState label="Loading the figures…" />}
      {stats.isError && (
        <ErrorPanel title="The figures could not be loaded" message={stats.error.message} onRetry={() => void stats.refetch()} retrying={stats.isFetching} />
      )}
      {stats.isSuccess && <StatisticsTables stats={stats.data} />}
    </>
  );
}
