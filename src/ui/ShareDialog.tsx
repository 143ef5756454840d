import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { createShare, listShares, revokeShare, shareHistory, type Result } from '../shares/share-api.ts';
import type { CreatedShare, ShareHistoryEntry, ShareLink } from '../shares/share-contract.ts';
import { generatePasscode } from '../shares/share-passcode.ts';
import { useModalDialog } from './useModalDialog.ts';
import './share-dialog.css';

/**
 * "Share" a study with a referring clinician: recipient, validity, use limit, passcode and priors; the
 * link is shown once (with Copy and a QR code: its token is not stored anywhere to show it again), and
 * the study's existing links are listed with their uses and state, each with Revoke. A modal <dialog>:
 * the page behind it is inert while it is open (focus stays in the dialog; Escape closes it).
 */

export interface ShareDialogProps {
  studyInstanceUid: string;
  /** The study's data source (sent when it is not the default). */
  dataSource?: string | undefined;
  /** How the study is named in the dialog (its description and date, as plain text). */
  studyLabel: string;
  onClose: () => void;
}

const STATE_LABEL: Record<ShareLink['state'], string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
  blocked: 'Blocked (wrong passcodes)',
  'used-up': 'Used up',
};

function when(iso: string | null): string {
  if (!iso) return 'never';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

interface Form {
  recipient: string;
  days: string;
  maxUses: string;
  passcode: string;
  includePriors: boolean;
}

export function ShareDialog({ studyInstanceUid, dataSource, studyLabel, onClose }: ShareDialogProps) {
  const ref = useModalDialog();
  const [form, setForm] = useState<Form>({ recipient: '', days: '7', maxUses: '', passcode: '', includePriors: false });
  const [error, setError] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ share: CreatedShare; link: string; passcode: string; qr: string | undefined }>();
  const [copied, setCopied] = useState<string>();
  const [links, setLinks] = useState<Result<ShareLink[]>>();
  const [history, setHistory] = useState<{ link: ShareLink; events: Result<ShareHistoryEntry[]> }>();

  const refresh = useCallback(async () => setLinks(await listShares(studyInstanceUid)), [studyInstanceUid]);
  useEffect(() => {
    let live = true;
    void listShares(studyInstanceUid).then((result) => live && setLinks(result));
    return () => {
      live = false;
    };
  }, [studyInstanceUid]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const days = Number(form.days);
    if (!form.days.trim() || !Number.isFinite(days) || days <= 0) return setError('Valid for: enter a number of days greater than 0.');
    const maxUses = form.maxUses.trim() ? Number(form.maxUses) : undefined;
    if (maxUses !== undefined && (!Number.isInteger(maxUses) || maxUses < 1))
      return setError('Maximum uses: enter a whole number of at least 1, or leave it empty.');
    setCreating(true);
    setError(undefined);
    const passcode = form.passcode.trim();
    const result = await createShare({
      studyInstanceUids: [studyInstanceUid],
      ...(dataSource ? { dataSource } : {}),
      expiresInDays: days,
      ...(maxUses !== undefined ? { maxUses } : {}),
      ...(passcode ? { passcode } : {}),
      ...(form.recipient.trim() ? { recipient: form.recipient.trim() } : {}),
      includePriors: form.includePriors,
    });
    setCreating(false);
    if (!result.ok) return setError(result.message);
    const link = new URL(result.value.url, window.location.origin).href;
    // The QR encoder is loaded only when a link is made (not with the worklist or the viewer).
    const qr = await import('qrcode')
      .then(({ default: QRCode }) => QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 220 }))
      .catch(() => undefined);
    setCreated({ share: result.value, link, passcode, qr });
    void refresh();
  };

  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied.`);
    } catch {
      setCopied(`Could not copy: select the ${what.toLowerCase()} and copy it by hand.`);
    }
  };

  const showHistory = async (link: ShareLink) => setHistory({ link, events: await shareHistory(link.id) });

  const revoke = async (link: ShareLink) => {
    const result = await revokeShare(link.id);
    if (!result.ok) return setError(result.message);
    void refresh();
  };

  const field = (key: 'recipient' | 'days' | 'maxUses', label: string, extra: Record<string, string> = {}) => (
    <label>
      {label}
      <input value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} {...extra} />
    </label>
  );

  return (
    <dialog ref={ref} className="rr-dialog share-dialog" aria-labelledby="share-dialog-title" onClose={onClose} onCancel={onClose}>
      <h2 id="share-dialog-title">Share this study</h2>
      <p className="share-study">{studyLabel}</p>
      {created ? (
        <section aria-labelledby="share-created-title" className="share-created">
          <h3 id="share-created-title">Link created</h3>
          <p>This link is shown only now: copy it or let the recipient scan the code. Give the passcode separately (by phone).</p>
          <label>
            Link
            <input readOnly value={created.link} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <div className="share-row">
            <button type="button" onClick={() => void copy(created.link, 'Link')}>
              Copy link
            </button>
            {created.passcode && (
              <span>
                Passcode: <strong className="share-passcode">{created.passcode}</strong>
              </span>
            )}
          </div>
          {copied && <p role="status">{copied}</p>}
          {created.qr && <img className="share-qr" src={created.qr} width={220} height={220} alt="QR code of the link" />}
          <p>
            Valid until {when(created.share.expiresAt)}; opens {created.share.studyCount} {created.share.studyCount === 1 ? 'study' : 'studies'}.
          </p>
          <button type="button" onClick={() => setCreated(undefined)}>
            Create another link
          </button>
        </section>
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-label="New share link">
          {field('recipient', 'Recipient', { placeholder: 'e.g. Dr Okafor, ED', maxLength: '200' })}
          {field('days', 'Valid for (days)', { inputMode: 'decimal' })}
          {field('maxUses', 'Maximum uses (optional)', { inputMode: 'numeric' })}
          <label>
            Passcode (optional)
            <input value={form.passcode} autoComplete="off" onChange={(e) => setForm({ ...form, passcode: e.target.value })} />
          </label>
          <div className="share-row">
            <button type="button" onClick={() => setForm({ ...form, passcode: generatePasscode() })}>
              Generate passcode
            </button>
          </div>
          <label className="share-checkbox">
            <input type="checkbox" checked={form.includePriors} onChange={(e) => setForm({ ...form, includePriors: e.target.checked })} />
            Include the patient&apos;s prior studies
          </label>
          {error && (
            <p role="alert" className="rr-form-error">
              {error}
            </p>
          )}
          <button type="submit" disabled={creating}>
            {creating ? 'Creating…' : 'Create link'}
          </button>
        </form>
      )}
      <section aria-labelledby="share-links-title">
        <h3 id="share-links-title">Links to this study</h3>
        {!links ? (
          <p>Loading…</p>
        ) : !links.ok ? (
          <p role="alert">{links.message}</p>
        ) : links.value.length === 0 ? (
          <p>No links yet.</p>
        ) : (
          <table className="share-links">
            <thead>
              <tr>
                <th scope="col">Recipient</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Uses</th>
                <th scope="col">Last use</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {links.value.map((link) => (
                <tr key={link.id}>
                  <td>{link.recipient || '(no name)'}</td>
                  <td>{when(link.createdAt)}</td>
                  <td>{when(link.expiresAt)}</td>
                  <td>
                    {link.useCount}
                    {link.maxUses !== null ? ` / ${link.maxUses}` : ''}
                  </td>
                  <td>{when(link.lastUsedAt)}</td>
                  <td>{STATE_LABEL[link.state]}</td>
                  <td className="share-actions">
                    <button
                      type="button"
                      aria-label={`History of the link for ${link.recipient || 'no name'} created ${when(link.createdAt)}`}
                      onClick={() => void showHistory(link)}
                    >
                      History
                    </button>
                    {link.state !== 'revoked' && (
                      <button
                        type="button"
                        aria-label={`Revoke the link for ${link.recipient || 'no name'} created ${when(link.createdAt)}`}
                        onClick={() => void revoke(link)}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {history && (
        <section aria-labelledby="share-history-title">
          <h3 id="share-history-title">History of the link for {history.link.recipient || '(no name)'}</h3>
          {!history.events.ok ? (
            <p role="alert">{history.events.message}</p>
          ) : (
            <ul className="share-history">
              {history.events.value.map((event, i) => (
                <li key={i}>
                  {when(event.at)}: {event.what}
                  {event.clientAddress ? ` (from ${event.clientAddress})` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <div className="rr-dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
