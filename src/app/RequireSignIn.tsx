import { useEffect, type ReactNode } from 'react';
import { signInAddress } from '../session/next-path.ts';
import { LoadingState } from '../ui/LoadingState.tsx';
import { useSession } from '../page-context/useSession.ts';

/**
 * The app's pages need someone signed in. The gateway already sends a signed-out browser to the sign-in
 * page; this covers a page it did not render (the Vite dev server) the same way.
 */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const session = useSession();
  useEffect(() => {
    if (!session) window.location.replace(signInAddress(`${window.location.pathname}${window.location.search}`));
  }, [session]);
  return session ? children : <LoadingState label="Going to the sign-in page…" />;
}
