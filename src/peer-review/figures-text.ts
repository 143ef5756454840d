import type { Figures } from './peer-review-contract.ts';
import { scoresOf, type Scale } from './radpeer.ts';

/** How the figures read on the page: percentages with one decimal, the interval beside the rate. */

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

/** "12.5 % (95 % CI 3.1 % – 40.2 %)", or "–" when nothing counts yet. */
export function rateText(figures: Pick<Figures, 'rate' | 'interval'>): string {
  if (figures.rate === null) return '–';
  const interval = figures.interval ? ` (95 % CI ${percent(figures.interval[0])} – ${percent(figures.interval[1])})` : '';
  return `${percent(figures.rate)}${interval}`;
}

/** The count of each score of the scale, in the scale's order (0 for a score nobody gave). */
export function scoreCounts(scale: Scale, figures: Pick<Figures, 'scores'>): { score: string; count: number }[] {
  return scoresOf(scale).map((score) => ({ score, count: figures.scores[score] ?? 0 }));
}
