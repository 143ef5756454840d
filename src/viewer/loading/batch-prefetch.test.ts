import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BatchedFrame } from '../../dicomweb/frame-batch.ts';

/** One batch request: what it asked for, and a hand to answer each frame. */
interface BatchCall {
  url: string;
  accept: string;
  frames: ((frame: BatchedFrame) => void)[];
  finish(): void;
}
const calls: BatchCall[] = [];
vi.mock('../../dicomweb/frame-batch.ts', () => ({
  requestFrameBatch: (request: { studyInstanceUID: string; seriesInstanceUID: string; frames: unknown[]; accept: string }) => {
    const frames: ((frame: BatchedFrame) => void)[] = [];
    const promises = request.frames.map(() => new Promise<BatchedFrame>((resolve) => frames.push(resolve)));
    let finish = () => undefined as void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    calls.push({ url: `${request.studyInstanceUID}/${request.seriesInstanceUID}`, accept: request.accept, frames, finish });
    return { frames: promises, done };
  },
}));

/** The loader: which images went into the cache, holding the bytes the batch handed over at that moment. */
const cached = new Set<string>();
const loads: { imageId: string; handedOver: boolean }[] = [];
vi.mock('@cornerstonejs/core', () => ({
  Enums: { RequestType: { Prefetch: 'prefetch' }, Events: {} },
  eventTarget: new EventTarget(),
  cache: { getImageLoadObject: (id: string) => (cached.has(id) ? {} : undefined) },
  imageLoader: {
    loadAndCacheImage: async (imageId: string) => {
      loads.push({ imageId, handedOver: session().batchedFrames.has(imageId) });
      cached.add(imageId);
    },
  },
}));
vi.mock('./frame-retrieval.ts', () => ({ frameRequestFor: (id: string) => (id.includes('instances/9.') ? undefined : 'stored') }));

const { prefetchFrameBatch } = await import('./batch-prefetch.ts');
const { loadingSession: session, resetLoadingSession } = await import('./loading-session.ts');
const { frameAcceptHeader } = await import('../../imaging/transfer-syntax-policy.ts');

const frame = (instance: string) => `wadors:/dicom-web/studies/1.2/series/1.2.3/instances/${instance}/frames/1`;
const part = (): BatchedFrame => ({
  kind: 'frame',
  contentType: 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1',
  bytes: new Uint8Array([1, 2]),
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function hooks(signal = new AbortController().signal) {
  const notBrought: string[] = [];
  let beforeCaching = 0;
  return { signal, notBrought: (id: string) => notBrought.push(id), beforeCaching: () => beforeCaching++, seen: { notBrought, cachings: () => beforeCaching } };
}

beforeEach(() => {
  resetLoadingSession();
  calls.length = 0;
  cached.clear();
  loads.length = 0;
});

describe('prefetch by frame batch', () => {
  it('asks for the frames of a series in one request, the way the loader would ask for each', async () => {
    const h = hooks();
    const done = prefetchFrameBatch([frame('1.1'), frame('1.2')], h);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('1.2/1.2.3');
    expect(calls[0]!.accept).toBe(frameAcceptHeader('stored'));
    calls[0]!.finish();
    await done;
  });

  it('puts each frame into the cache through the loader as it arrives, handing its bytes over for that load only', async () => {
    const h = hooks();
    void prefetchFrameBatch([frame('1.1'), frame('1.2')], h);
    calls[0]!.frames[1]!(part());
    await settle();
    expect(loads).toEqual([{ imageId: frame('1.2'), handedOver: true }]);
    expect(session().batchedFrames.size).toBe(0);
    expect(h.seen.cachings()).toBe(1);
  });

  it('leaves a frame the viewport already loaded, and gives frames the batch failed to the single-frame path', async () => {
    const h = hooks();
    void prefetchFrameBatch([frame('1.1'), frame('1.2')], h);
    cached.add(frame('1.1'));
    calls[0]!.frames[0]!(part());
    calls[0]!.frames[1]!({ kind: 'failed', reason: 'the batch answered HTTP 503', status: 503 });
    await settle();
    expect(loads).toEqual([]);
    expect(h.seen.notBrought).toEqual([frame('1.2')]);
  });

  it('drops what arrives after the prefetch was cancelled', async () => {
    const controller = new AbortController();
    const h = hooks(controller.signal);
    void prefetchFrameBatch([frame('1.1')], h);
    controller.abort();
    calls[0]!.frames[0]!(part());
    await settle();
    expect(loads).toEqual([]);
  });

  it('sends frames read from the stored instance to the single-frame path without a batch', async () => {
    const h = hooks();
    await prefetchFrameBatch([frame('9.1'), frame('9.2')], h);
    expect(calls).toEqual([]);
    expect(h.seen.notBrought).toEqual([frame('9.1'), frame('9.2')]);
  });
});
