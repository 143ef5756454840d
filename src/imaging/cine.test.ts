import { describe, expect, it } from 'vitest';
import { cineFps, clampFps, DEFAULT_CINE_FPS, MAX_CINE_FPS, playsOnOpen } from './cine.ts';

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

describe('playsOnOpen', () => {
  it('plays a multi-frame clip with a frame timing', () => {
    expect(playsOnOpen({ images: 20, numberOfFrames: 20, frameTimeMs: 40 })).toBe(true);
    expect(playsOnOpen({ images: 10, numberOfFrames: 10, recommendedDisplayFrameRate: 30 })).toBe(true);
    expect(playsOnOpen({ images: 10, numberOfFrames: 10, cineRate: 25 })).toBe(true);
  });
  it('waits for the reader on a stack of slices or a multi-frame image without timing', () => {
    expect(playsOnOpen({ images: 240, numberOfFrames: undefined, frameTimeMs: undefined })).toBe(false);
    expect(playsOnOpen({ images: 240, numberOfFrames: 1, cineRate: 25 })).toBe(false);
    expect(playsOnOpen({ images: 50, numberOfFrames: 50 })).toBe(false);
    expect(playsOnOpen({ images: 50, numberOfFrames: 50, frameTimeMs: 0 })).toBe(false);
    expect(playsOnOpen({ images: 50, numberOfFrames: 50, frameTimeMs: Number.NaN })).toBe(false);
  });
  it('never plays a single image', () => {
    expect(playsOnOpen({ images: 1, numberOfFrames: 1, frameTimeMs: 40 })).toBe(false);
  });
});
