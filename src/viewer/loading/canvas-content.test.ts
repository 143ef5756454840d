import { describe, expect, it } from 'vitest';
import { rgbaVaries } from './canvas-content.ts';

describe('rgbaVaries', () => {
  it('is false for one flat colour, whatever the alpha', () => {
    expect(rgbaVaries(new Uint8ClampedArray([10, 20, 30, 255, 10, 20, 30, 0, 10, 20, 30, 128]))).toBe(false);
    expect(rgbaVaries(new Uint8ClampedArray([]))).toBe(false);
  });

  it('is true as soon as one pixel differs in any channel', () => {
    expect(rgbaVaries(new Uint8ClampedArray([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 1, 255]))).toBe(true);
    expect(rgbaVaries(new Uint8ClampedArray([0, 0, 0, 255, 0, 7, 0, 255]))).toBe(true);
  });
});
