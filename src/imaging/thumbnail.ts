import type { InstanceListing } from '../dicomweb/series-instances.ts';

export interface FrameRef {
  sopInstanceUID: string;
  /** 1-based frame number. */
  frame: number;
}

/** Frames in the series (multi-frame instances count each frame). */
export function countFrames(instances: readonly InstanceListing[]): number {
  return instances.reduce((n, i) => n + Math.max(1, i.numberOfFrames), 0);
}

/** The middle frame of the series in instance order: a representative thumbnail. */
export function middleFrame(instances: readonly InstanceListing[]): FrameRef | undefined {
  const ordered = [...instances].sort((a, b) => (a.instanceNumber ?? Infinity) - (b.instanceNumber ?? Infinity));
  let remaining = Math.floor((countFrames(ordered) - 1) / 2);
  for (const inst of ordered) {
    const frames = Math.max(1, inst.numberOfFrames);
    if (remaining < frames) return { sopInstanceUID: inst.sopInstanceUID, frame: remaining + 1 };
    remaining -= frames;
  }
  return undefined;
}
