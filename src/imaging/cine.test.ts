import { describe, expect, it } from 'vitest';
import { cineFps, clampFps, DEFAULT_CINE_FPS, MAX_CINE_FPS } from './cine.ts';

describe('cineFps', () => {
  it('turns Frame Time into frames per second (40 ms → 25 fps)', () => {
    expect(cineFps({ frameTimeMs: 40 })).toBe(25);
    expect(cineFps({ frameTimeMs: 33.33 })).toBe(30);
  });
  it('prefers Frame Time, then the recommended rate, then Cine Rate', () => {
    expect(cineFps({ frameTimeMs: 100, recommendedDisplayFrameRate: 50, cineRate: 5 })).toBe(10);
    expect(cineFps({ recommendedDisplayFrameRate: 50, cineRate: 5 })).toBe(50);
    expect(cineFps({ cineRate: 5 })).toBe(5);
  });
  it('falls back to the default and stays within bounds', () => {
    expect(cineFps({})).toBe(DEFAULT_CINE_FPS);
    expect(cineFps({ frameTimeMs: 0 })).toBe(DEFAULT_CINE_FPS);
    expect(cineFps({ frameTimeMs: 1 })).toBe(MAX_CINE_FPS);
    expect(clampFps(0)).toBe(1);
    expect(clampFps(Number.NaN)).toBe(DEFAULT_CINE_FPS);
  });
});
