import { availableParallelism } from 'node:os';

/**
 * Runs async tasks with at most `limit` in flight. `submit` waits while the pool is full,
 * so a producer loop cannot run far ahead of the workers (bounded temporary files).
 */
export class TaskPool {
  private readonly running = new Set<Promise<void>>();
  private firstError: unknown;

  constructor(readonly limit = Math.max(1, availableParallelism())) {}

  async submit(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit) await Promise.race(this.running);
    this.throwIfFailed();
    const promise: Promise<void> = task()
      .catch((error: unknown) => {
        this.firstError ??= error;
      })
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /** Waits for every submitted task; rejects with the first failure. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.firstError !== undefined) throw this.firstError;
  }
}
