import { SessionEndedDialog } from '../auth-ui/SessionEndedDialog.tsx';
import type { Session } from '../session/session.ts';
import { leaveForAnotherUser, resumeSession } from '../session/session-state.ts';
import { useSession, useSessionEnded } from '../page-context/useSession.ts';

/**
 * Over whatever page is open (it is not unmounted): the sign-in dialog while the session has ended. The
 * same reader signing in again lets the waiting requests go on; another user gets the page reloaded for
 * them instead, so that nothing is saved or shown under the wrong name.
 */
export function SessionEndedGuard() {
  const session = useSession();
  const ended = useSessionEnded();
  if (!session || !ended) return null;
  const signedIn = (next: Session) => {
    if (next.username === session.username) {
      resumeSession(next);
      return;
    }
    leaveForAnotherUser();
    window.location.reload();
  };
  return <SessionEndedDialog session={session} reason={ended} onSignedIn={signedIn} />;
}
