import { describe, expect, it } from 'vitest';
import { testDatabase } from '../test-gateway.ts';
import { backoffMs, nextOutcome } from './delivery-worker.ts';
import { describeOutbox } from './outbox-suite.ts';

describe('backoff', () => {
  const policy = { baseMs: 1000, capMs: 30_000, maxAttempts: 5 };
  it('doubles per attempt up to the cap, with half of it random', () => {
    expect(backoffMs(1, policy, () => 0)).toBe(500);
    expect(backoffMs(1, policy, () => 1)).toBe(1000);
    expect(backoffMs(3, policy, () => 0.5)).toBe(3000);
    expect(backoffMs(10, policy, () => 1)).toBe(30_000);
    expect(backoffMs(10, policy, () => 0)).toBe(15_000);
  });

  it('retries a temporary error until the last attempt, then fails; a permanent error fails at once', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    expect(nextOutcome({ kind: 'retry', error: 'down' }, 1, policy, now, () => 0)).toEqual({
      state: 'retrying',
      error: 'down',
      nextAttemptAt: new Date('2026-12-03T12:00:00.500Z'),
    });
    expect(nextOutcome({ kind: 'retry', error: 'down' }, 5, policy, now)).toEqual({ state: 'failed', error: 'down (gave up after 5 attempts)' });
    expect(nextOutcome({ kind: 'failed', error: 'AR' }, 1, policy, now)).toEqual({ state: 'failed', error: 'AR' });
    expect(nextOutcome({ kind: 'delivered', detail: '' }, 5, policy, now)).toEqual({ state: 'delivered' });
  });
});

describeOutbox('embedded', testDatabase);
