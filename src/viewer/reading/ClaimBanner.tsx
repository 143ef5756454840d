import { useState } from 'react';
import { useModalDialog } from '../../ui/useModalDialog.ts';
import type { StudyClaim } from './useStudyClaim.ts';

/** "Since" as the reader reads it: the time today, else the date and time. */
export function sinceText(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === now.toDateString();
  return sameDay ? at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : at.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

function TakeOverDialog({ name, onConfirm, onClose }: { name: string; onConfirm: () => void; onClose: () => void }) {
  const ref = useModalDialog();
  return (
    <dialog ref={ref} className="rr-dialog" aria-labelledby="take-over-title" onClose={onClose} onCancel={onClose}>
      <h2 id="take-over-title">Take over this study?</h2>
      <p>{name} is reading it. Taking it over ends their claim; they see that you have taken it, and the take-over is recorded in the audit trail.</p>
      <div className="rr-dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={onConfirm}>
          Take over
        </button>
      </div>
    </dialog>
  );
}

/**
 * Someone else is reading the study: "In progress — <name>, since <time>", with "View read-only" (the
 * banner shrinks to a note; nothing is claimed) and "Take over" (after a confirmation).
 */
export function ClaimBanner({ claim }: { claim: StudyClaim }) {
  const [confirming, setConfirming] = useState(false);
  const { view } = claim;
  if (view.state === 'failed') {
    return (
      <p role="alert" className="viewer-notice claim-banner">
        The study could not be claimed for reading: {view.message}{' '}
        <button type="button" onClick={() => void claim.claim()}>
          Try again
        </button>
      </p>
    );
  }
  if (view.state !== 'held' && view.state !== 'read-only') return null;
  const text = `In progress — ${view.holder.name}, since ${sinceText(view.holder.since)}`;
  if (view.state === 'read-only') {
    return (
      <p role="status" className="viewer-notice claim-banner read-only">
        Read-only: {text}.{' '}
        <button type="button" onClick={() => setConfirming(true)}>
          Take over
        </button>
        {confirming && (
          <TakeOverDialog
            name={view.holder.name}
            onClose={() => setConfirming(false)}
            onConfirm={() => void claim.takeOver().then(() => setConfirming(false))}
          />
        )}
      </p>
    );
  }
  return (
    <div role="alert" className="viewer-notice claim-banner">
      <span>{text}</span>
      <button type="button" onClick={claim.readOnly}>
        View read-only
      </button>
      <button type="button" onClick={() => setConfirming(true)}>
        Take over
      </button>
      {confirming && (
        <TakeOverDialog name={view.holder.name} onClose={() => setConfirming(false)} onConfirm={() => void claim.takeOver().then(() => setConfirming(false))} />
      )}
    </div>
  );
}
