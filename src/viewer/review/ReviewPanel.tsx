import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { formatDicomDate } from '../../dicomweb/dicom-json.ts';
import { useSession } from '../../page-context/useSession.ts';
import { MAX_KEY_IMAGES, type CaseView, type Review } from '../../peer-review/peer-review-contract.ts';
import { needsComment, SCORE_MEANINGS, scoresOf, type Score } from '../../peer-review/radpeer.ts';
import { clearReviewDraft, isKeyImage, loadReviewDraft, saveReviewDraft, toggleKeyImage, type ReviewDraft } from '../../peer-review/review-draft.ts';
import { imageOnScreen } from './image-on-screen.ts';
import { keyImageLabel } from './key-image-label.ts';
import { useReviewCase, useSubmitReview } from './useReviewCase.ts';
import './review.css';

export const REVIEW_PANEL_ID = 'viewer-review-panel';

const KOS_TITLE_TEXT = { 'for-peer-review': 'For Peer Review', 'quality-issue': 'Quality Issue' } as const;
const ARBITRATION_TEXT: Record<Review['arbitration'], string> = {
  'not-needed': 'No arbitration needed',
  pending: 'Waiting for arbitration',
  confirmed: 'Confirmed by the arbiter',
  changed: 'Changed by the arbiter',
};
const KOS_STATE_TEXT: Record<Review['kosState'], string> = {
  none: 'No key images were marked',
  pending: 'The key-image document is being stored in the archive',
  stored: 'The key-image document is stored in the study',
  failed: 'The key-image document could not be stored',
};

const storage = (): Storage | undefined => (typeof sessionStorage === 'undefined' ? undefined : sessionStorage);

/** The form state of a case, kept in sessionStorage (by user and case) until the review is submitted (the form is keyed by case). */
function useReviewDraft(username: string, caseId: string): [ReviewDraft, (change: (d: ReviewDraft) => ReviewDraft) => void, () => void] {
  const [draft, setDraft] = useState(() => loadReviewDraft(storage(), username, caseId));
  const change = (f: (d: ReviewDraft) => ReviewDraft) =>
    setDraft((d) => {
      const next = f(d);
      saveReviewDraft(storage(), username, caseId, next);
      return next;
    });
  const clear = () => clearReviewDraft(storage(), username, caseId);
  return [draft, change, clear];
}

function OriginalReport({ report }: { report: CaseView['originalReport'] }) {
  return (
    <section aria-labelledby="review-original-title" className="review-original">
      <h3 id="review-original-title">Original report</h3>
      <p className="muted">
        Signed {new Date(report.signedAt).toLocaleString()}
        {report.readerName ? ` by ${report.readerName}` : ''}
      </p>
      {report.sections.map((section, i) => (
        <section key={`${i} ${section.title}`} aria-label={section.title}>
          <h4>{section.title}</h4>
          <p className="review-text">{section.text || '(empty)'}</p>
        </section>
      ))}
    </section>
  );
}

