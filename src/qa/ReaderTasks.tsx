import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useRuntimeConfig } from '../page-context/RuntimeConfigProvider.tsx';
import type { ReaderTask } from '../peer-review/peer-review-contract.ts';
import { SCORE_MEANINGS } from '../peer-review/radpeer.ts';
import { studyViewerPath } from '../peer-review/review-launch.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { studyWords, time } from './StudyCells.tsx';
import { useCloseTask, useReaderTasks } from './usePeerReview.ts';

const STATE: Record<ReaderTask['state'], string> = { open: 'Open', addended: 'Addendum signed', closed: 'Closed without addendum' };

function CloseForm({ task }: { task: ReaderTask }) {
  const id = useId();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();
  const close = useCloseTask();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return setProblem('Say why no addendum is needed.');
    setProblem(undefined);
    close.mutate({ taskId: task.id, note: note.trim() });
  };
  return (
    <form className="pr-form" onSubmit={submit} aria-label={`Close ${task.study.accessionNumber || task.id} without addendum`} noValidate>
      <div className="field">
        <label htmlFor={`${id}-note`}>Closing note</label>
        <textarea id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={4000} />
      </div>
      {problem && (
        <p role="alert" className="pr-problem">
          {problem}
        </p>
      )}
      {close.isError && <ErrorPanel title="The task was not closed" message={close.error.message} />}
      <button type="submit" disabled={close.isPending}>
        Close without addendum
      </button>
    </form>
  );
}

/** What peer review found in the caller's own reads: never who reviewed them. The addendum is written in the viewer's report panel. */
export function ReaderTasks() {
  const tasks = useReaderTasks(true);
  const { defaultDataSourceName } = useRuntimeConfig();
  if (tasks.isPending) return <LoadingState label="Loading your review tasks…" />;
  if (tasks.isError)
    return (
      <ErrorPanel
        title="Your review tasks could not be loaded"
        message={tasks.error.message}
        onRetry={() => void tasks.refetch()}
        retrying={tasks.isFetching}
      />
    );
  if (tasks.data.length === 0) return <p role="status">Peer review has given you no tasks.</p>;
  return (
    <ul className="pr-cards" aria-label="Review tasks">
      {tasks.data.map((task) => (
        <li key={task.id}>
          <article className="pr-card" aria-labelledby={`task-${task.id}`}>
            <h3 id={`task-${task.id}`}>
              Accession {task.study.accessionNumber || '(none)'}: {STATE[task.state]}
            </h3>
            <p className="muted">{studyWords(task.study)}</p>
            <dl className="pr-facts">
              <dt>Score</dt>
              <dd>
                {task.score}: {SCORE_MEANINGS[task.score]}
              </dd>
              <dt>Review comment</dt>
              <dd className="pr-report-text">{task.reviewComment || '(none)'}</dd>
              <dt>Arbiter's note</dt>
              <dd className="pr-report-text">{task.arbiterNote || '(none)'}</dd>
              <dt>Since</dt>
              <dd>{time(task.createdAt)}</dd>
              {task.closedAt && (
                <>
                  <dt>Closed</dt>
                  <dd>
                    {time(task.closedAt)}
                    {task.closingNote ? `: ${task.closingNote}` : ''}
                  </dd>
                </>
              )}
            </dl>
            <p>
              <Link to={studyViewerPath(task.study, defaultDataSourceName)}>Open the study {task.study.accessionNumber} (Addendum in its report panel)</Link>
            </p>
            {task.state === 'open' && <CloseForm task={task} />}
          </article>
        </li>
      ))}
    </ul>
  );
}
