import { randomBytes } from 'node:crypto';
import type { PeerReviewConfig } from '../config.ts';

/**
 * Which newly finalised studies enter the peer-review pool: a random sample at the configured rate (per
 * modality where one is set: a study of several modalities takes the highest of theirs), never a second
 * case for one study, never a study that already has an addendum (its report was corrected before anyone
 * reviewed it), and, when configured, only studies whose patient has an earlier study. Pure: the draw comes
 * from an injectable source, `cryptoDraw` (the operating system's CSPRNG) in the gateway.
 * That the reviewer is never the original reader is a rule of the queue, not of sampling.
 */

export type SamplingRules = Pick<PeerReviewConfig, 'rate' | 'modalityRates' | 'requirePrior'>;

/** A uniform number in [0, 1). */
export type Draw = () => number;

const RESOLUTION = 2 ** 48;

/** A uniform draw in [0, 1) from node:crypto (48 random bits). */
export const cryptoDraw: Draw = () => randomBytes(6).readUIntBE(0, 6) / RESOLUTION;

export interface SamplingCandidate {
  /** The study's modalities (Modalities in Study). */
  modalities: readonly string[];
  /** A case for this study already exists (in any state). */
  hasCase: boolean;
  /** An addendum to the study's final report was signed. */
  hasAddendum: boolean;
  /** Whether the patient has an earlier study; undefined when not asked (the rule is off). */
  hasPrior?: boolean | undefined;
}

export type SamplingDecision =
  { enter: true; rate: number; rule: string } | { enter: false; reason: 'already-in-pool' | 'addended' | 'no-prior' | 'not-drawn'; rate: number; rule: string };

/** The rate that applies to a study and the rule it comes from ("modality CT" or "overall rate"). */
export function rateFor(modalities: readonly string[], rules: Pick<SamplingRules, 'rate' | 'modalityRates'>): { rate: number; rule: string } {
  let best: { rate: number; rule: string } | undefined;
  for (const modality of new Set(modalities.map((m) => m.trim().toUpperCase()))) {
    const rate = rules.modalityRates[modality];
    if (rate !== undefined && (best === undefined || rate > best.rate)) best = { rate, rule: `modality ${modality}` };
  }
  return best ?? { rate: rules.rate, rule: 'overall rate' };
}

export function decideSampling(candidate: SamplingCandidate, rules: SamplingRules, draw: Draw): SamplingDecision {
  const { rate, rule } = rateFor(candidate.modalities, rules);
  if (candidate.hasCase) return { enter: false, reason: 'already-in-pool', rate, rule };
  if (candidate.hasAddendum) return { enter: false, reason: 'addended', rate, rule };
  if (rules.requirePrior && candidate.hasPrior !== true) return { enter: false, reason: 'no-prior', rate, rule };
  // rate 100 always enters (a draw is below 1), rate 0 never does.
  return draw() * 100 < rate ? { enter: true, rate, rule } : { enter: false, reason: 'not-drawn', rate, rule };
}
