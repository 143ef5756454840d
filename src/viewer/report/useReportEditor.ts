import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { deleteLocalReportDraft, readLocalReportDraft, writeLocalReportDraft } from '../../reports/local-report-draft.ts';
import { fetchReportState, saveReportDraft, signReport, addAddendum, type SignResult } from '../../reports/report-api.ts';
import type { DraftContent, ReportComparison, ReportDraft, ReportState } from '../../reports/report-contract.ts';
import { sameContent } from '../../reports/report-rules.ts';

/**
 * The report editor's state: the content being written, kept in this browser at every change and saved
 * to the gateway shortly after the reader stops typing (one save at a time, the next based on the
 * revision the last one got). A save the gateway refuses because a newer draft was saved elsewhere is a
 * conflict the reader settles; a save that fails is tried again. While the session has ended the save
 * waits (sessionFetch) and goes out once the reader has signed in again.
 */

/** The content of a draft the server answered (without its revision and time). */
export function contentOf(draft: DraftContent): DraftContent {
  return { templateId: draft.templateId, sections: draft.sections, comparison: draft.comparison, references: draft.references };
}

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'retrying' | 'conflict';

const SAVE_DELAY_MS = 800;
const RETRY_DELAY_MS = 3_000;

export function reportQueryKey(sourceName: string, studyInstanceUID: string) {
  return ['report', sourceName, studyInstanceUID] as const;
}

export function useReportState(sourceName: string, sourceId: string | undefined, studyInstanceUID: string, enabled = true) {
  return useQuery({
    queryKey: reportQueryKey(sourceName, studyInstanceUID),
    queryFn: () => fetchReportState(studyInstanceUID, sourceId),
    enabled,
    staleTime: 30_000,
  });
}

export interface ReportEditor {
  state: ReportState | undefined;
  loadError: Error | null;
  content: DraftContent | undefined;
  status: SaveStatus;
  /** A newer draft saved elsewhere, while the reader decides. */
  conflict: ReportDraft | undefined;
  message: string | undefined;
  change: (update: (content: DraftContent) => DraftContent) => void;
  /** Fills in a report nobody has written to yet (nothing saved): no save, no local copy. */
  prefill: (update: (content: DraftContent) => DraftContent) => void;
  keepMine: () => void;
  useSaved: () => void;
  sign: (status: 'preliminary' | 'final') => Promise<SignResult>;
  addendum: (text: string) => Promise<SignResult>;
}

