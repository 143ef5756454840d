import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArchiveAdmission, type Admission } from './archive-admission.ts';

type Granted = Extract<Admission, { ok: true }>;

function granted(admission: Admission): Granted {
  if (!admission.ok) throw new Error(`expected a slot, got ${admission.status}`);
  return admission;
}

/** Whether a promise has settled (after the current microtasks). */
async function settled<T>(promise: Promise<T>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

afterEach(() => vi.useRealTimers());

describe('ArchiveAdmission', () => {
  it('grants slots up to the bound, then queues in order and grants as slots are released', async () => {
    const admission = new ArchiveAdmission({ maxConcurrent: 2, maxPerClient: 10, queueTimeoutMs: 10_000 }, 'Archive');
    const a = granted(await admission.admit('10.0.0.1'));
    const b = granted(await admission.admit('10.0.0.2'));
    const c = admission.admit('10.0.0.3');
    const d = admission.admit('10.0.0.4');
    expect(await settled(c)).toBe(false);
    expect(admission.inUse).toBe(2);
    a.release();
    a.release(); // twice is once
    expect(granted(await c).ok).toBe(true);
    expect(await settled(d)).toBe(false);
    b.release();
    const dSlot = granted(await d);
    expect(admission.inUse).toBe(2);
    dSlot.release();
    granted(await c).release();
    expect(admission.inUse).toBe(0);
  });

  it('refuses a client beyond its share at once with 429, counting its waiting requests too', async () => {
    const admission = new ArchiveAdmission({ maxConcurrent: 2, maxPerClient: 3, queueTimeoutMs: 10_000 }, 'Archive');
    const held = [granted(await admission.admit('greedy')), granted(await admission.admit('greedy'))];
    const waiting = admission.admit('greedy');
    expect(await admission.admit('greedy')).toMatchObject({
      ok: false,
      status: 429,
      retryAfterSeconds: 2,
      error: 'too_many_requests',
      message: expect.stringContaining('"Archive"'),
    });
    const other = admission.admit('polite');
    held[0]!.release();
    expect(granted(await waiting).ok).toBe(true);
    held[1]!.release();
    expect(granted(await other).ok).toBe(true);
  });

  it('answers 503 to a request that waited longer than the bound, and frees its share', async () => {
    vi.useFakeTimers();
    const admission = new ArchiveAdmission({ maxConcurrent: 1, maxPerClient: 1, queueTimeoutMs: 500 }, 'Archive');
    const first = granted(await admission.admit('a'));
    const late = admission.admit('b');
    await vi.advanceTimersByTimeAsync(499);
    expect(await settled(late)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await late).toMatchObject({ ok: false, status: 503, retryAfterSeconds: 5, error: 'archive_busy' });
    first.release();
    granted(await admission.admit('b')).release();
    expect(admission.inUse).toBe(0);
  });

  it('withdraws a waiting request whose browser went away, and the next one gets the slot', async () => {
    const admission = new ArchiveAdmission({ maxConcurrent: 1, maxPerClient: 5, queueTimeoutMs: 10_000 }, 'Archive');
    const first = granted(await admission.admit('a'));
    const abort = new AbortController();
    const gone = admission.admit('b', 1, abort.signal);
    const next = admission.admit('c');
    abort.abort();
    expect(await gone).toMatchObject({ ok: false, status: 499 });
    first.release();
    expect(granted(await next).ok).toBe(true);
    const already = new AbortController();
    already.abort();
    expect(await admission.admit('d', 1, already.signal)).toMatchObject({ ok: false, status: 499 });
  });

  it('counts a weighted request for its weight, at most the limits', async () => {
    const admission = new ArchiveAdmission({ maxConcurrent: 5, maxPerClient: 4, queueTimeoutMs: 10_000 }, 'Archive');
    const small = granted(await admission.admit('a', 2));
    const batch = admission.admit('b', 4);
    expect(await settled(batch)).toBe(false);
    small.release();
    const batchSlot = granted(await batch);
    expect(admission.inUse).toBe(4);
    batchSlot.release();
    const huge = granted(await admission.admit('c', 100));
    expect(admission.inUse).toBe(4);
    huge.release();
  });
});
