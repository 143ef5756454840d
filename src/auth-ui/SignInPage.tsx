import { useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { safeNextPath } from '../session/next-path.ts';
import type { Session } from '../session/session.ts';
import { SignInForm } from './SignInForm.tsx';
import { SignInProviders } from './SignInProviders.tsx';
import './sign-in.css';

/**
 * `/sign-in`, the one page served without a session. After signing in the browser goes to `next` (the
 * address it asked for, e.g. a viewer launch URL) with a full page load, so that the gateway renders the
 * page with the new session in it; to `/` when `next` is missing or not a path on this site.
 */
export function SignInPage({ signedInAs }: { signedInAs: Session | undefined }) {
  const [params] = useSearchParams();
  const next = useMemo(() => safeNextPath(params.get('next'), window.location.origin), [params]);
  useEffect(() => {
    document.title = 'Sign in – Readroom';
    return () => {
      document.title = 'Readroom';
    };
  }, []);
  return (
    <main className="sign-in-page">
      <div className="sign-in-card">
        <h1>Sign in to Readroom</h1>
        {signedInAs && (
          <p className="sign-in-info">
            You are signed in as {signedInAs.displayName}. <a href={next ?? '/'}>Continue</a>, or sign in as someone else.
          </p>
        )}
        <SignInForm autoFocus onSignedIn={() => window.location.assign(next ?? '/')} />
        <SignInProviders next={next} />
      </div>
    </main>
  );
}
