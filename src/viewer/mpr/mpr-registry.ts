import type { SliceMove } from '../../imaging/slice-navigation.ts';

/** What page-level actions (window presets, navigation keys) need of an MPR on screen, by layout slot. */
export interface MprTarget {
  applyWindow(width: number, center: number): void;
  /** Moves the MPR's active plane through its slices. */
  navigate(move: SliceMove): void;
  /** Turns the other two planes about the crosshairs' centre, in the active plane: 1 counter-clockwise, −1 clockwise. */
  rotate(direction: 1 | -1): void;
  /** Plays cine through the active plane, or stops it. */
  toggleCine(): void;
}

const targets = new Map<string, MprTarget>();

export function registerMprTarget(slotId: string, target: MprTarget): () => void {
  targets.set(slotId, target);
  return () => {
    if (targets.get(slotId) === target) targets.delete(slotId);
  };
}

/** The MPR shown in slot `slotId`, if any. */
export function mprTarget(slotId: string | undefined): MprTarget | undefined {
  return slotId === undefined ? undefined : targets.get(slotId);
}
