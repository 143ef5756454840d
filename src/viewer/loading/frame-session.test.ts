import { describe, expect, it } from 'vitest';
import { refusedForEndedSession } from './frame-session.ts';
import { FrameRetrievalError } from './load-errors.ts';

describe('refusedForEndedSession', () => {
  it('does not hold a load for failures other than a 401', async () => {
    expect(await refusedForEndedSession(new FrameRetrievalError(500), 0)).toBe(false);
    expect(await refusedForEndedSession(new FrameRetrievalError(0), 0)).toBe(false);
    expect(await refusedForEndedSession(new Error('decode failed'), 0)).toBe(false);
    expect(await refusedForEndedSession({ status: 401 }, 0)).toBe(false);
  });
});
