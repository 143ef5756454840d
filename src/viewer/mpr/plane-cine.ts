import { clampFps } from '../../imaging/cine.ts';
import type { MprOrientation } from '../viewport/engine.ts';

/** Cine through one plane of an MPR: a step per frame at a frame rate, until stopped. */
export class PlaneCine {
  private playing: { plane: MprOrientation; timer: ReturnType<typeof setInterval> } | undefined;

  constructor(
    private readonly step: (plane: MprOrientation) => void,
    private readonly onChange: (plane: MprOrientation | undefined) => void,
  ) {}

  /** The plane playing, if any. */
  get plane(): MprOrientation | undefined {
    return this.playing?.plane;
  }

  play(plane: MprOrientation, fps: number): void {
    if (this.playing) clearInterval(this.playing.timer);
    const timer = setInterval(() => this.step(plane), 1000 / clampFps(fps));
    this.playing = { plane, timer };
    this.onChange(plane);
  }

  stop(): void {
    if (!this.playing) return;
    clearInterval(this.playing.timer);
    this.playing = undefined;
    this.onChange(undefined);
  }

  /** Stops a playing cine, or plays through `plane`. */
  toggle(plane: MprOrientation, fps: number): void {
    if (this.playing) this.stop();
    else this.play(plane, fps);
  }
}
