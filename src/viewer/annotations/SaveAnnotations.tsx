import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useDataSource } from '../../page-context/useDataSource.ts';
import { deleteDraft } from '../../drafts/draft-store.ts';
import type { Session } from '../../session/session.ts';
import { KEYMAP } from '../tools/keyboard/keymap.ts';
import { ToolButton } from '../tools/ToolButton.tsx';
import { useViewerKeyboard } from '../tools/keyboard/useViewerKeyboard.ts';
import { usePresentationDraftStore } from './presentation-draft-store.ts';
import { saveAnnotations, type SavedKeyImages, type SaveOutcome } from './presentation-save.ts';
import { keyImageSetsQuery } from '../key-images/key-image-sets-query.ts';
import { presentationStatesQueryKey } from '../presentation-states/presentation-states-query.ts';
import { UnsavedAnnotationsGuard } from './UnsavedAnnotationsGuard.tsx';
import './save-annotations.css';

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'done'; outcome: SaveOutcome } | { kind: 'failed'; message: string };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function skippedText(outcome: SaveOutcome): string {
  return outcome.skipped.map((s) => ` ${plural(s.count, s.unit ?? 'annotation')} ${s.count === 1 ? 'was' : 'were'} not saved: ${s.reason}.`).join('');
}

function keyImagesText(saved: SavedKeyImages): string {
  const states =
    saved.withPresentationState > 0 ? ` (${saved.withPresentationState} with ${saved.withPresentationState === 1 ? 'its' : 'their'} presentation state)` : '';
  return `${plural(saved.images, 'key image')} as series ${saved.seriesNumber} “Of Interest”${states}`;
}

function doneText(outcome: SaveOutcome): string {
  if (outcome.kind === 'nothing') return `Nothing to save: there are no annotations or key images to store.${skippedText(outcome)}`;
  const total = outcome.series.reduce((n, s) => n + s.annotations, 0);
  const series = outcome.series.map((s) => `series ${s.seriesNumber} “Readroom annotations”`).join(' and ');
  const annotations = outcome.series.length > 0 ? `Saved ${plural(total, 'annotation')} to the archive as a new presentation state: ${series}.` : '';
  const keyImages = outcome.keyImages.length > 0 ? `Saved ${outcome.keyImages.map(keyImagesText).join(' and ')} to the archive.` : '';
  return `${[annotations, keyImages].filter(Boolean).join(' ')}${skippedText(outcome)}`;
}

const SAVE_KEY = KEYMAP.find((b) => b.action === 'annotations.save')?.keys[0];

/**
 * "Save annotations" (for a reader whose roles may store images): stores the reader's annotations as a
 * new GSPS series authored by the signed-in user and their key images as a new KOS "Of Interest", with its outcome in words, and asks before the reader
 * leaves unsaved ones (their draft is kept by PresentationDrafts).
 */
export function SaveAnnotations({ session }: { session: Session }) {
  const source = useDataSource();
  const queryClient = useQueryClient();
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const busy = useRef(false);

  const save = async () => {
    if (busy.current) return;
    busy.current = true;
    setState({ kind: 'saving' });
    const changesSeen = usePresentationDraftStore.getState().changes;
    try {
      // The author is the signed-in user; a different user signing in over an ended session reloads the page.
      const outcome = await saveAnnotations(source, session.personName);
      if (outcome.kind === 'saved') {
        const studies = [...new Set([...outcome.series, ...outcome.keyImages].map((s) => s.studyInstanceUID))];
        // A change made while saving stays a draft; the next save stores it.
        if (usePresentationDraftStore.getState().markSaved(studies, changesSeen)) {
          await Promise.all(studies.map((study) => deleteDraft(session.username, source.sourceName, study).catch(() => undefined)));
        }
        for (const study of studies) {
          void queryClient.invalidateQueries({ queryKey: presentationStatesQueryKey(source, study) });
          void queryClient.invalidateQueries({ queryKey: keyImageSetsQuery(source, study).queryKey });
        }
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
      <ToolButton label="Save annotations" icon="save" shortcut={SAVE_KEY} disabled={state.kind === 'saving'} onClick={() => void save()} />
      {state.kind === 'saving' && <p role="status">Saving annotations…</p>}
      {state.kind === 'done' && <p role="status">{doneText(state.outcome)}</p>}
      {state.kind === 'failed' && (
        <div role="alert" className="save-annotations-error">
          <p>The annotations could not be saved. {state.message} They are kept in this browser and can be saved when the archive answers again.</p>
          <button type="button" onClick={() => void save()}>
            Retry
          </button>
        </div>
      )}
    </div>
  );
}
