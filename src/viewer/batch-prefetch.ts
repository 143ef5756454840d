import { cache, Enums, imageLoader } from '@cornerstonejs/core';
import { requestFrameBatch } from '../dicomweb/frame-batch.ts';
import { frameAcceptHeader } from '../imaging/transfer-syntax-policy.ts';
import { parseWadorsImageId, type WadorsImageRef } from '../imaging/wadors-image-id.ts';
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

function sameSeries(a: WadorsImageRef, b: WadorsImageRef): boolean {
  return a.wadoRoot === b.wadoRoot && a.studyInstanceUID === b.studyInstanceUID && a.seriesInstanceUID === b.seriesInstanceUID;
}

/**
 * Prefetches frames of one series with one batch request (src/dicomweb/frame-batch.ts), asked for the
 * way the loader would ask for each (stored bytes, or EVRLE once the series needed it). Each frame goes
 * into the image cache through the normal loader as soon as its part arrives (batch-frame-loading.ts),
 * unless the viewport's own request got there first. Resolves when the answer is over; decoding
 * continues in the workers.
 */
export async function prefetchFrameBatch(imageIds: readonly string[], hooks: BatchPrefetchHooks): Promise<void> {
  const refs = imageIds.map(parseWadorsImageId);
  const first = refs[0];
  const frames: WadorsImageRef[] = [];
  for (const ref of refs) {
    if (!ref || !first || !sameSeries(ref, first)) throw new Error('A frame batch holds WADO-RS frames of one series');
    frames.push(ref);
  }
  if (!first) return;
  const request = frameRequestFor(imageIds[0]!);
  if (request === undefined) {
    // Read from the stored instance (stored-instance-frames.ts): nothing for a frame batch to bring.
    imageIds.forEach((id) => hooks.notBrought(id));
    return;
  }
  const batch = requestFrameBatch(
    {
      wadoRoot: first.wadoRoot,
      studyInstanceUID: first.studyInstanceUID,
      seriesInstanceUID: first.seriesInstanceUID,
      frames: frames.map((f) => ({ sopInstanceUID: f.sopInstanceUID, frameNumber: f.frameNumber })),
      accept: frameAcceptHeader(request),
    },
    { signal: hooks.signal },
  );
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
