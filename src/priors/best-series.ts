import { modalityMatch } from './modality.ts';

export type ScanPlane = 'axial' | 'coronal' | 'sagittal' | 'oblique';

/** What is known about a series when choosing one to compare; everything but the UID is optional. */
export interface SeriesFacts {
  seriesInstanceUID: string;
  modality: string;
  description: string;
  seriesNumber?: number;
  plane?: ScanPlane;
  sliceThickness?: number;
}

/** The plane of an image from Image Orientation (Patient): the axis its normal is closest to. */
export function scanPlane(iop: readonly number[]): ScanPlane | undefined {
  if (iop.length !== 6 || iop.some((v) => !Number.isFinite(v))) return undefined;
  const [rx, ry, rz, cx, cy, cz] = iop as [number, number, number, number, number, number];
  const n = [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx].map(Math.abs) as [number, number, number];
  const max = Math.max(...n);
  if (max < 0.8) return 'oblique';
  return max === n[2] ? 'axial' : max === n[1] ? 'coronal' : 'sagittal';
}

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}.]+/u)
      .filter((w) => w.length > 0),
  );
}

/** Jaccard similarity of the description words (0–1). */
export function descriptionSimilarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.size === 0 || wb.size === 0) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / (wa.size + wb.size - shared);
}

function score(reference: SeriesFacts, candidate: SeriesFacts): number {
  const modality = modalityMatch([reference.modality], [candidate.modality]);
  let s = modality === 'same' ? 8 : modality === 'compatible' ? 4 : 0;
  if (reference.plane && candidate.plane) s += reference.plane === candidate.plane ? 4 : 0;
  s += 3 * descriptionSimilarity(reference.description, candidate.description);
  if (reference.sliceThickness && candidate.sliceThickness) {
    const a = reference.sliceThickness;
    const b = candidate.sliceThickness;
    s += 2 * (Math.min(a, b) / Math.max(a, b));
  }
  return s;
}

/**
 * The series of another study that best matches `reference`: same (or compatible) modality, same plane,
 * similar description and slice thickness; ties go to the earlier candidate (display order).
 */
export function bestMatchingSeries<T extends SeriesFacts>(reference: SeriesFacts | undefined, candidates: readonly T[]): T | undefined {
  if (!reference) return candidates[0];
  let best: T | undefined;
  let bestScore = -1;
  for (const c of candidates) {
    const s = score(reference, c);
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}
