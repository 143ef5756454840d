import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const events = new EventTarget();
vi.mock('@cornerstonejs/core', () => ({
  Enums: { Events: { IMAGE_LOADED: 'IMAGE_LOADED', IMAGE_LOAD_FAILED: 'IMAGE_LOAD_FAILED' } },
  eventTarget: events,
}));
const { drawGuardBound, frameDataArrived, heldDecode, onFrameDataArrived, pendingArrival } = await import('./frame-arrival.ts');
const { resetLoadingSession } = await import('./loading-session.ts');

const ID = 'wadors:/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.4/frames/1';
const loaded = (detail: unknown) => events.dispatchEvent(new CustomEvent('IMAGE_LOADED', { detail }));
const failed = (detail: unknown) => events.dispatchEvent(new CustomEvent('IMAGE_LOAD_FAILED', { detail }));

beforeEach(() => resetLoadingSession());
afterEach(() => {
  delete (globalThis as { __readroomTestHooks?: unknown }).__readroomTestHooks;
});

describe('frame arrival', () => {
  it('tells listeners when a frame reaches a decoder and keeps it pending until its load ends', () => {
    const heard: unknown[] = [];
    const stop = onFrameDataArrived((a) => heard.push(a));
    frameDataArrived(ID, '1.2.840.10008.1.2.4.80');
    expect(heard).toEqual([{ imageId: ID, transferSyntaxUID: '1.2.840.10008.1.2.4.80' }]);
    expect(pendingArrival(ID)).toEqual({ imageId: ID, transferSyntaxUID: '1.2.840.10008.1.2.4.80' });
    loaded({ image: { imageId: ID } });
    expect(pendingArrival(ID)).toBeUndefined();
    stop();
    frameDataArrived(ID, undefined);
    expect(heard).toHaveLength(1);
  });

  it('forgets a frame whose load failed', () => {
    frameDataArrived(ID, undefined);
    failed({ imageId: ID });
    expect(pendingArrival(ID)).toBeUndefined();
  });

  it('starts each test from nothing pending and no listeners', () => {
    const heard: unknown[] = [];
    onFrameDataArrived((a) => heard.push(a));
    frameDataArrived(ID, undefined);
    resetLoadingSession();
    expect(pendingArrival(ID)).toBeUndefined();
    frameDataArrived(ID, undefined);
    expect(heard).toHaveLength(1);
  });

  it('holds the decode of a series a test asked to hang, and shortens the guard when asked', async () => {
    expect(heldDecode(ID)).toBeUndefined();
    const product = drawGuardBound();
    (globalThis as { __readroomTestHooks?: unknown }).__readroomTestHooks = { hangDecodeSeries: ['1.2.3'], drawGuardMs: 50 };
    const held = heldDecode(ID);
    expect(held).toBeInstanceOf(Promise);
    const settled = await Promise.race([held!.then(() => 'settled'), new Promise((r) => setTimeout(() => r('waiting'), 20))]);
    expect(settled).toBe('waiting');
    expect(drawGuardBound()).not.toBe(product);
  });
});
