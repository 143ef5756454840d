import { useState } from 'react';
import { useDataSource } from '../../page-context/useDataSource.ts';
import { useSeriesStack } from '../loading/useSeriesStack.ts';
import { useViewerKeyboard } from '../tools/keyboard/useViewerKeyboard.ts';
import { displayChord, KEYMAP } from '../tools/keyboard/keymap.ts';
import { useViewerStore } from '../viewer-store.ts';
import { mprAvailability } from './mpr-availability.ts';
import { useMprStore } from './mpr-store.ts';
import './mpr.css';

const KEY = KEYMAP.find((b) => b.action === 'view.mpr')!.keys[0]!;

/**
 * "MPR": shows the active viewport's series as axial, coronal and sagittal planes, and back to the stack
 * (also its key). For a series that is not a regular volume it is disabled, its description saying why;
 * pressed anyway (by key), it says why in a status message.
 */
export function MprButton() {
  const source = useDataSource();
  const viewportId = useViewerStore((s) => s.activeViewportId);
  const series = useViewerStore((s) => (s.activeViewportId ? s.assignments[s.activeViewportId] : undefined));
  const stack = useSeriesStack(source, series?.studyInstanceUID, series?.seriesInstanceUID);
  const on = useMprStore((s) => viewportId !== undefined && series !== undefined && s.bySlot[viewportId] === series.seriesInstanceUID);
  const toggle = useMprStore((s) => s.toggle);
  // The refusal said for a series (not repeated for another one).
  const [refusal, setRefusal] = useState<{ seriesInstanceUID: string; text: string }>();
  const said = refusal && refusal.seriesInstanceUID === series?.seriesInstanceUID ? refusal.text : undefined;
  const images = stack.data;
  const availability = images && images.length > 0 ? mprAvailability(images) : undefined;
  const reason = !series
    ? 'No series in the active viewport.'
    : !availability
      ? 'The series is loading.'
      : availability.kind === 'refused'
        ? availability.reason
        : undefined;

  const press = () => {
    if (!viewportId || !series) return;
    if (reason && !on) {
      setRefusal({ seriesInstanceUID: series.seriesInstanceUID, text: reason });
      return;
    }
    setRefusal(undefined);
    toggle(viewportId, series.seriesInstanceUID);
  };
  useViewerKeyboard({ 'view.mpr': press });

  const tip =
    reason && !on ? `MPR is not available: ${reason}` : `${on ? 'Back to the stack' : 'MPR: axial, coronal and sagittal planes'} (${displayChord(KEY)})`;
  return (
    <>
      <button
        type="button"
        className="tool-button mpr-button"
        aria-label="MPR"
        aria-pressed={on}
        aria-disabled={reason !== undefined && !on ? true : undefined}
        aria-keyshortcuts="Shift+M"
        title={tip}
        data-tip={tip}
        onClick={press}
      >
        MPR
      </button>
      {said && (
        <span role="status" className="mpr-refusal">
          {said}
        </span>
      )}
    </>
  );
}
