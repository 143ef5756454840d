import { useEffect, useId } from 'react';
import type { DataSource } from '../../dicomweb/runtime-config.ts';
import { summarisePresentation } from '../../gsps/presentation-summary.ts';
import { usePresentationStates } from './presentation-states-query.ts';
import { usePresentationStore } from './presentation-store.ts';
import './presentation-states.css';

/**
 * The study's presentation states (Content Label, creator, creation date and time), one button each to
 * apply it and "None" to go back. Nothing is shown for a study without any.
 */
export function PresentationStateList({ source, studyInstanceUID }: { source: DataSource; studyInstanceUID: string }) {
  const query = usePresentationStates(source, studyInstanceUID);
  const chosen = usePresentationStore((s) => s.chosen);
  const { choose, clear } = usePresentationStore.getState();
  const headingId = useId();
  // Leaving the study takes its presentation state off the viewports.
  useEffect(
    () => () => {
      if (usePresentationStore.getState().chosen?.content.studyInstanceUID === studyInstanceUID) usePresentationStore.getState().clear();
    },
    [studyInstanceUID],
  );
  if (query.isPending) return null;
  if (query.isError) {
    return (
      <section className="presentation-states" aria-labelledby={headingId}>
        <h3 id={headingId}>Presentation states</h3>
        <p role="alert">
          The presentation states could not be loaded: {query.error.message}{' '}
          <button type="button" onClick={() => void query.refetch()}>
            Retry
          </button>
        </p>
      </section>
    );
  }
  const { states, skipped } = query.data;
  if (states.length === 0) return null;
  const chosenHere = chosen && chosen.content.studyInstanceUID === studyInstanceUID ? chosen.content.sopInstanceUID : undefined;
  return (
    <section className="presentation-states" aria-labelledby={headingId}>
      <h3 id={headingId}>Presentation states</h3>
      <ul>
        <li>
          <button type="button" aria-pressed={chosenHere === undefined} onClick={clear}>
            None
          </button>
        </li>
        {states.map((state) => {
          const { label, creator, created } = summarisePresentation(state);
          return (
            <li key={state.sopInstanceUID} data-testid="presentation-state">
              <button
                type="button"
                aria-pressed={chosenHere === state.sopInstanceUID}
                disabled={state.referencedImages.length === 0}
                onClick={() => choose(state)}
                aria-label={`${label}, by ${creator}${created ? `, ${created}` : ''}`}
              >
                <span className="presentation-state-label">{label}</span>
                <span className="presentation-state-meta">
                  {creator}
                  {created && ` · ${created}`}
                </span>
                {state.description && <span className="presentation-state-meta">{state.description}</span>}
              </button>
              {state.warnings.length > 0 && (
                <ul className="presentation-state-warnings" aria-label={`Not shown of ${label}`}>
                  {[...new Set(state.warnings)].map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      {skipped > 0 && (
        <p className="presentation-state-meta">
          {skipped === 1 ? '1 presentation state of another kind is not listed.' : `${skipped} presentation states of other kinds are not listed.`}
        </p>
      )}
    </section>
  );
}
