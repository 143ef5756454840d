import { describe, expect, it } from 'vitest';
import { figuresBy, figuresOf, wilsonInterval, type ReviewOutcome } from './agreement.ts';
import { figuresSchema } from './peer-review-contract.ts';

const review = (finalScore: ReviewOutcome['finalScore'], pendingArbitration = false): ReviewOutcome => ({ finalScore, pendingArbitration });

describe('wilsonInterval', () => {
  it('matches published values (Newcombe 1998: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605)', () => {
    const [low, high] = wilsonInterval(81, 263)!;
    expect(low).toBeCloseTo(0.2553, 4);
    expect(high).toBeCloseTo(0.3662, 4);
    const [low2, high2] = wilsonInterval(15, 148)!;
    expect(low2).toBeCloseTo(0.0624, 4);
    expect(high2).toBeCloseTo(0.1605, 4);
  });

  it('stays within [0, 1] at the edges and is null without trials', () => {
    const [low, high] = wilsonInterval(0, 10)!;
    expect(low).toBe(0);
    expect(high).toBeCloseTo(0.2775, 4);
    const [low2, high2] = wilsonInterval(10, 10)!;
    expect(low2).toBeCloseTo(0.7225, 4);
    expect(high2).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });
});

describe('figuresOf', () => {
  it('counts the score that counts, leaves pending arbitrations out of the rate and counts 2b and above as significant', () => {
    const figures = figuresOf([review('1'), review('1'), review('2a'), review('2b'), review('3b', true), review('3a')]);
    expect(figuresSchema.parse(figures)).toEqual(figures);
    expect(figures).toMatchObject({ reviews: 6, scores: { '1': 2, '2a': 1, '2b': 1, '3a': 1 }, pendingArbitration: 1, significant: 2 });
    expect(figures.rate).toBeCloseTo(2 / 5, 10);
    expect(figures.interval).toEqual(wilsonInterval(2, 5));
  });

  it('has no rate while nothing counts', () => {
    expect(figuresOf([review('3b', true)])).toMatchObject({ reviews: 1, rate: null, interval: null, significant: 0 });
    expect(figuresOf([])).toMatchObject({ reviews: 0, rate: null, interval: null });
  });
});

describe('figuresBy', () => {
  it('puts a review in each of its groups, once per group, groups sorted', () => {
    const reviews = [
      { ...review('1'), modalities: ['MR', 'CT', 'CT'] },
      { ...review('3b'), modalities: ['CT'] },
    ];
    const groups = figuresBy(reviews, (r) => r.modalities);
    expect(groups.map(([key, f]) => [key, f.reviews, f.significant])).toEqual([
      ['CT', 2, 1],
      ['MR', 1, 0],
    ]);
  });
});
