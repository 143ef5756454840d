import { useCallback, useEffect, useRef, useState } from 'react';
import { claimAction, type ClaimAction } from '../../reading/reading-api.ts';
import type { ClaimHolder } from '../../reading/reading-contract.ts';

/**
 * The reader's claim of the study on screen. Opening a study claims it (radiologists only); someone
 * else's claim is shown (`held`) until the reader chooses "View read-only" or "Take over". While the
 * claim is the reader's, the page beats well within its idle time; leaving the page releases nothing
 * (the claim lapses by itself), "Release" ends it at once.
 */
export type ClaimView =
  | { state: 'off' }
  | { state: 'claiming' }
  | { state: 'mine'; holder: ClaimHolder }
  | { state: 'held'; holder: ClaimHolder }
  | { state: 'read-only'; holder: ClaimHolder }
  | { state: 'released' }
  | { state: 'failed'; message: string };

export interface StudyClaim {
  view: ClaimView;
  takeOver(): Promise<void>;
  readOnly(): void;
  release(): Promise<void>;
  claim(): Promise<void>;
}

/** A heartbeat every third of the claim's idle time, at least every 20 s apart. */
function heartbeatMs(holder: ClaimHolder): number {
  const idle = new Date(holder.expiresAt).getTime() - new Date(holder.activeAt).getTime();
  return Math.max(20_000, Math.floor(idle / 3));
}

export function useStudyClaim(studyUid: string | undefined, dataSource: string | undefined, enabled: boolean): StudyClaim {
  // The view of the study it was set for: another study shows 'claiming' until its own claim answers.
  const [claimed, setClaimed] = useState<{ uid: string | undefined; view: ClaimView }>({ uid: undefined, view: { state: 'off' } });
  const view: ClaimView = !enabled || !studyUid ? { state: 'off' } : claimed.uid === studyUid ? claimed.view : { state: 'claiming' };
  const current = useRef(studyUid);
  useEffect(() => {
    current.current = studyUid;
  });

  const run = useCallback(
    async (action: ClaimAction) => {
      if (!studyUid) return;
      const setView = (next: ClaimView | ((was: ClaimView) => ClaimView)) =>
        setClaimed((was) => ({ uid: studyUid, view: typeof next === 'function' ? next(was.uid === studyUid ? was.view : { state: 'claiming' }) : next }));
      const result = await claimAction(action, studyUid, dataSource);
      if (current.current !== studyUid) return;
      if (result.ok) {
        if (action === 'release') setView({ state: 'released' });
        else if (result.value.study.claim?.mine) setView({ state: 'mine', holder: result.value.study.claim });
        else setView({ state: 'failed', message: 'The study could not be claimed.' });
      } else if (result.held) {
        setView((was) => (was.state === 'read-only' ? { state: 'read-only', holder: result.held! } : { state: 'held', holder: result.held! }));
      } else if (result.lapsed && action === 'heartbeat') {
        // The claim lapsed (the computer slept): claim it again, as when the study was opened.
        const again = await claimAction('claim', studyUid, dataSource);
        if (current.current !== studyUid) return;
        if (again.ok && again.value.study.claim?.mine) setView({ state: 'mine', holder: again.value.study.claim });
        else if (!again.ok && again.held) setView({ state: 'held', holder: again.held });
        else setView({ state: 'failed', message: again.ok ? 'The study could not be claimed.' : again.message });
      } else {
        setView({ state: 'failed', message: result.message });
      }
    },
    [studyUid, dataSource],
  );

  useEffect(() => {
    if (enabled && studyUid) void run('claim');
  }, [enabled, studyUid, run]);

  const holder = view.state === 'mine' ? view.holder : undefined;
  useEffect(() => {
    if (!holder) return;
    const timer = setInterval(() => void run('heartbeat'), heartbeatMs(holder));
    return () => clearInterval(timer);
  }, [holder, run]);

  return {
    view,
    takeOver: () => run('take-over'),
    readOnly: () => setClaimed((was) => (was.view.state === 'held' ? { uid: was.uid, view: { state: 'read-only', holder: was.view.holder } } : was)),
    release: () => run('release'),
    claim: () => run('claim'),
  };
}
