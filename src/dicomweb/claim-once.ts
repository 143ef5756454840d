/**
 * Answers started before the code that needs them exists (a viewer launch's lookups, first frames,
 * preview), each handed to that code once. Starting the same key again reuses the answer in flight; an
 * answer nobody claims is dropped after `unclaimedMs`, and its failure never goes unhandled.
 */
export class ClaimOnce<T> {
  private readonly pending = new Map<string, Promise<T>>();

  constructor(private readonly unclaimedMs: number) {}

  start(key: string, run: () => Promise<T>): Promise<T> {
    const existing = this.pending.get(key);
    if (existing) return existing;
    const answer = run();
    // A failure is the claimant's to report.
    answer.catch(() => undefined);
    this.pending.set(key, answer);
    setTimeout(() => {
      if (this.pending.get(key) === answer) this.pending.delete(key);
    }, this.unclaimedMs);
    return answer;
  }

  /** The answer for `key` while unclaimed, without claiming it. */
  peek(key: string): Promise<T> | undefined {
    return this.pending.get(key);
  }

  /** The answer for `key`, once. */
  claim(key: string): Promise<T> | undefined {
    const answer = this.pending.get(key);
    this.pending.delete(key);
    return answer;
  }
}
