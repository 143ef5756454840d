/** Median, min and max of a list of samples; undefined for an empty list. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(samples: readonly number[]): Summary | undefined {
  if (samples.length === 0) return undefined;
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

/** "2.61 (2.50–2.67)" with the unit's scale applied, or "–" without samples. */
export function formatSummary(summary: Summary | undefined, scale: number, digits: number): string {
  if (!summary) return '–';
  const f = (v: number) => (v / scale).toFixed(digits);
  return `${f(summary.median)} (${f(summary.min)}–${f(summary.max)})`;
}
