import { Enums, type Types } from '@cornerstonejs/core';
import { createImage } from '@cornerstonejs/dicom-image-loader';
import { getTransferSyntaxForContentType } from '@cornerstonejs/dicom-image-loader/wadors/loadImage';
import { takeEarlyFrame } from '../../imaging/early-frames.ts';
import { decide, transferSyntaxOfContentType, type FrameRequest, type PixelLayout } from '../../imaging/transfer-syntax-policy.ts';
import { frameDataArrived, heldDecode } from './frame-arrival.ts';
import { loadingSession, type BatchedFrameBytes } from './loading-session.ts';

/**
 * Frames that arrived in a batch (batch-prefetch.ts) on their way into the image loader. The loader
 * (frame-retrieval.ts) takes a frame's bytes from here instead of fetching them and decodes them the
 * way Cornerstone's WADO-RS loader decodes a fetched part: the transfer syntax read from the part's
 * Content-Type by the loader's own function, the policy's check of that syntax, then `createImage` (the
 * decode workers). When the bytes are not for the request the loader would make now, the policy would
 * not decode them, or decoding fails, the result is undefined and the loader fetches the frame itself,
 * exactly as it would have without a batch.
 */

const waiting = () => loadingSession().batchedFrames;

/** Hands a frame's bytes to the next load of `imageId` (set just before loading it, forgotten just after). */
export function deliverBatchedFrame(imageId: string, frame: BatchedFrameBytes): void {
  waiting().set(imageId, frame);
}

/** Drops bytes no load took (the image was already in the cache). */
export function forgetBatchedFrame(imageId: string): void {
  waiting().delete(imageId);
}

export async function imageFromBatch(
  imageId: string,
  request: FrameRequest,
  layout: PixelLayout,
  options: Record<string, unknown>,
): Promise<Types.IImage | undefined> {
  const frame = waiting().get(imageId);
  if (!frame) return undefined;
  waiting().delete(imageId);
  return decodeBatched(imageId, frame, request, layout, options);
}

/** The policy's part check (with the image's pixel layout, as for a part the loader fetched), then the decode. */
async function decodeBatched(
  imageId: string,
  frame: BatchedFrameBytes,
  request: FrameRequest,
  layout: PixelLayout,
  options: Record<string, unknown>,
): Promise<Types.IImage | undefined> {
  if (frame.request !== request) return undefined;
  if (decide(request, { kind: 'part', transferSyntaxUID: transferSyntaxOfContentType(frame.contentType) }, layout).action !== 'decode') return undefined;
  const transferSyntax = getTransferSyntaxForContentType(frame.contentType);
  frameDataArrived(imageId, transferSyntax);
  await heldDecode(imageId);
  const start = Date.now();
  try {
    const image = (await createImage(imageId, frame.bytes, transferSyntax, { ...options, decodeLevel: 0 })) as Types.IImage;
    return Object.assign(image, {
      loadTimeInMS: Date.now() - start,
      transferSyntaxUID: transferSyntax,
      imageQualityStatus: Enums.ImageQualityStatus.FULL_RESOLUTION,
    });
  } catch {
    return undefined;
  }
}

/**
 * The frame the launch asked for early (src/imaging/early-frames.ts, always as stored bytes), decoded like
 * a batched frame; undefined when there is none, it failed, or the loader now asks for something else.
 */
export async function imageFromEarlyFrame(
  imageId: string,
  request: FrameRequest,
  layout: PixelLayout,
  options: Record<string, unknown>,
): Promise<Types.IImage | undefined> {
  const early = takeEarlyFrame(imageId);
  if (!early) return undefined;
  const frame = await early;
  if (frame.kind !== 'frame') return undefined;
  return decodeBatched(imageId, { request: 'stored', contentType: frame.contentType, bytes: frame.bytes }, request, layout, options);
}
