import { describe, expect, it } from 'vitest';
import { cryptoDraw, decideSampling, rateFor, type SamplingCandidate, type SamplingRules } from './sampling.ts';

const RULES: SamplingRules = { rate: 5, modalityRates: { CT: 10, MR: 2.5 }, requirePrior: false };
const fresh = (extra: Partial<SamplingCandidate> = {}): SamplingCandidate => ({ modalities: ['CT'], hasCase: false, hasAddendum: false, ...extra });

describe('the rate that applies', () => {
  it('is the modality’s rate, the highest of several modalities, else the overall rate', () => {
    expect(rateFor(['CT'], RULES)).toEqual({ rate: 10, rule: 'modality CT' });
    expect(rateFor(['mr', 'CT', 'SR'], RULES)).toEqual({ rate: 10, rule: 'modality CT' });
    expect(rateFor(['MR', 'SR'], RULES)).toEqual({ rate: 2.5, rule: 'modality MR' });
    expect(rateFor(['DX'], RULES)).toEqual({ rate: 5, rule: 'overall rate' });
    expect(rateFor([], RULES)).toEqual({ rate: 5, rule: 'overall rate' });
    // A modality rate lower than the overall one still applies: the group chose it.
    expect(rateFor(['MR'], { rate: 50, modalityRates: { MR: 1 } })).toEqual({ rate: 1, rule: 'modality MR' });
  });
});

describe('sampling rules', () => {
  const always = () => 0;
  const never = () => 0.999999;

  it('enters a study when the draw falls below the rate, and not otherwise', () => {
    expect(decideSampling(fresh(), RULES, () => 0.0999)).toEqual({ enter: true, rate: 10, rule: 'modality CT' });
    expect(decideSampling(fresh(), RULES, () => 0.1)).toMatchObject({ enter: false, reason: 'not-drawn' });
    expect(decideSampling(fresh(), { ...RULES, rate: 100, modalityRates: {} }, never)).toMatchObject({ enter: true });
    expect(decideSampling(fresh(), { ...RULES, rate: 0, modalityRates: {} }, always)).toMatchObject({ enter: false, reason: 'not-drawn' });
  });

  it('never makes a second case for a study, nor samples an addended one (whatever the draw)', () => {
    expect(decideSampling(fresh({ hasCase: true }), RULES, always)).toMatchObject({ enter: false, reason: 'already-in-pool' });
    expect(decideSampling(fresh({ hasAddendum: true }), RULES, always)).toMatchObject({ enter: false, reason: 'addended' });
  });

  it('requires a prior study only when configured', () => {
    const withPrior = { ...RULES, requirePrior: true };
    expect(decideSampling(fresh({ hasPrior: false }), withPrior, always)).toMatchObject({ enter: false, reason: 'no-prior' });
    expect(decideSampling(fresh({ hasPrior: undefined }), withPrior, always)).toMatchObject({ enter: false, reason: 'no-prior' });
    expect(decideSampling(fresh({ hasPrior: true }), withPrior, always)).toMatchObject({ enter: true });
    expect(decideSampling(fresh({ hasPrior: false }), RULES, always)).toMatchObject({ enter: true });
  });

  it('does not draw for a study the rules leave out (the draw stays unbiased)', () => {
    let draws = 0;
    decideSampling(fresh({ hasCase: true }), RULES, () => ((draws += 1), 0));
    expect(draws).toBe(0);
  });
});

describe('the sampler’s rate over many draws (crypto source)', () => {
  const N = 20_000;
  // 5 sigma either side of the expected count: fails by chance about once in 1.7 million runs, but at once
  // if the rate were off by a fraction of itself (e.g. 5 % sampled as 6 %: +6.9 sigma at this N).
  it.each([5, 37, 0.5])('samples %s percent within the binomial confidence interval', (percent) => {
    const rules: SamplingRules = { rate: percent, modalityRates: {}, requirePrior: false };
    let entered = 0;
    for (let i = 0; i < N; i += 1) if (decideSampling(fresh({ modalities: ['DX'] }), rules, cryptoDraw).enter) entered += 1;
    const p = percent / 100;
    const sigma = Math.sqrt(N * p * (1 - p));
    expect(Math.abs(entered - N * p)).toBeLessThan(5 * sigma);
  });

  it('draws uniformly in [0, 1)', () => {
    const values = Array.from({ length: 10_000 }, cryptoDraw);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    // Uniform: mean 1/2, standard error sqrt(1/12 / n) ≈ 0.0029.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / values.length));
  });
});
