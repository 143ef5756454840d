import { describe, expect, it } from 'vitest';
import { applyVoi, linearExactVoi, linearVoi, parseVoiLutFunction, sigmoidVoi } from './voi-lut.ts';

describe('LINEAR (PS3.3 C.11.2.1.2.1)', () => {
  it('uses the −0.5 and w−1 terms', () => {
    // c=40, w=400: bottom edge at c − 0.5 − (w−1)/2 = −160, top at c − 0.5 + (w−1)/2 = 239.
    expect(linearVoi(-160, 40, 400)).toBe(0);
    expect(linearVoi(-159.9, 40, 400)).toBeGreaterThan(0);
    expect(linearVoi(239, 40, 400)).toBeCloseTo(255, 10);
    expect(linearVoi(239.1, 40, 400)).toBe(255);
    expect(linearVoi(39.5, 40, 400)).toBeCloseTo(127.5, 10);
  });
  it('is a hard threshold at width 1', () => {
    expect(linearVoi(39, 40, 1)).toBe(0);
    expect(linearVoi(40, 40, 1)).toBe(255);
  });
  it('rejects widths below 1', () => expect(() => linearVoi(0, 0, 0.5)).toThrow(RangeError));
});

describe('LINEAR_EXACT (C.11.2.1.3.2)', () => {
  it('maps c ± w/2 to the ends without half-pixel terms', () => {
    expect(linearExactVoi(-160, 40, 400)).toBe(0);
    expect(linearExactVoi(240, 40, 400)).toBe(255);
    expect(linearExactVoi(240.01, 40, 400)).toBe(255);
    expect(linearExactVoi(40, 40, 400)).toBe(127.5);
    expect(linearExactVoi(140, 40, 400, { yMin: 0, yMax: 1000 })).toBe(750);
  });
  it('accepts widths below 1', () => expect(linearExactVoi(0.1, 0, 0.5, { yMin: 0, yMax: 1 })).toBeCloseTo(0.7, 10));
});

describe('SIGMOID (C.11.2.1.3.1)', () => {
  it('is half range at the centre', () => expect(sigmoidVoi(40, 40, 400)).toBe(127.5));
  it('keeps the factor 4 of the standard', () => {
    // At x = c + w/2: 1/(1+e^−2) = 0.8808; without the 4 it would be 1/(1+e^−0.5) = 0.6225.
    expect(sigmoidVoi(240, 40, 400, { yMin: 0, yMax: 1 })).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect(sigmoidVoi(-160, 40, 400, { yMin: 0, yMax: 1 })).toBeCloseTo(1 / (1 + Math.exp(2)), 12);
  });
  it('never reaches the ends', () => {
    expect(sigmoidVoi(10_000, 40, 400, { yMin: 10, yMax: 20 })).toBeLessThanOrEqual(20);
    expect(sigmoidVoi(-10_000, 40, 400, { yMin: 10, yMax: 20 })).toBeGreaterThanOrEqual(10);
  });
});

describe('applyVoi and parseVoiLutFunction', () => {
  it('dispatches by function', () => {
    expect(applyVoi('LINEAR', 39.5, 40, 400)).toBe(linearVoi(39.5, 40, 400));
    expect(applyVoi('LINEAR_EXACT', 50, 40, 400)).toBe(linearExactVoi(50, 40, 400));
    expect(applyVoi('SIGMOID', 50, 40, 400)).toBe(sigmoidVoi(50, 40, 400));
  });
  it('defaults to LINEAR', () => {
    expect(parseVoiLutFunction(undefined)).toBe('LINEAR');
    expect(parseVoiLutFunction('bogus')).toBe('LINEAR');
    expect(parseVoiLutFunction(' sigmoid ')).toBe('SIGMOID');
    expect(parseVoiLutFunction('LINEAR_EXACT')).toBe('LINEAR_EXACT');
  });
});
