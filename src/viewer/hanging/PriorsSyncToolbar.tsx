import type { ComparisonSync } from './sync-controller.ts';
import { useSyncStore, type Alignment, type SyncKind } from './sync-store.ts';

const ALIGNMENT_TEXT: Record<Alignment, string> = {
  'frame-of-reference': 'Positions in the two series can be compared directly: slices are paired by position.',
  'first-images':
    'The series were scanned separately, so their first images are paired. To pair other slices: turn Sync scroll off, show the same anatomy in both, then press Align.',
  reader: 'Paired by you: scrolling keeps these two slices together.',
};

function Toggle({ kind, label, disabled, title }: { kind: SyncKind; label: string; disabled?: boolean; title?: string }) {
  const on = useSyncStore((s) => s[kind]);
  const pressed = on && !disabled;
  return (
    <button type="button" aria-pressed={pressed} disabled={disabled} title={title} onClick={() => useSyncStore.getState().toggle(kind)} className="sync-toggle">
      {label}: {pressed ? 'on' : 'off'}
    </button>
  );
}

/** Sync toggles of the comparison pair, each showing its state; Align keeps the current slice offset. */
export function PriorsSyncToolbar({ sync }: { sync: ComparisonSync }) {
  const alignment = useSyncStore((s) => s.alignment);
  const offsetMm = useSyncStore((s) => s.offsetMm);
  const alignmentNote =
    alignment &&
    `${ALIGNMENT_TEXT[alignment]}${offsetMm !== undefined && alignment !== 'frame-of-reference' ? ` Paired slices lie ${Math.abs(offsetMm).toFixed(1)} mm apart in the two scans.` : ''}`;
  return (
    <div role="group" aria-label="Comparison sync" className="priors-sync">
      <Toggle
        kind="scroll"
        label="Sync scroll"
        disabled={!sync.scrollPossible}
        title={sync.scrollPossible ? undefined : 'The series are not in the same plane, or their slice positions are unknown'}
      />
      <Toggle
        kind="voi"
        label="Sync window"
        disabled={!sync.sameModality}
        title={sync.sameModality ? undefined : 'Only images of the same modality share a window'}
      />
      <Toggle
        kind="zoomPan"
        label="Sync zoom/pan"
        disabled={!sync.sameModality}
        title={sync.sameModality ? undefined : 'Only images of the same modality share zoom and pan'}
      />
      <button type="button" onClick={sync.align} disabled={!sync.scrollPossible}>
        Align
      </button>
      {sync.scrollPossible && alignment && (
        <span className="sync-state" role="status" data-testid="sync-alignment" title={alignmentNote}>
          {alignmentNote}
        </span>
      )}
    </div>
  );
}