function ReviewResult({ review, justSubmitted }: { review: Review; justSubmitted: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The form (and its focused Submit button) is gone: the reader lands on what happened.
  useEffect(() => {
    if (justSubmitted) heading.current?.focus();
  }, [justSubmitted]);
  return (
    <section aria-labelledby="review-result-title" className="review-result">
      <h3 id="review-result-title" ref={heading} tabIndex={-1}>
        Review submitted
      </h3>
      <dl>
        <dt>Score</dt>
        <dd>
          {review.score}
          {review.finalScore !== review.score ? ` (counts as ${review.finalScore})` : ''}
        </dd>
        <dt>Arbitration</dt>
        <dd>{ARBITRATION_TEXT[review.arbitration]}</dd>
        <dt>Key images</dt>
        <dd>
          {KOS_STATE_TEXT[review.kosState]}
          {review.keyImages.length > 0
            ? ` (${review.keyImages.length} ${review.keyImages.length === 1 ? 'image' : 'images'}${review.kosTitle ? `, “${KOS_TITLE_TEXT[review.kosTitle]}”` : ''})`
            : ''}
        </dd>
      </dl>
      <p>
        <Link to="/peer-review">Back to the review queue</Link>
      </p>
    </section>
  );
}

function ReviewForm({ view, source, username }: { view: CaseView; source: DataSource; username: string }) {
  const id = useId();
  const [draft, change, clear] = useReviewDraft(username, view.id);
  const [problem, setProblem] = useState<string>();
  const [note, setNote] = useState<string>();
  const submit = useSubmitReview(view.id);
  const studyUID = view.study.studyInstanceUid;
  const commentNeeded = draft.score !== null && needsComment(draft.score);
  const markImage = () => {
    const found = imageOnScreen(studyUID);
    if (!found.ok) return setNote(found.reason);
    const label = keyImageLabel(source.wadoRoot, studyUID, found.image);
    const marking = !isKeyImage(draft, found.image);
    if (marking && draft.keyImages.length >= MAX_KEY_IMAGES) return setNote(`At most ${MAX_KEY_IMAGES} key images can be marked.`);
    change((d) => toggleKeyImage(d, found.image));
    setNote(`${marking ? 'Marked' : 'Unmarked'} as key image: ${label}`);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.score === null) return setProblem('Choose a RADPEER score.');
    if (needsComment(draft.score) && !draft.comment.trim()) return setProblem(`A comment is required for score ${draft.score} (2b and above).`);
    setProblem(undefined);
    submit.mutate(
      {
        score: draft.score,
        comment: draft.comment.trim(),
        keyImages: draft.keyImages,
        ...(draft.keyImages.length > 0 ? { kosTitle: draft.kosTitle } : {}),
      },
      { onSuccess: clear },
    );
  };
  return (
    <form className="review-form" onSubmit={onSubmit} aria-label="Review" noValidate>
      <section aria-labelledby={`${id}-keys`} className="review-keys">
        <h3 id={`${id}-keys`}>Key images</h3>
        <button type="button" onClick={markImage}>
          Key image
        </button>
        <p role="status" className="muted review-note">
          {note ?? 'Marks (or unmarks) the image on screen in the active viewport.'}
        </p>
        {draft.keyImages.length === 0 ? (
          <p className="muted">No key images marked.</p>
        ) : (
          <>
            <ul aria-label="Marked key images" className="review-key-list">
              {draft.keyImages.map((image) => {
                const label = keyImageLabel(source.wadoRoot, studyUID, image);
                return (
                  <li key={`${image.sopInstanceUid} ${image.frameNumber ?? 1}`}>
                    <span>{label}</span>
                    <button type="button" aria-label={`Remove key image ${label}`} onClick={() => change((d) => toggleKeyImage(d, image))}>
                      Remove
                    </button>
                  </li>
                );
              })}
            </ul>
            <div className="review-field">
              <label htmlFor={`${id}-title`}>Key image set title</label>
              <select
                id={`${id}-title`}
                value={draft.kosTitle}
                onChange={(e) => change((d) => ({ ...d, kosTitle: e.target.value as ReviewDraft['kosTitle'] }))}
              >
                <option value="for-peer-review">For Peer Review</option>
                <option value="quality-issue">Quality Issue</option>
              </select>
            </div>
          </>
        )}
      </section>
      <div role="radiogroup" aria-labelledby={`${id}-score`} aria-required="true" className="review-scores">
        <h3 id={`${id}-score`}>RADPEER score</h3>
        {scoresOf(view.scale).map((score: Score) => (
          <div key={score} className="review-score">
            <label>
              <input
                type="radio"
                name={`${id}-score`}
                value={score}
                checked={draft.score === score}
                onChange={() => change((d) => ({ ...d, score }))}
                aria-describedby={`${id}-meaning-${score}`}
              />
              <span className="review-score-name">{score}</span>
            </label>
            <span id={`${id}-meaning-${score}`} className="review-score-meaning">
              {SCORE_MEANINGS[score]}
            </span>
          </div>
        ))}
      </div>
      <div className="review-field">
        <label htmlFor={`${id}-comment`}>Comment</label>
        <textarea
          id={`${id}-comment`}
          rows={5}
          maxLength={4000}
          value={draft.comment}
          required={commentNeeded}
          aria-describedby={`${id}-comment-hint`}
          onChange={(e) => change((d) => ({ ...d, comment: e.target.value }))}
        />
        <span id={`${id}-comment-hint`} className={commentNeeded ? 'review-hint required' : 'review-hint muted'}>
          {commentNeeded ? `Required for score ${draft.score}: say what was missed or misread.` : 'Required for 2b and above.'}
        </span>
      </div>
      {problem && (
        <p role="alert" className="review-problem">
          {problem}
        </p>
      )}
      {submit.isError && (
        <p role="alert" className="review-problem">
          The review was not accepted: {submit.error.message}
        </p>
      )}
      <button type="submit" disabled={submit.isPending}>
        {submit.isPending ? 'Submitting…' : 'Submit review'}
      </button>
    </form>
  );
}

function caseError(error: { status: number | null; message: string }): string {
  if (error.status === 409) return `Another reviewer has this case. ${error.message}`;
  if (error.status === 404) return 'This case is not open to you (it may be your own read, or no longer in the pool).';
  return error.message;
}

/** Review mode's panel in place of the report panel: the case, the original report (blinded), key images and the RADPEER form. */
export function ReviewPanel({ caseId, source }: { caseId: string; source: DataSource }) {
  const view = useReviewCase(caseId);
  const session = useSession();
  // Whether the case was already reviewed when opened; if not, a result shown later was submitted here (and takes the focus).
  const [openedReviewed, setOpenedReviewed] = useState<boolean>();
  if (view.isSuccess && openedReviewed === undefined) setOpenedReviewed(view.data.review !== null);
  return (
    <aside className="review-panel" aria-label="Peer review" id={REVIEW_PANEL_ID}>
      <h2>Peer review</h2>
      {view.isPending && <p>Opening the case…</p>}
      {view.isError && (
        <div role="alert" className="review-problem">
          <p>{caseError(view.error)}</p>
          <p>
            <Link to="/peer-review">Back to the review queue</Link>
          </p>
        </div>
      )}
      {view.isSuccess && (
        <>
          <p className="muted">
            Accession {view.data.study.accessionNumber || '(none)'} · {view.data.study.studyDescription || 'No description'} ·{' '}
            {formatDicomDate(view.data.study.studyDate)}
          </p>
          {view.data.review ? (
            <ReviewResult review={view.data.review} justSubmitted={openedReviewed === false} />
          ) : view.data.state === 'withdrawn' ? (
            <p role="status">This case was withdrawn from peer review (an addendum was signed before it was reviewed).</p>
          ) : (
            <ReviewForm key={`${session?.username ?? ''} ${view.data.id}`} view={view.data} source={source} username={session?.username ?? ''} />
          )}
          <OriginalReport report={view.data.originalReport} />
        </>
      )}
    </aside>
  );
}
