import type { Session } from '../session/session.ts';
import type { SessionEndReason } from '../session/session-state.ts';
import { useModalDialog } from '../ui/useModalDialog.ts';
import { SignInForm } from './SignInForm.tsx';
import { SignInProviders } from './SignInProviders.tsx';
import './sign-in.css';

interface SessionEndedDialogProps {
  /** Who this page belongs to (filled in; another user signing in does not continue this page). */
  session: Session;
  reason: SessionEndReason;
  onSignedIn: (session: Session) => void;
}

/**
 * Shown over the page, which stays as it is underneath (images, layout, unsaved annotations), when the
 * gateway refuses the session. It cannot be dismissed: nothing on the page can be asked for until
 * someone signs in. Requests wait meanwhile and go on afterwards.
 */
export function SessionEndedDialog({ session, reason, onSignedIn }: SessionEndedDialogProps) {
  const ref = useModalDialog();
  const here = `${window.location.pathname}${window.location.search}`;
  return (
    <dialog
      ref={ref}
      className="rr-dialog session-ended-dialog"
      aria-labelledby="session-ended-title"
      aria-describedby="session-ended-text"
      onCancel={(e) => e.preventDefault()}
    >
      <h2 id="session-ended-title">Your session has ended — sign in again</h2>
      <p id="session-ended-text">
        {reason === 'session_expired' ? 'Readroom signed you out (your session timed out or was ended).' : 'You are no longer signed in.'} Sign in to go on
        where you were: the images, the layout and your unsaved annotations stay as they are.
      </p>
      <SignInForm initialUsername={session.username} onSignedIn={onSignedIn} />
      <SignInProviders
        next={here}
        note="This leaves the page; your unsaved annotations are kept in this browser and come back when you open the study again."
      />
    </dialog>
  );
}
