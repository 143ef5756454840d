import { useEffect, useState } from 'react';
import { keptDraftNotice } from '../../drafts/annotation-draft.ts';
import { useSession } from '../../page-context/useSession.ts';
import { readDraft } from '../../drafts/draft-store.ts';

/**
 * When a study cannot be opened (the archive is down), says that its unsaved annotations are safe in
 * this browser; they are restored once the study opens.
 */
export function UnsavedDraftNotice({ sourceName, studyInstanceUIDs }: { sourceName: string; studyInstanceUIDs: readonly string[] }) {
  const owner = useSession()?.username;
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const key = studyInstanceUIDs.join(',');
  useEffect(() => {
    if (owner === undefined) return;
    let cancelled = false;
    void Promise.all(key.split(',').map((study) => readDraft(owner, sourceName, study).catch(() => undefined))).then((drafts) => {
      const kept = drafts.filter((d) => d !== undefined && d.annotations.length > 0);
      const count = kept.reduce((n, d) => n + d!.annotations.length, 0);
      const newest = Math.max(0, ...kept.map((d) => d!.updatedAt));
      if (!cancelled) setNotice(count > 0 ? keptDraftNotice(count, newest) : undefined);
    });
    return () => {
      cancelled = true;
    };
  }, [owner, sourceName, key]);
  return notice ? (
    <p role="status" className="viewer-notice">
      {notice}
    </p>
  ) : null;
}
