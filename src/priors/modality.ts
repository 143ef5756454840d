/** Series that carry no images to compare (presentation states, reports, key objects…). */
const NON_IMAGE = new Set(['PR', 'SR', 'KO', 'DOC', 'REG', 'RTSTRUCT', 'RTPLAN', 'SEG', 'ECG', 'OT']);

/** Modalities that count as compatible for comparison: PET-CT pairs CT with PT, radiographs are CR or DX. */
const COMPATIBLE: ReadonlyArray<ReadonlySet<string>> = [new Set(['CT', 'PT']), new Set(['CR', 'DX'])];

export type ModalityMatch = 'same' | 'compatible' | 'none';

export function imageModalities(modalities: readonly string[]): string[] {
  return [...new Set(modalities.map((m) => m.trim().toUpperCase()).filter((m) => m && !NON_IMAGE.has(m)))];
}

export function modalityMatch(current: readonly string[], other: readonly string[]): ModalityMatch {
  const a = imageModalities(current);
  const b = imageModalities(other);
  if (a.some((m) => b.includes(m))) return 'same';
  if (a.some((x) => b.some((y) => COMPATIBLE.some((group) => group.has(x) && group.has(y))))) return 'compatible';
  return 'none';
}

export const MODALITY_RANK: Readonly<Record<ModalityMatch, number>> = { same: 2, compatible: 1, none: 0 };
