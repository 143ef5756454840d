import { useId, useRef, useState, type FormEvent } from 'react';
import type { Session } from '../session/session.ts';
import { signIn, type SignInOutcome } from '../session/sign-in-api.ts';

type Notice = { kind: 'error' | 'info'; text: string } | undefined;

interface SignInFormProps {
  /** Filled in (the reader whose session ended). */
  initialUsername?: string;
  /** Called once the gateway has set the new session cookie. */
  onSignedIn: (session: Session) => void;
  /** Focus the first empty field when shown (the sign-in page; a dialog focuses by itself). */
  autoFocus?: boolean;
}

/**
 * Username and password (and the authenticator code once the gateway asks for it), posted to
 * `POST /api/session`. Every refusal is shown in words, the gateway's own where it gives them
 * (wrong password, locked after too many failures).
 */
export function SignInForm({ initialUsername = '', onSignedIn, autoFocus = false }: SignInFormProps) {
  const id = useId();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [totpAsked, setTotpAsked] = useState(false);
  const [notice, setNotice] = useState<Notice>(undefined);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const totpRef = useRef<HTMLInputElement>(null);

  const show = (outcome: Exclude<SignInOutcome, { kind: 'signed-in' }>) => {
    if (outcome.kind === 'totp-required') {
      setTotpAsked(true);
      setNotice({ kind: 'info', text: outcome.message });
      // After React has rendered the field.
      setTimeout(() => totpRef.current?.focus(), 0);
      return;
    }
    setNotice({ kind: 'error', text: outcome.message });
    if (outcome.kind === 'invalid') {
      setPassword('');
      setTotp('');
      passwordRef.current?.focus();
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setNotice(undefined);
    const outcome = await signIn({ username: username.trim(), password, ...(totpAsked && totp.trim() ? { totp: totp.trim() } : {}) });
    if (outcome.kind === 'signed-in') {
      onSignedIn(outcome.session);
      // The form stays busy: the caller goes on (a navigation, or the dialog closes).
      return;
    }
    setBusy(false);
    show(outcome);
  };

  return (
    <form className="sign-in-form" onSubmit={(e) => void submit(e)} aria-busy={busy}>
      <label htmlFor={`${id}-username`}>Username</label>
      <input
        id={`${id}-username`}
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        autoFocus={autoFocus && initialUsername === ''}
      />
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        ref={passwordRef}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        autoFocus={initialUsername !== ''}
      />
      {totpAsked && (
        <>
          <label htmlFor={`${id}-totp`}>Authentication code</label>
          <input
            id={`${id}-totp`}
            ref={totpRef}
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            aria-describedby={`${id}-totp-hint`}
            value={totp}
            onChange={(e) => setTotp(e.target.value)}
          />
          <p id={`${id}-totp-hint`} className="sign-in-hint">
            The six-digit code from your authenticator app.
          </p>
        </>
      )}
      {notice && (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={notice.kind === 'error' ? 'sign-in-error' : 'sign-in-info'}>
          {notice.text}
        </p>
      )}
      <button type="submit" className="sign-in-submit" disabled={busy}>
        Sign in
      </button>
      {busy && (
        <p role="status" className="sign-in-hint">
          Signing in…
        </p>
      )}
    </form>
  );
}
