/**
 * The RADPEER scales a peer review is scored on. The current ACR scale has three scores, the two
 * discrepancy scores with a modifier: a (unlikely to be clinically significant) or b (likely to be). The
 * older four-point scale (score 4: a discrepancy that should be made almost every time) is a
 * configuration option for groups that still use it.
 */

export const SCALES = ['radpeer', 'radpeer-4'] as const;
export type Scale = (typeof SCALES)[number];

export const ALL_SCORES = ['1', '2a', '2b', '3a', '3b', '4a', '4b'] as const;
export type Score = (typeof ALL_SCORES)[number];

const SCORES: Record<Scale, readonly Score[]> = {
  radpeer: ['1', '2a', '2b', '3a', '3b'],
  'radpeer-4': ['1', '2a', '2b', '3a', '3b', '4a', '4b'],
};

/** The scores a reviewer may give on `scale`, in the order the form lists them. */
export function scoresOf(scale: Scale): readonly Score[] {
  return SCORES[scale];
}

export function isScoreOf(scale: Scale, value: string): value is Score {
  return (SCORES[scale] as readonly string[]).includes(value);
}

/** What a score says, in the ACR's words (the form's descriptions). */
export const SCORE_MEANINGS: Record<Score, string> = {
  '1': 'Concur with interpretation',
  '2a': 'Discrepancy in interpretation, not ordinarily expected to be made — unlikely to be clinically significant',
  '2b': 'Discrepancy in interpretation, not ordinarily expected to be made — likely to be clinically significant',
  '3a': 'Discrepancy in interpretation, should be made most of the time — unlikely to be clinically significant',
  '3b': 'Discrepancy in interpretation, should be made most of the time — likely to be clinically significant',
  '4a': 'Discrepancy in interpretation, should be made almost every time — unlikely to be clinically significant',
  '4b': 'Discrepancy in interpretation, should be made almost every time — likely to be clinically significant',
};

/** 2b and above: the score goes to arbitration before it counts, and the reviewer must say why. */
export function isSerious(score: Score): boolean {
  return score !== '1' && score !== '2a';
}

export const needsComment = isSerious;
export const goesToArbitration = isSerious;

/** The discrepancy level of a score (1–4) and whether it is likely clinically significant (the b modifier). */
export function partsOf(score: Score): { level: number; significance: 'a' | 'b' | null } {
  const level = Number(score[0]);
  const modifier = score[1];
  return { level, significance: modifier === 'a' || modifier === 'b' ? modifier : null };
}
