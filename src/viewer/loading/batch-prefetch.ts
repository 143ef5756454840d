import { cache, Enums, imageLoader } from '@cornerstonejs/core';
import { requestFrameBatch } from '../../dicomweb/frame-batch.ts';
import { frameAcceptHeader } from '../../imaging/transfer-syntax-policy.ts';
import { frameBatchRequestOf } from '../../imaging/wadors-image-id.ts';
import { deliverBatchedFrame, forgetBatchedFrame } from './batch-frame-loading.ts';
import { frameRequestFor } from './frame-retrieval.ts';

export interface BatchPrefetchHooks {
  /** Aborting drops what has not arrived yet (nothing of it is loaded). */
  signal: AbortSignal;
  /** Runs just before an arrived frame goes into the image cache. */
  beforeCaching(): void;
  /** The batch did not bring this frame: it is for the single-frame path now. */
  notBrought(imageId: string): void;
}

/**
 * Prefetches frames of one series with one batch request (src/dicomweb/frame-batch.ts), asked for the
 * way the loader would ask for each (stored bytes, or EVRLE once the series needed it). Each frame goes
 * into the image cache through the normal loader as soon as its part arrives (batch-frame-loading.ts),
 * unless the viewport's own request got there first. Resolves when the answer is over; decoding
 * continues in the workers.
 */
export async function prefetchFrameBatch(imageIds: readonly string[], hooks: BatchPrefetchHooks): Promise<void> {
  if (imageIds.length === 0) return;
  const request = frameRequestFor(imageIds[0]!);
  if (request === undefined) {
    // Read from the stored instance (stored-instance-frames.ts): nothing for a frame batch to bring.
    imageIds.forEach((id) => hooks.notBrought(id));
    return;
  }
  const batchRequest = frameBatchRequestOf(imageIds, frameAcceptHeader(request));
  if (!batchRequest) throw new Error('A frame batch holds WADO-RS frames of one series');
  const batch = requestFrameBatch(batchRequest, { signal: hooks.signal });
  batch.frames.forEach((arrival, i) => {
    const imageId = imageIds[i]!;
    void arrival.then((frame) => {
      if (hooks.signal.aborted) return;
      if (frame.kind === 'failed') return hooks.notBrought(imageId);
      if (cache.getImageLoadObject(imageId)) return;
      hooks.beforeCaching();
      deliverBatchedFrame(imageId, { request, contentType: frame.contentType, bytes: frame.bytes });
      // Failures reach the viewport and the progress bar through IMAGE_LOAD_FAILED.
      imageLoader.loadAndCacheImage(imageId, { priority: 0, requestType: Enums.RequestType.Prefetch }).catch(() => undefined);
      forgetBatchedFrame(imageId);
    });
  });
  await batch.done;
}
