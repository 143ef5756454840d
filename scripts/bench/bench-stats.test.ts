import { describe, expect, it } from 'vitest';
import { formatSummary, summarize } from './bench-stats.ts';

describe('summarize', () => {
  it('gives the median, min and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(summarize([4, 1, 2, 3])?.median).toBe(2.5);
    expect(summarize([])).toBeUndefined();
  });

  it('formats seconds from milliseconds', () => {
    expect(formatSummary(summarize([2610, 2500, 2670]), 1000, 2)).toBe('2.61 (2.50–2.67)');
    expect(formatSummary(undefined, 1000, 2)).toBe('–');
  });
});