export function useReportEditor(options: {
  owner: string | undefined;
  sourceName: string;
  sourceId: string | undefined;
  studyInstanceUID: string;
  mayWrite: boolean;
  /** The content a new report starts with (the template, the comparison with the hung prior). */
  initial: () => DraftContent;
}): ReportEditor {
  const { owner, sourceName, sourceId, studyInstanceUID, mayWrite } = options;
  const query = useReportState(sourceName, sourceId, studyInstanceUID);
  const queryClient = useQueryClient();
  const [content, setContent] = useState<DraftContent>();
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [conflict, setConflict] = useState<ReportDraft>();
  const [message, setMessage] = useState<string>();
  const initial = useRef(options.initial);
  useEffect(() => {
    initial.current = options.initial;
  });

  // The save loop's own state (not rendered).
  const live = useRef({
    content: undefined as DraftContent | undefined,
    base: 0,
    saved: undefined as DraftContent | undefined,
    inFlight: false,
    timer: 0,
    closed: false,
  });
  const startedFor = useRef<string | undefined>(undefined);

  const saveNow = useCallback(async (): Promise<boolean> => {
    const s = live.current;
    window.clearTimeout(s.timer);
    if (!owner || !s.content || s.inFlight || s.closed) return false;
    const retryLater = () => {
      s.timer = window.setTimeout(() => void saveNow(), RETRY_DELAY_MS);
    };
    // Until the server has what is in the editor (the reader may type on while a save is out).
    for (;;) {
      if (s.saved && sameContent(s.saved, s.content)) {
        setStatus('saved');
        await deleteLocalReportDraft(owner, sourceName, studyInstanceUID).catch(() => undefined);
        return true;
      }
      const sent = s.content;
      s.inFlight = true;
      setStatus('saving');
      const result = await saveReportDraft(studyInstanceUID, sourceId, sent, s.base);
      s.inFlight = false;
      if (s.closed) return false;
      if (result.ok) {
        s.base = result.draft.revision;
        s.saved = sent;
        setMessage(undefined);
        // Keep the local copy's base current while there is more to save.
        if (!sameContent(sent, s.content)) await writeLocalReportDraft(owner, sourceName, studyInstanceUID, s.base, s.content).catch(() => undefined);
        continue;
      }
      if (result.conflict) {
        setConflict(result.conflict);
        setStatus('conflict');
        setMessage(result.message);
        return false;
      }
      setStatus('retrying');
      setMessage(result.message);
      if (result.status < 400 || result.status >= 500) retryLater();
      return false;
    }
  }, [owner, sourceName, sourceId, studyInstanceUID]);

  // Start once per study, when the server's state and the local copy are known.
  const state = query.data;
  useEffect(() => {
    if (!state || !owner || startedFor.current === studyInstanceUID) return;
    startedFor.current = studyInstanceUID;
    const s = live.current;
    s.closed = false;
    let cancelled = false;
    void readLocalReportDraft(owner, sourceName, studyInstanceUID)
      .catch(() => undefined)
      .then((local) => {
        if (cancelled) return;
        const server = state.draft;
        const hasFinal = state.reports.some((r) => r.status === 'final');
        if (hasFinal || !mayWrite) {
          s.content = undefined;
          setContent(undefined);
          return;
        }
        if (server) {
          s.base = server.revision;
          s.saved = contentOf(server);
          s.content = contentOf(server);
        } else {
          s.base = 0;
          const preliminary = [...state.reports].reverse().find((r) => r.status === 'preliminary');
          s.content = preliminary ? { templateId: '', sections: preliminary.sections, comparison: preliminary.comparison, references: [] } : initial.current();
          s.saved = undefined;
        }
        // What this browser had that the server has not: it wins if written over the server's revision,
        // otherwise the save will meet the newer draft and the reader decides.
        if (local && !sameContent(local.content, s.content)) {
          s.content = local.content;
          s.base = local.baseRevision;
          setContent(local.content);
          void saveNow();
        } else {
          setContent(s.content);
          setStatus(server ? 'saved' : 'idle');
        }
      });
    return () => {
      cancelled = true;
    };
  }, [state, owner, sourceName, studyInstanceUID, mayWrite, saveNow]);

  useEffect(
    () => () => {
      const s = live.current;
      window.clearTimeout(s.timer);
      s.closed = true;
      startedFor.current = undefined;
    },
    [studyInstanceUID],
  );

  const change = useCallback(
    (update: (content: DraftContent) => DraftContent) => {
      const s = live.current;
      if (!s.content || !owner) return;
      s.content = update(s.content);
      setContent(s.content);
      void writeLocalReportDraft(owner, sourceName, studyInstanceUID, s.base, s.content).catch(() => undefined);
      if (live.current.inFlight) return;
      setStatus((current) => (current === 'conflict' ? current : 'saving'));
      window.clearTimeout(s.timer);
      s.timer = window.setTimeout(() => void saveNow(), SAVE_DELAY_MS);
    },
    [owner, sourceName, studyInstanceUID, saveNow],
  );

  const prefill = useCallback((update: (content: DraftContent) => DraftContent) => {
    const s = live.current;
    if (!s.content || s.saved || s.inFlight) return;
    s.content = update(s.content);
    setContent(s.content);
  }, []);

  const keepMine = useCallback(() => {
    if (!conflict) return;
    live.current.base = conflict.revision;
    live.current.saved = contentOf(conflict);
    setConflict(undefined);
    void saveNow();
  }, [conflict, saveNow]);

  const useSaved = useCallback(() => {
    if (!conflict || !owner) return;
    const s = live.current;
    s.base = conflict.revision;
    s.saved = contentOf(conflict);
    s.content = contentOf(conflict);
    setContent(s.content);
    setConflict(undefined);
    setStatus('saved');
    void deleteLocalReportDraft(owner, sourceName, studyInstanceUID).catch(() => undefined);
  }, [conflict, owner, sourceName, studyInstanceUID]);

  const adopt = useCallback(
    (result: SignResult) => {
      if (result.ok) queryClient.setQueryData(reportQueryKey(sourceName, studyInstanceUID), result.state);
      return result;
    },
    [queryClient, sourceName, studyInstanceUID],
  );

  const sign = useCallback(
    async (signedStatus: 'preliminary' | 'final'): Promise<SignResult> => {
      const s = live.current;
      // What is signed is what the server has: save the last keystrokes first.
      while (s.inFlight) await new Promise((resolve) => setTimeout(resolve, 50));
      if (!(await saveNow())) return { ok: false, status: 0, message: 'The draft is not saved yet, so it cannot be signed. Try again in a moment.' };
      const result = adopt(await signReport(studyInstanceUID, sourceId, signedStatus, s.base));
      if (result.ok && signedStatus === 'final') {
        s.content = undefined;
        setContent(undefined);
        setStatus('idle');
        if (owner) await deleteLocalReportDraft(owner, sourceName, studyInstanceUID).catch(() => undefined);
      }
      return result;
    },
    [saveNow, adopt, owner, sourceName, sourceId, studyInstanceUID],
  );

  const addendum = useCallback(async (text: string) => adopt(await addAddendum(studyInstanceUID, sourceId, text)), [adopt, studyInstanceUID, sourceId]);

  return { state, loadError: query.error, content, status, conflict, message, change, prefill, keepMine, useSaved, sign, addendum };
}

/** The comparison of a new report: the hung prior's date and description. */
export function comparisonOf(prior: { studyInstanceUID: string; studyDate: string; description: string } | undefined): ReportComparison | null {
  return prior ? { studyInstanceUid: prior.studyInstanceUID, date: prior.studyDate, description: prior.description } : null;
}
