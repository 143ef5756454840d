import { useState } from 'react';
import { SIGN_IN_PATH } from '../session/next-path.ts';
import { signOut } from '../session/sign-in-api.ts';
import { useSession } from '../page-context/useSession.ts';

/** Who is signed in, and "Sign out" (ends the session on the gateway, then the sign-in page). */
export function AccountMenu() {
  const session = useSession();
  const [state, setState] = useState<'idle' | 'signing-out' | 'failed'>('idle');
  if (!session) return null;
  const leave = async () => {
    setState('signing-out');
    if (await signOut()) {
      window.location.assign(SIGN_IN_PATH);
      return;
    }
    setState('failed');
  };
  return (
    <div className="account-menu">
      <span className="account-name" title={`Signed in as ${session.username}`}>
        {session.displayName || session.username}
      </span>
      <button type="button" onClick={() => void leave()} disabled={state === 'signing-out'}>
        Sign out
      </button>
      {state === 'failed' && (
        <span role="alert" className="account-error">
          Could not sign out: the Readroom server did not answer. Try again.
        </span>
      )}
    </div>
  );
}
