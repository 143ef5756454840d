/**
 * How many requests the gateway has open at one archive, and for whom. An archive has a fixed number of
 * HTTP threads (Orthanc about 50); without a bound, one client's burst (or many slow requests) takes them
 * all and every other reader waits. Each client address may use a share of the slots (beyond it: 429 at
 * once); when all slots are busy, requests wait in order, at most `queueTimeoutMs` (then 503), never for
 * as long as the archive's own timeouts.
 */

export interface AdmissionLimits {
  maxConcurrent: number;
  maxPerClient: number;
  queueTimeoutMs: number;
}

export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; status: 429 | 503; retryAfterSeconds: number; error: 'too_many_requests' | 'archive_busy'; message: string }
  | { ok: false; status: 499; error: 'client_closed_request'; message: string };

interface Waiter {
  client: string;
  weight: number;
  grant: () => void;
}

export class ArchiveAdmission {
  private active = 0;
  /** Slots in use or waited for, per client. */
  private readonly perClient = new Map<string, number>();
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly label: string,
  ) {}

  /** Slots in use (for tests and diagnostics). */
  get inUse(): number {
    return this.active;
  }

  /**
   * Asks for `weight` slots (a request that keeps several archive requests open at once counts for each).
   * Resolves when they are granted or refused; `signal` withdraws a waiting request.
   */
  admit(client: string, weight = 1, signal?: AbortSignal): Promise<Admission> {
    const need = Math.max(1, Math.min(weight, this.limits.maxPerClient, this.limits.maxConcurrent));
    const held = this.perClient.get(client) ?? 0;
    if (held + need > this.limits.maxPerClient) {
      return Promise.resolve({
        ok: false,
        status: 429,
        retryAfterSeconds: 2,
        error: 'too_many_requests',
        message: `This computer already has ${held} requests open at the image archive "${this.label}". Try again in a moment.`,
      });
    }
    this.perClient.set(client, held + need);
    if (this.queue.length === 0 && this.active + need <= this.limits.maxConcurrent) {
      this.active += need;
      return Promise.resolve({ ok: true, release: this.releaser(client, need) });
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        client,
        weight: need,
        grant: () => {
          cleanup();
          resolve({ ok: true, release: this.releaser(client, need) });
        },
      };
      const leave = (admission: Admission) => {
        cleanup();
        const index = this.queue.indexOf(waiter);
        if (index !== -1) this.queue.splice(index, 1);
        this.forget(client, need);
        this.pump();
        resolve(admission);
      };
      const timer = setTimeout(
        () =>
          leave({
            ok: false,
            status: 503,
            retryAfterSeconds: 5,
            error: 'archive_busy',
            message: `The image archive "${this.label}" is busy with other requests. Try again in a moment.`,
          }),
        this.limits.queueTimeoutMs,
      );
      const onAbort = () => leave({ ok: false, status: 499, error: 'client_closed_request', message: 'The browser closed the request.' });
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      if (signal?.aborted) onAbort();
    });
  }

  private releaser(client: string, weight: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= weight;
      this.forget(client, weight);
      this.pump();
    };
  }

  private forget(client: string, weight: number): void {
    const left = (this.perClient.get(client) ?? 0) - weight;
    if (left > 0) this.perClient.set(client, left);
    else this.perClient.delete(client);
  }

  /** Grants waiting requests in order while the first one fits. */
  private pump(): void {
    for (let next = this.queue[0]; next && this.active + next.weight <= this.limits.maxConcurrent; next = this.queue[0]) {
      this.queue.shift();
      this.active += next.weight;
      next.grant();
    }
  }
}
