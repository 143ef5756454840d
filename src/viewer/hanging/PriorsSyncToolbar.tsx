import type { ComparisonSync } from './sync-controller.ts';
import { useSyncStore, type Alignment, type SyncKind } from './sync-store.ts';

const ALIGNMENT_TEXT: Record<Alignment, string> = {
  'frame-of-reference': 'Same frame of reference: slices match by position.',
  'first-images': 'Different frames of reference: aligned at the first images. Turn scroll sync off, bring both to the same anatomy, then Align.',
  reader: 'Aligned by the reader; the offset is kept while scrolling.',
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
  return (
    <div role="group" aria-label="Comparison sync" className="priors-sync">
      <Toggle kind="scroll" label="Sync scroll" disabled={!sync.scrollPossible} title={sync.scrollPossible ? undefined : 'The series are not in the same plane or lack slice positions'} />
      <Toggle kind="voi" label="Sync window" disabled={!sync.sameModality} title={sync.sameModality ? undefined : 'Windows are only synchronised between the same modality'} />
      <Toggle kind="zoomPan" label="Sync zoom/pan" />
      <button type="button" onClick={sync.align} disabled={!sync.scrollPossible}>
        Align
      </button>
      {sync.scrollPossible && alignment && (
        <span className="sync-state" role="status" data-testid="sync-alignment">
          {ALIGNMENT_TEXT[alignment]}
          {offsetMm !== undefined && alignment !== 'frame-of-reference' ? ` Offset ${offsetMm.toFixed(1)} mm.` : ''}
        </span>
      )}
    </div>
  );
}
