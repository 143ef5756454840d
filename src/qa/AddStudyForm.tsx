import { useId, useState, type FormEvent } from 'react';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { useAddCase } from './usePeerReview.ts';

const UID = /^[0-9]+(?:\.[0-9]+)*$/;

/** A QA user adds a finalised study to the pool by hand (a discrepancy found in clinical work), saying why. */
export function AddStudyForm() {
  const uidId = useId();
  const reasonId = useId();
  const [uid, setUid] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const add = useAddCase();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const studyInstanceUid = uid.trim();
    if (!UID.test(studyInstanceUid) || studyInstanceUid.length > 64) return setProblem('The Study Instance UID is digits and dots, at most 64 characters.');
    if (!reason.trim()) return setProblem('Say why the study is added.');
    setProblem(undefined);
    add.mutate(
      { studyInstanceUid, reason: reason.trim() },
      {
        onSuccess: () => {
          setUid('');
          setReason('');
        },
      },
    );
  };
  return (
    <form className="pr-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={uidId}>Study Instance UID</label>
        <input id={uidId} value={uid} onChange={(e) => setUid(e.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor={reasonId}>Reason</label>
        <textarea id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={4000} />
      </div>
      {problem && (
        <p role="alert" className="pr-problem">
          {problem}
        </p>
      )}
      {add.isError && <ErrorPanel title="The study was not added" message={add.error.message} />}
      {add.isSuccess && <p role="status">The study was added to the review pool.</p>}
      <button type="submit" disabled={add.isPending}>
        {add.isPending ? 'Adding…' : 'Add to peer review'}
      </button>
    </form>
  );
}
