import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { claimNext } from '../../reading/reading-api.ts';
import { useWorklistViewStudies } from '../../page-context/next-study.ts';
import { rememberedWorklistSearch } from '../../session/worklist-return.ts';
import { KEYMAP } from '../tools/keyboard/keymap.ts';
import { useViewerKeyboard } from '../tools/keyboard/useViewerKeyboard.ts';
import type { StudyClaim } from './useStudyClaim.ts';
import { sinceText } from './ClaimBanner.tsx';

const NEXT_KEY = KEYMAP.find((b) => b.action === 'study.next')?.keys[0] ?? '';

/**
 * The viewer's reading controls, at the top of the series panel (the toolbar row is full at 1280 px in
 * comparison, and a row of their own would take height from the images): the reader's claim, "Release"
 * (ends it) and "Next" (and its key N, which works with the panel closed too), which opens the next
 * unread study of the worklist view the reader came from (the last worklist query of this tab) and
 * claims it, without the list. On a compact screen only the key N remains.
 */
export function ReadingControls({
  claim,
  source,
  dataSource,
  compact,
}: {
  claim: StudyClaim;
  source: DataSource;
  dataSource: string | undefined;
  /** A phone or tablet: only "Next" (the toolbars share one row there; the claim lapses by itself). */
  compact: boolean;
}) {
  const viewStudies = useWorklistViewStudies();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();

  const next = async () => {
    if (busy || !viewStudies) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const candidates = await viewStudies(source, dataSource, rememberedWorklistSearch());
      const result = await claimNext(candidates, dataSource);
      if (!result.ok) setMessage(result.message);
      else if (result.value === null) setMessage('No unread study is left in this worklist view.');
      else {
        const query = new URLSearchParams({ StudyInstanceUIDs: result.value });
        if (dataSource) query.set('dataSource', dataSource);
        void navigate(`/viewer?${query.toString()}`);
      }
    } catch (error) {
      setMessage(`The next study could not be found: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  useViewerKeyboard({ 'study.next': () => void next() });

  if (compact) return null;
  const state =
    claim.view.state === 'mine'
      ? `Reading: yours, since ${sinceText(claim.view.holder.since)}`
      : claim.view.state === 'claiming'
        ? 'Claiming…'
        : claim.view.state === 'released'
          ? 'Released: unread for everyone'
          : claim.view.state === 'held' || claim.view.state === 'read-only'
            ? 'Read-only'
            : '';
  return (
    <div className="reading-bar" role="toolbar" aria-label="Reading">
      <span className="reading-state">{state}</span>
      {/* Always there (disabled until the claim is the reader's): the toolbar keeps its size when the claim answers. */}
      {claim.view.state === 'released' ? (
        <button type="button" onClick={() => void claim.claim()}>
          Claim
        </button>
      ) : (
        <button
          type="button"
          disabled={claim.view.state !== 'mine'}
          onClick={() => void claim.release()}
          title="End your claim: the study is unread again for everyone"
        >
          Release
        </button>
      )}
      <button
        type="button"
        onClick={() => void next()}
        disabled={busy}
        aria-keyshortcuts={NEXT_KEY}
        title={`Next unread study of the worklist view (${NEXT_KEY.toUpperCase()})`}
      >
        Next
      </button>
      {message && (
        <span role="status" className="next-study-message">
          {message}
        </span>
      )}
    </div>
  );
}
