import type { Figures } from './peer-review-contract.ts';
import { isSerious, type Score } from './radpeer.ts';

/**
 * Agreement figures of a group of reviews (a reader, a modality, a month): how many, the score that counts
 * per review, and the significant discrepancy rate with its 95 % Wilson score interval. A serious score
 * waiting for arbitration is not counted yet: it may still be changed.
 */

/** One review as the figures see it. */
export interface ReviewOutcome {
  finalScore: Score;
  /** A serious score not yet confirmed or changed by an arbiter. */
  pendingArbitration: boolean;
}

/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/**
 * The Wilson score interval of `successes` out of `trials` (z = 1.96 by default): better than the normal
 * approximation for small samples and rates near 0 or 1, and never outside [0, 1]. null for no trials.
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): [number, number] | null {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || trials < 0 || successes < 0 || successes > trials) {
    throw new RangeError(`wilsonInterval(${successes}, ${trials}): need whole numbers with 0 ≤ successes ≤ trials`);
  }
  if (trials === 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // At 0 and at every trial the bound is exactly 0 or 1 (rounding would leave 1e-17 either side).
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === trials ? 1 : Math.min(1, centre + half)];
}

export function figuresOf(reviews: readonly ReviewOutcome[]): Figures {
  const scores: Partial<Record<Score, number>> = {};
  let counted = 0;
  let significant = 0;
  let pendingArbitration = 0;
  for (const review of reviews) {
    if (review.pendingArbitration) {
      pendingArbitration += 1;
      continue;
    }
    counted += 1;
    scores[review.finalScore] = (scores[review.finalScore] ?? 0) + 1;
    if (isSerious(review.finalScore)) significant += 1;
  }
  return {
    reviews: reviews.length,
    scores,
    pendingArbitration,
    significant,
    rate: counted === 0 ? null : significant / counted,
    interval: wilsonInterval(significant, counted),
  };
}

/** Reviews grouped by a key (a review may fall in several groups: a study of two modalities), keys sorted. */
export function figuresBy<T extends ReviewOutcome>(reviews: readonly T[], keysOf: (review: T) => readonly string[]): Array<[string, Figures]> {
  const groups = new Map<string, T[]>();
  for (const review of reviews) {
    for (const key of new Set(keysOf(review))) groups.set(key, [...(groups.get(key) ?? []), review]);
  }
  return [...groups.keys()].sort().map((key) => [key, figuresOf(groups.get(key)!)]);
}
