import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDataSource } from '../app/useDataSource.ts';
import { useRuntimeConfig } from '../app/RuntimeConfigProvider.tsx';
import { deleteDraft } from '../drafts/draft-store.ts';
import { displayChord, KEYMAP } from './keyboard/keymap.ts';
import { parseStudyInstanceUIDs } from './launch-params.ts';
import { useViewerKeyboard } from './keyboard/useViewerKeyboard.ts';
import { usePresentationDraftStore } from './presentation-draft-store.ts';
import { saveAnnotations, type SaveOutcome } from './presentation-save.ts';
import { presentationStatesQueryKey } from './presentation-states/presentation-states-query.ts';
import { creatorName } from './presentation-user.ts';
import { UnsavedAnnotationsGuard } from './UnsavedAnnotationsGuard.tsx';
import { usePresentationDrafts } from './usePresentationDrafts.ts';
import './save-annotations.css';

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'done'; outcome: SaveOutcome } | { kind: 'failed'; message: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function skippedText(outcome: SaveOutcome): string {
  return outcome.skipped.map((s) => ` ${plural(s.count, 'annotation')} ${s.count === 1 ? 'was' : 'were'} not saved: ${s.reason}.`).join('');
}

function doneText(outcome: SaveOutcome): string {
  if (outcome.kind === 'nothing') return `Nothing to save: there are no annotations to store.${skippedText(outcome)}`;
  const total = outcome.series.reduce((n, s) => n + s.annotations, 0);
  const series = outcome.series.map((s) => `series ${s.seriesNumber} “Readroom annotations”`).join(' and ');
  return `Saved ${plural(total, 'annotation')} to the archive as a new presentation state: ${series}.${skippedText(outcome)}`;
}

const SAVE_KEY = KEYMAP.find((b) => b.action === 'annotations.save')?.keys[0];

/**
 * "Save annotations": stores the reader's annotations as a new GSPS series, with its outcome in words;
 * keeps unsaved ones as a draft in this browser and asks before the reader leaves them.
 */
export function SaveAnnotations() {
  const source = useDataSource();
  const [params] = useSearchParams();
  const studies = useMemo(() => parseStudyInstanceUIDs(params), [params]);
  usePresentationDrafts(source.sourceName, studies);
  const config = useRuntimeConfig();
  const queryClient = useQueryClient();
  const restoredNotice = usePresentationDraftStore((s) => s.restoredNotice);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const busy = useRef(false);

  const save = async () => {
    if (busy.current) return;
    busy.current = true;
    setState({ kind: 'saving' });
    const changesSeen = usePresentationDraftStore.getState().changes;
    try {
      const outcome = await saveAnnotations(source, creatorName(config.user));
      if (outcome.kind === 'saved') {
        const studies = outcome.series.map((s) => s.studyInstanceUID);
        // A change made while saving stays a draft; the next save stores it.
        if (usePresentationDraftStore.getState().markSaved(studies, changesSeen)) {
          await Promise.all(studies.map((study) => deleteDraft(source.sourceName, study).catch(() => undefined)));
        }
        for (const study of studies) void queryClient.invalidateQueries({ queryKey: presentationStatesQueryKey(source, study) });
      }
      setState({ kind: 'done', outcome });
    } catch (err) {
      setState({ kind: 'failed', message: (err as Error).message });
    } finally {
      busy.current = false;
    }
  };
  useViewerKeyboard({ 'annotations.save': () => void save() });

  return (
    <div className="save-annotations">
      <UnsavedAnnotationsGuard />
      <button
        type="button"
        onClick={() => void save()}
        disabled={state.kind === 'saving'}
        title={SAVE_KEY ? `Save annotations (${displayChord(SAVE_KEY)})` : undefined}
        aria-keyshortcuts={SAVE_KEY?.replace('Ctrl', 'Control')}
      >
        Save annotations
      </button>
      {restoredNotice && (
        <p role="status" className="viewer-notice">
          {restoredNotice}
        </p>
      )}
      {state.kind === 'saving' && <p role="status">Saving annotations…</p>}
      {state.kind === 'done' && <p role="status">{doneText(state.outcome)}</p>}
      {state.kind === 'failed' && (
        <div role="alert" className="save-annotations-error">
          <p>
            The annotations could not be saved. {state.message} They are kept in this browser and can be saved when the archive answers again.
          </p>
          <button type="button" onClick={() => void save()}>
            Retry
          </button>
        </div>
      )}
    </div>
  );
}
