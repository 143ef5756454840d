import { Enums, getWebWorkerManager } from '@cornerstonejs/core';
import { describe, expect, it } from 'vitest';
import { STACK_DEPTH, VOLUME_FILL_DEPTH, holdVolumeFillDepth } from './decode-queue-depth.ts';

const depth = () => getWebWorkerManager().workerPoolManager.getMaxSimultaneousRequests(Enums.RequestType.Prefetch);

describe('holdVolumeFillDepth', () => {
  it('deepens the prefetch decode queue while any filling volume holds it, and gives it back once per holder', () => {
    expect(depth()).toBe(STACK_DEPTH);
    const first = holdVolumeFillDepth();
    const second = holdVolumeFillDepth();
    expect(depth()).toBe(VOLUME_FILL_DEPTH);
    first();
    first();
    expect(depth()).toBe(VOLUME_FILL_DEPTH);
    second();
    expect(depth()).toBe(STACK_DEPTH);
  });
});
