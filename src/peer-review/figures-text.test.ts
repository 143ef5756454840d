import { describe, expect, it } from 'vitest';
import { rateText, scoreCounts } from './figures-text.ts';

describe('figures-text', () => {
  it('writes the significant rate with its 95 % interval', () => {
    expect(rateText({ rate: 0.125, interval: [0.0312, 0.4021] })).toBe('12.5 % (95 % CI 3.1 % – 40.2 %)');
    expect(rateText({ rate: 0, interval: null })).toBe('0.0 %');
    expect(rateText({ rate: null, interval: null })).toBe('–');
  });

  it("lists every score of the scale, in the scale's order", () => {
    expect(scoreCounts('radpeer', { scores: { '3b': 2, '1': 5 } })).toEqual([
      { score: '1', count: 5 },
      { score: '2a', count: 0 },
      { score: '2b', count: 0 },
      { score: '3a', count: 0 },
      { score: '3b', count: 2 },
    ]);
    expect(scoreCounts('radpeer-4', { scores: {} })).toHaveLength(7);
  });
});
