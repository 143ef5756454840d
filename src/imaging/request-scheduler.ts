/**
 * Background requests of the viewer in priority order with bounded concurrency: prefetch of the
 * series on screen before thumbnails. (What the reader looks at right now is not queued here: the
 * viewport asks for it directly, and the slots left free by `maxInFlight` keep the browser's six
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
  /** The queued jobs by key: a second request for a queued key joins it. */
  private readonly waiting = new Map<string, Job>();

  constructor(private readonly options: SchedulerOptions) {}

  /** Queues `run` under `key` (one queued job per key; a second schedule of the same key joins it). */
  schedule<T>(priority: BackgroundPriority, key: string, group: string, run: () => Promise<T>): Promise<T> {
    const existing = this.waiting.get(`${priority} ${key}`);
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
      const job: Job = { priority, key, group, run, resolve: resolve as (v: unknown) => void, reject };
      this.queues[priority].push(job);
      this.waiting.set(`${priority} ${key}`, job);
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

  /** Drops queued (not started) jobs of `group`, or only those `keep` refuses; their promises reject with `reason`. */
  cancel(group: string, reason: unknown = new Error('cancelled'), keep: (key: string) => boolean = () => false): void {
    for (const priority of ['prefetch', 'thumbnail'] as const) {
      const drop = (j: Job) => j.group === group && !keep(j.key);
      const dropped = this.queues[priority].filter(drop);
      this.queues[priority] = this.queues[priority].filter((j) => !drop(j));
      for (const job of dropped) {
        this.waiting.delete(`${priority} ${job.key}`);
        job.reject(reason);
      }
    }
  }

  /** Whether a job with this key is waiting (not yet started). */
  isQueued(priority: BackgroundPriority, key: string): boolean {
    return this.waiting.has(`${priority} ${key}`);
  }

  running(priority: BackgroundPriority): number {
    return this.inFlight[priority];
  }

  private next(): Job | undefined {
    if (this.inFlight.prefetch + this.inFlight.thumbnail >= this.options.maxInFlight) return undefined;
    // Prefetch goes first, but leaves `thumbnailShare` slots to thumbnails that are waiting.
    const prefetchCap = this.options.maxInFlight - (this.queues.thumbnail.length > 0 ? this.options.thumbnailShare : 0);
    const job = this.queues.prefetch.length > 0 && this.inFlight.prefetch < prefetchCap ? this.queues.prefetch.shift() : this.queues.thumbnail.shift();
    if (job) this.waiting.delete(`${job.priority} ${job.key}`);
    return job;
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
