/** Cine frame rate bounds the viewer offers. */
export const MIN_CINE_FPS = 1;
export const MAX_CINE_FPS = 60;
/** Rate for stacks without timing attributes (a CT or MR series scrolled as a movie). */
export const DEFAULT_CINE_FPS = 20;

export function clampFps(fps: number): number {
  if (!Number.isFinite(fps)) return DEFAULT_CINE_FPS;
  return Math.min(MAX_CINE_FPS, Math.max(MIN_CINE_FPS, Math.round(fps)));
}

export interface CineTiming {
  /** Frame Time (0018,1063) in ms. */
  frameTimeMs?: number | undefined;
  /** Recommended Display Frame Rate (0008,2144) in frames per second. */
  recommendedDisplayFrameRate?: number | undefined;
  /** Cine Rate (0018,0040) in frames per second. */
  cineRate?: number | undefined;
}

/**
 * The frame rate a multi-frame image was acquired for: Frame Time first (the US sample's 40 ms → 25 fps),
 * then Recommended Display Frame Rate, then Cine Rate; otherwise the default.
 */
export function cineFps(timing: CineTiming): number {
  const { frameTimeMs, recommendedDisplayFrameRate, cineRate } = timing;
  if (frameTimeMs !== undefined && frameTimeMs > 0) return clampFps(1000 / frameTimeMs);
  if (recommendedDisplayFrameRate !== undefined && recommendedDisplayFrameRate > 0) return clampFps(recommendedDisplayFrameRate);
  if (cineRate !== undefined && cineRate > 0) return clampFps(cineRate);
  return DEFAULT_CINE_FPS;
}

export interface ClipFacts extends CineTiming {
  /** Number of Frames (0028,0008) of the instance the stack shows. */
  numberOfFrames?: number | undefined;
  /** Images in the stack. */
  images: number;
}

/**
 * A clip plays when it is opened: a multi-frame image (ultrasound, XA) with a frame timing — Frame Time,
 * Recommended Display Frame Rate or Cine Rate — is a recording meant to be watched in motion. A stack of
 * slices (CT, MR) or an image without timing waits for the reader; a single image has no cine.
 */
export function playsOnOpen(clip: ClipFacts): boolean {
  if (clip.images < 2 || (clip.numberOfFrames ?? 1) < 2) return false;
  const positive = (v: number | undefined) => v !== undefined && Number.isFinite(v) && v > 0;
  return positive(clip.frameTimeMs) || positive(clip.recommendedDisplayFrameRate) || positive(clip.cineRate);
}
