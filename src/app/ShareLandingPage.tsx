import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { linkStatus, openShare } from '../shares/share-api.ts';
import type { LinkStatus } from '../shares/share-contract.ts';
import { stateOfRefusal, unusableLink } from '../shares/share-landing.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingState } from '../ui/LoadingState.tsx';
import { useDocumentTitle } from '../ui/useDocumentTitle.ts';

/**
 * `/s/<token>`: a share link's landing page, for anyone with the link (no account, no cookie). Loading
 * it changes nothing (it only asks whether the link works), so a link scanner or a preview uses nothing
 * up. "Open" exchanges the link (and the passcode) for a share session; the page then replaces its own
 * address with the viewer's, so the token leaves the address bar and the history. It never shows
 * anything of the patient or the study.
 */
export function ShareLandingPage() {
  const { token = '' } = useParams();
  useDocumentTitle('Shared study – Readroom');
  const [status, setStatus] = useState<{ state: LinkStatus; passcodeRequired: boolean } | { failed: string }>();
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState<string>();
  const [opening, setOpening] = useState(false);

  useEffect(() => {
    let live = true;
    void linkStatus(token).then((result) => live && setStatus(result.ok ? result.value : { failed: result.message }));
    return () => {
      live = false;
    };
  }, [token]);

  const open = async (event: FormEvent) => {
    event.preventDefault();
    setOpening(true);
    setError(undefined);
    const outcome = await openShare(token, passcode.trim() || undefined);
    if (outcome.kind === 'opened') {
      window.location.replace(outcome.location);
      return;
    }
    setOpening(false);
    if (outcome.kind === 'refused') {
      const state = stateOfRefusal(outcome.error);
      if (state) return setStatus({ state, passcodeRequired: false });
      if (outcome.error === 'passcode_required') setStatus({ state: 'active', passcodeRequired: true });
    }
    setError(outcome.message);
  };

  if (!status) return <LoadingState label="Checking the link…" />;
  if ('failed' in status) return <ErrorPanel title="The link could not be checked" message={status.failed} onRetry={() => window.location.reload()} />;
  if (status.state !== 'active') {
    const { title, message } = unusableLink(status.state);
    return (
      <main className="share-landing">
        <ErrorPanel title={title} message={message} />
      </main>
    );
  }
  return (
    <main className="share-landing">
      <h1>A study has been shared with you</h1>
      <p>Readroom shows medical images in the browser. Opening the link is recorded; the images are for the person it was sent to.</p>
      <form onSubmit={(e) => void open(e)} aria-label="Open the shared study">
        {status.passcodeRequired && (
          <label>
            Passcode
            <input value={passcode} onChange={(e) => setPasscode(e.target.value)} autoComplete="off" autoCapitalize="characters" required autoFocus />
          </label>
        )}
        {error && (
          <p role="alert" className="rr-form-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={opening}>
          Open
        </button>
      </form>
    </main>
  );
}
