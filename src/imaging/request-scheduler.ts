/**
 * Background requests of the viewer in priority order with bounded concurrency: prefetch of the
 * series on screen before thumbnails. (What the reader looks at right now is not queued here: the
 * viewport asks for it directly, and the slots left free by MAX_IN_FLIGHT keep the browser's six
 * connections per origin open for it.)
 *
 * Thumbnails are small and tell the reader what else is in the study, so while prefetch is busy
 * they may still use `thumbnailShare` of the slots rather than wait for a whole series.
 */
export type BackgroundPriority = 'prefetch' | 'thumbnail';

export interface SchedulerOptions {
  maxInFlight: number;
  /** Slots thumbnails may use while prefetch work is waiting. */
  thumbnailShare: number;
}

interface Job {
  priority: BackgroundPriority;
  key: string;
  group: string;
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

export class RequestScheduler {
  private readonly queues: Record<BackgroundPriority, Job[]> = { prefetch: [], thumbnail: [] };
  private readonly inFlight: Record<BackgroundPriority, number> = { prefetch: 0, thumbnail: 0 };

  constructor(private readonly options: SchedulerOptions) {}

  /** Queues `run` under `key` (one queued job per key; a second schedule of the same key joins it). */
  schedule<T>(priority: BackgroundPriority, key: string, group: string, run: () => Promise<T>): Promise<T> {
    const existing = this.queues[priority].find((j) => j.key === key);
    if (existing) {
      return new Promise<T>((resolve, reject) => {
        const { resolve: resolveFirst, reject: rejectFirst } = existing;
        existing.resolve = (v) => {
          resolveFirst(v);
          resolve(v as T);
        };
        existing.reject = (e) => {
          rejectFirst(e);
          reject(e);
        };
      });
    }
    return new Promise<T>((resolve, reject) => {
      this.queues[priority].push({ priority, key, group, run, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Reorders the queued jobs of `group` (e.g. outward from the image now on screen); others keep their place after them. */
  reorder(group: string, rank: (key: string) => number): void {
    for (const priority of ['prefetch', 'thumbnail'] as const) {
      const mine = this.queues[priority].filter((j) => j.group === group).sort((a, b) => rank(a.key) - rank(b.key));
      const others = this.queues[priority].filter((j) => j.group !== group);
      this.queues[priority] = [...mine, ...others];
    }
  }

  /** Drops queued (not started) jobs of `group`; their promises reject with `reason`. */
  cancel(group: string, reason: unknown = new Error('cancelled')): void {
    for (const priority of ['prefetch', 'thumbnail'] as const) {
      const dropped = this.queues[priority].filter((j) => j.group === group);
      this.queues[priority] = this.queues[priority].filter((j) => j.group !== group);
      for (const job of dropped) job.reject(reason);
    }
  }

  queued(priority: BackgroundPriority): number {
    return this.queues[priority].length;
  }

  running(priority: BackgroundPriority): number {
    return this.inFlight[priority];
  }

  private next(): Job | undefined {
    if (this.inFlight.prefetch + this.inFlight.thumbnail >= this.options.maxInFlight) return undefined;
    // Prefetch goes first, but leaves `thumbnailShare` slots to thumbnails that are waiting.
    const prefetchCap = this.options.maxInFlight - (this.queues.thumbnail.length > 0 ? this.options.thumbnailShare : 0);
    if (this.queues.prefetch.length > 0 && this.inFlight.prefetch < prefetchCap) return this.queues.prefetch.shift();
    return this.queues.thumbnail.shift();
  }

  private pump(): void {
    for (let job = this.next(); job; job = this.next()) {
      const started = job;
      this.inFlight[started.priority]++;
      started
        .run()
        .then(started.resolve, started.reject)
        .finally(() => {
          this.inFlight[started.priority]--;
          this.pump();
        });
    }
  }
}
