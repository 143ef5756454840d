import type { StudyEntry, SeriesEntry } from '../catalogue.ts';
import type { NaturalDataset } from '../write-part10.ts';

/** One instance ready to be written: all attributes, and pixel data for every frame. */
export interface InstanceDraft {
  dataset: NaturalDataset;
  pixelData: ArrayBufferView;
}

/** How to produce the instances of one catalogue series; instances are made one at a time. */
export interface SeriesPlan {
  modality: string;
  instanceCount: number;
  instance(index: number): InstanceDraft;
}

export type SeriesPlanner<P> = (study: StudyEntry, series: SeriesEntry, phantom: P) => SeriesPlan;

/** Stored values as signed 16-bit integers, failing loudly instead of wrapping around. */
export function toInt16(values: Int32Array, bitsStored: number): Int16Array {
  const min = -(2 ** (bitsStored - 1));
  const max = 2 ** (bitsStored - 1) - 1;
  return Int16Array.from(values, (v) => {
    if (v < min || v > max) throw new Error(`Stored value ${v} does not fit ${bitsStored} signed bits`);
    return v;
  });
}

export function toUint16(values: ArrayLike<number>, bitsStored: number): Uint16Array {
  const max = 2 ** bitsStored - 1;
  return Uint16Array.from(values, (v) => {
    if (v < 0 || v > max) throw new Error(`Stored value ${v} does not fit ${bitsStored} unsigned bits`);
    return v;
  });
}
