import { useId, useState, type FormEvent } from 'react';
import type { ArbitrationCase } from '../peer-review/peer-review-contract.ts';
import { SCORE_MEANINGS, scoresOf, type Scale, type Score } from '../peer-review/radpeer.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { OriginalReport, studyWords, time } from './StudyCells.tsx';
import { useArbitrate, useArbitrationQueue } from './usePeerReview.ts';

function KeyImageList({ images }: { images: ArbitrationCase['keyImages'] }) {
  if (images.length === 0) return <p className="muted">No key images marked.</p>;
  return (
    <ul className="pr-key-images" aria-label="Key images">
      {images.map((image) => (
        <li key={`${image.sopInstanceUid} ${image.frameNumber ?? 1}`} className="uid">
          Instance {image.sopInstanceUid}
          {image.frameNumber ? `, frame ${image.frameNumber}` : ''} (series {image.seriesInstanceUid})
        </li>
      ))}
    </ul>
  );
}

function DecisionForm({ item, scale }: { item: ArbitrationCase; scale: Scale }) {
  const id = useId();
  const [decision, setDecision] = useState<'confirm' | 'change'>('confirm');
  const [score, setScore] = useState<Score>(item.score);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();
  const decide = useArbitrate();
  const accession = item.study.accessionNumber || item.caseId;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return setProblem('A decision needs a note.');
    if (decision === 'change' && score === item.score) return setProblem('Choose another score, or confirm this one.');
    setProblem(undefined);
    decide.mutate({ reviewId: item.reviewId, body: decision === 'confirm' ? { decision, note: note.trim() } : { decision, score, note: note.trim() } });
  };
  return (
    <form className="pr-form" onSubmit={submit} aria-label={`Decision on ${accession}`} noValidate>
      <fieldset>
        <legend>Decision</legend>
        <label>
          <input type="radio" name={`${id}-decision`} checked={decision === 'confirm'} onChange={() => setDecision('confirm')} /> Confirm score {item.score}
        </label>
        <label>
          <input type="radio" name={`${id}-decision`} checked={decision === 'change'} onChange={() => setDecision('change')} /> Change the score
        </label>
      </fieldset>
      {decision === 'change' && (
        <div className="field">
          <label htmlFor={`${id}-score`}>New score</label>
          <select id={`${id}-score`} value={score} onChange={(e) => setScore(e.target.value as Score)}>
            {scoresOf(scale).map((s) => (
              <option key={s} value={s}>
                {s}: {SCORE_MEANINGS[s]}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>Note</label>
        <textarea id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={4000} />
      </div>
      {problem && (
        <p role="alert" className="pr-problem">
          {problem}
        </p>
      )}
      {decide.isError && <ErrorPanel title="The decision was not saved" message={decide.error.message} />}
      <button type="submit" disabled={decide.isPending}>
        {decide.isPending ? 'Saving…' : 'Save decision'}
      </button>
    </form>
  );
}

/**
 * Serious scores waiting for an arbiter: the read judged under pseudonyms, with the original report and key images.
 * No link into the viewer: its report panel names the reader, which the pseudonyms are there to keep out.
 */
export function ArbitrationQueue() {
  const list = useArbitrationQueue(true);
  if (list.isPending) return <LoadingState label="Loading the arbitration queue…" />;
  if (list.isError)
    return (
      <ErrorPanel
        title="The arbitration queue could not be loaded"
        message={list.error.message}
        onRetry={() => void list.refetch()}
        retrying={list.isFetching}
      />
    );
  if (list.data.cases.length === 0) return <p role="status">No reviews are waiting for arbitration.</p>;
  return (
    <ul className="pr-cards">
      {list.data.cases.map((item) => (
        <li key={item.reviewId}>
          <article className="pr-card" aria-labelledby={`arb-${item.reviewId}`}>
            <h3 id={`arb-${item.reviewId}`}>
              Accession {item.study.accessionNumber || '(none)'}: score {item.score}
            </h3>
            <p className="muted">{studyWords(item.study)}</p>
            <dl className="pr-facts">
              <dt>Score</dt>
              <dd>
                {item.score}: {SCORE_MEANINGS[item.score]}
              </dd>
              <dt>Comment</dt>
              <dd className="pr-report-text">{item.comment || '(none)'}</dd>
              <dt>Original reader</dt>
              <dd>{item.readerPseudonym}</dd>
              <dt>Reviewer</dt>
              <dd>{item.reviewerPseudonym}</dd>
              <dt>Reviewed</dt>
              <dd>{time(item.submittedAt)}</dd>
            </dl>
            <h4>Original report</h4>
            <OriginalReport {...item.originalReport} />
            <h4>Key images</h4>
            <KeyImageList images={item.keyImages} />
            <DecisionForm item={item} scale={list.data.scale} />
          </article>
        </li>
      ))}
    </ul>
  );
}
