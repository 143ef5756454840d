import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useDataSource } from '../../page-context/useDataSource.ts';
import { parseStudyInstanceUIDs } from '../hanging/launch-params.ts';
import { usePresentationDraftStore } from './presentation-draft-store.ts';
import { usePresentationDrafts } from './usePresentationDrafts.ts';

/** Keeps the signed-in reader's annotations of the open studies as a draft in this browser, and says when it restored one. */
export function PresentationDrafts({ owner }: { owner: string | undefined }) {
  const source = useDataSource();
  const [params] = useSearchParams();
  const studies = useMemo(() => parseStudyInstanceUIDs(params), [params]);
  usePresentationDrafts(owner, source.sourceName, studies);
  const restoredNotice = usePresentationDraftStore((s) => s.restoredNotice);
  return restoredNotice ? (
    <p role="status" className="viewer-notice">
      {restoredNotice}
    </p>
  ) : null;
}
