import { describeTransferSyntax } from './transfer-syntax-policy.ts';

/**
 * Never a silent blank viewport (pure: no Cornerstone, no DOM; timers are injected).
 *
 * A viewport waits for one image at a time (the first of a new stack, or the one scrolled to). Once that
 * image's data has arrived (the frame's bytes are in the browser and go to a decoder), it must be drawn
 * within DRAW_GUARD_BOUND_MS or fail with a message; if neither happens — a decoder that never answers,
 * a colour conversion that throws where nobody catches it (Cornerstone 5.14 does that for a PALETTE COLOR
 * image without its palette) — the guard gives the viewport a message naming the series, the image, its
 * transfer syntax and photometric interpretation. Waiting for the data itself is not timed here: a slow
 * link is not a broken image, and failed requests have their own messages.
 */

/** How long an image may take from the arrival of its data to the screen (a product constant). */
export const DRAW_GUARD_BOUND_MS = 10_000;

export interface GuardTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: GuardTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type DrawGuardPhase =
  /** Nothing expected (no stack yet, or disposed). */
  | 'idle'
  /** The image's data has not arrived yet. */
  | 'waiting-for-data'
  /** The data arrived; the timer runs. */
  | 'decoding'
  | 'drawn'
  /** A message is shown for it (its load failed, or it cannot be drawn). */
  | 'failed'
  /** The bound passed without an image: the guard's message is shown. */
  | 'timed-out';

export interface NotDrawn {
  imageId: string;
  /** The syntax of the data that arrived, when it was known. */
  transferSyntaxUID: string | undefined;
  boundMs: number;
}

export class DrawGuard {
  private current: { imageId: string; phase: DrawGuardPhase; transferSyntaxUID: string | undefined } | undefined;
  private timer: unknown;
  private readonly boundMs: number;
  private readonly onNotDrawn: (info: NotDrawn) => void;
  private readonly timers: GuardTimers;

  constructor(options: { boundMs?: number; onNotDrawn: (info: NotDrawn) => void; timers?: GuardTimers }) {
    this.boundMs = options.boundMs ?? DRAW_GUARD_BOUND_MS;
    this.onNotDrawn = options.onNotDrawn;
    this.timers = options.timers ?? REAL_TIMERS;
  }

  get phase(): DrawGuardPhase {
    return this.current?.phase ?? 'idle';
  }

  get imageId(): string | undefined {
    return this.current?.imageId;
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }

  /**
   * The viewport now waits for `imageId`. `arrived` is set when its data is already in the browser
   * (a prefetch brought it and its decode is under way): the timer then starts at once.
   */
  expect(imageId: string, arrived?: { transferSyntaxUID: string | undefined }): void {
    if (this.current?.imageId === imageId && this.current.phase !== 'idle') return;
    this.stopTimer();
    this.current = { imageId, phase: 'waiting-for-data', transferSyntaxUID: undefined };
    if (arrived) this.dataArrived(imageId, arrived.transferSyntaxUID);
  }

  /** The data of `imageId` arrived and goes to a decoder. Other images' data is ignored. */
  dataArrived(imageId: string, transferSyntaxUID: string | undefined): void {
    const current = this.current;
    if (!current || current.imageId !== imageId || current.phase !== 'waiting-for-data') return;
    current.phase = 'decoding';
    current.transferSyntaxUID = transferSyntaxUID;
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      if (this.current !== current || current.phase !== 'decoding') return;
      current.phase = 'timed-out';
      this.onNotDrawn({ imageId, transferSyntaxUID: current.transferSyntaxUID, boundMs: this.boundMs });
    }, this.boundMs);
  }

  /** An image is on screen for what the viewport waits for (a lossy preview counts). */
  drawn(): void {
    if (!this.current) return;
    this.stopTimer();
    this.current.phase = 'drawn';
  }

  /** The viewport shows a message for `imageId` (its load failed or it cannot be drawn). */
  failed(imageId?: string): void {
    if (!this.current || (imageId !== undefined && imageId !== this.current.imageId)) return;
    this.stopTimer();
    this.current.phase = 'failed';
  }

  stop(): void {
    this.stopTimer();
    this.current = undefined;
  }
}

/** What the viewport says when its image did not appear in time. */
export function notDrawnMessage(p: {
  /** "Series 3 “Echo”". */
  seriesLabel: string;
  /** 0-based. */
  index: number;
  transferSyntaxUID: string | undefined;
  photometricInterpretation: string | undefined;
  rows: number | undefined;
  columns: number | undefined;
  bitsAllocated: number | undefined;
  boundMs: number;
}): string {
  const facts = [
    p.transferSyntaxUID ? describeTransferSyntax(p.transferSyntaxUID) : 'transfer syntax not known',
    p.photometricInterpretation?.trim() || 'no photometric interpretation',
    p.columns !== undefined && p.rows !== undefined ? `${p.columns} × ${p.rows}` : undefined,
    p.bitsAllocated !== undefined ? `${p.bitsAllocated} bits allocated` : undefined,
  ].filter(Boolean);
  const seconds = p.boundMs >= 1000 ? `${Math.round(p.boundMs / 100) / 10} s` : `${p.boundMs} ms`;
  return `${p.seriesLabel}, image ${p.index + 1}: the image did not appear within ${seconds} after its data arrived (${facts.join(', ')}). It was decoded to nothing that can be drawn, or its decoder did not answer.`;
}

/**
 * Why an image cannot be drawn at all, from its metadata alone (undefined when nothing is known against
 * it): no size, or no samples.
 */
export function undrawableReason(p: { rows: number | undefined; columns: number | undefined; samplesPerPixel: number | undefined }): string | undefined {
  if (!p.rows || !p.columns) return `the image has no size (${p.columns ?? 'no'} columns × ${p.rows ?? 'no'} rows)`;
  if (p.samplesPerPixel !== undefined && p.samplesPerPixel < 1) return 'the image has no samples per pixel';
  return undefined;
}

/** A guard bound from a test's configuration: a positive number of milliseconds, else the product constant. */
export function guardBoundMs(configured: unknown): number {
  return typeof configured === 'number' && Number.isFinite(configured) && configured > 0 ? configured : DRAW_GUARD_BOUND_MS;
}
