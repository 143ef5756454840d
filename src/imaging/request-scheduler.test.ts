import { describe, expect, it } from 'vitest';
import { RequestScheduler } from './request-scheduler.ts';

/** A job that finishes when told to, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return { run: () => (log.push(name), done), open: () => open() };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('RequestScheduler', () => {
  it('never runs more than maxInFlight, prefetch before thumbnails, thumbnails keep their share', async () => {
    const s = new RequestScheduler({ maxInFlight: 4, thumbnailShare: 1 });
    const log: string[] = [];
    const jobs = [
      ...Array.from({ length: 6 }, (_, i) => ['prefetch', `p${i}`] as const),
      ...Array.from({ length: 3 }, (_, i) => ['thumbnail', `t${i}`] as const),
    ].map(([priority, name]) => {
      const g = gate(log, name);
      void s.schedule(priority, name, 'series', g.run);
      return g;
    });
    await tick();
    // The first four prefetch jobs were queued before any thumbnail: they started at once.
    expect(log).toEqual(['p0', 'p1', 'p2', 'p3']);
    jobs[0]!.open();
    await tick();
    await tick();
    // A slot frees while thumbnails wait and prefetch holds its cap (3 = 4 - share): a thumbnail runs.
    expect(log.at(-1)).toBe('t0');
    jobs[1]!.open();
    await tick();
    await tick();
    expect(log.at(-1)).toBe('p4');
    expect(s.running('prefetch') + s.running('thumbnail')).toBe(4);
  });

  it('reorders a group outward from a new position and cancels a group', async () => {
    const s = new RequestScheduler({ maxInFlight: 1, thumbnailShare: 0 });
    const log: string[] = [];
    const first = gate(log, 'busy');
    void s.schedule('prefetch', 'busy', 'other', first.run);
    const results: Array<Promise<unknown>> = [];
    for (let i = 0; i < 5; i++) results.push(s.schedule('prefetch', String(i), 'series', async () => log.push(String(i))));
    s.reorder('series', (key) => Math.abs(Number(key) - 3));
    const cancelled = s.schedule('prefetch', 'x', 'gone', async () => log.push('x'));
    s.cancel('gone');
    await expect(cancelled).rejects.toThrow('cancelled');
    first.open();
    await Promise.all(results);
    expect(log).toEqual(['busy', '3', '2', '4', '1', '0']);
  });

  it('joins a second request for the same key', async () => {
    const s = new RequestScheduler({ maxInFlight: 1, thumbnailShare: 0 });
    const log: string[] = [];
    const busy = gate(log, 'busy');
    void s.schedule('prefetch', 'busy', 'g', busy.run);
    const a = s.schedule('prefetch', 'k', 'g', async () => (log.push('k'), 42));
    const b = s.schedule('prefetch', 'k', 'g', async () => (log.push('k again'), 0));
    busy.open();
    expect(await Promise.all([a, b])).toEqual([42, 42]);
    expect(log).toEqual(['busy', 'k']);
  });
});

describe('RequestScheduler, partial cancel', () => {
  it('keeps the jobs a cancel is told to keep, and knows what is still queued', async () => {
    const s = new RequestScheduler({ maxInFlight: 1, thumbnailShare: 0 });
    const log: string[] = [];
    const busy = gate(log, 'busy');
    void s.schedule('prefetch', 'busy', 'g', busy.run);
    const jobs = ['a', 'b', 'c'].map((k) => s.schedule('prefetch', k, 'g', async () => log.push(k)));
    expect(s.isQueued('prefetch', 'b')).toBe(true);
    s.cancel('g', new Error('out of range'), (key) => key !== 'b');
    expect(s.isQueued('prefetch', 'b')).toBe(false);
    await expect(jobs[1]).rejects.toThrow('out of range');
    busy.open();
    await Promise.all([jobs[0], jobs[2]]);
    expect(log).toEqual(['busy', 'a', 'c']);
    expect(s.isQueued('prefetch', 'a')).toBe(false);
  });
});
