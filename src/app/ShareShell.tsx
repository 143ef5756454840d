import { useEffect, useState } from 'react';
import { Outlet } from 'react-router';
import { shareSessionAlive } from '../shares/share-api.ts';
import type { ShareSession } from '../shares/share-contract.ts';
import { SHARE_ENDED } from '../shares/share-landing.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';

/** How often an open shared study asks whether its link still works (a revoked link ends within seconds). */
const CHECK_EVERY_MS = 5_000;

/**
 * The page of a share link's recipient: a plain header (who shared it, until when), the viewer, no
 * worklist and no account. The link is re-checked by the gateway on every request; this page also asks
 * every few seconds, so that a revoked or expired link takes the images off the screen even while the
 * recipient is only looking.
 */
export function ShareShell({ share }: { share: ShareSession }) {
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    if (ended) return;
    const timer = window.setInterval(() => {
      void shareSessionAlive().then((alive) => alive === false && setEnded(true));
    }, CHECK_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [ended]);
  const until = new Date(share.expiresAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="app-shell share-shell">
      <header className="app-header">
        <span className="brand">Readroom</span>
        <span className="share-header-text">
          Shared study{share.sharedBy ? ` from ${share.sharedBy}` : ''}
          {share.recipient ? ` for ${share.recipient}` : ''} · link valid until {until}
        </span>
      </header>
      <main className="app-main">{ended ? <ErrorPanel title={SHARE_ENDED.title} message={SHARE_ENDED.message} /> : <Outlet />}</main>
    </div>
  );
}

/** Any other address under a share session: only the shared study is open. */
export function ShareOnlyPage({ viewerPath }: { viewerPath: string }) {
  return (
    <ErrorPanel title="Only the shared study is available" message="This link opens one shared study, nothing else of Readroom.">
      <p>
        <a href={viewerPath}>Open the shared study</a>
      </p>
    </ErrorPanel>
  );
}
