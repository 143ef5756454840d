import { Enums, imageRetrievalPoolManager, metaData, utilities, type Types } from '@cornerstonejs/core';
import { createImage, wadors } from '@cornerstonejs/dicom-image-loader';
import { getTransferSyntaxForContentType } from '@cornerstonejs/dicom-image-loader/wadors/loadImage';
import { partialDecodeLevel, retrievalStatusOf, upscaleNearest } from '../../imaging/frame-streaming.ts';
import { transferSyntaxOfContentType } from '../../imaging/transfer-syntax-policy.ts';
import { frameUrlOfImageId } from '../../imaging/wadors-image-id.ts';
import { FrameRetrievalError } from './load-errors.ts';

/**
 * One frame request with the image loader's streaming retrieval (`retrieveOptions.streaming`: fetch and
 * a ReadableStream, dicom-image-loader 5.14 `streamRequest`, which asks `beforeSend(null, url, …)` for
 * its headers). The loader's own wadors loadImage decodes what the stream yields without a look at the
 * part, so this takes its place for streamed frames:
 * - the part's Content-Type goes to `acceptPart` (the transfer-syntax policy's part check) as soon as
 *   the part's headers are in, before anything is decoded; a refused part is never decoded;
 * - while an HTJ2K RPCL frame arrives, prefixes of it are decoded at lower resolutions
 *   (frame-streaming.ts says which) and handed to `onPartial`, drawn at the image's full matrix and
 *   marked SUBRESOLUTION; a prefix that does not decode is skipped;
 * - the complete frame is decoded at full resolution, whatever its syntax;
 * - a failed request rejects with FrameRetrievalError and its HTTP status (0: not reachable or cut off).
 */

export interface StreamedFrameHooks {
  /** The part's Content-Type (undefined when it has none); false refuses the part: nothing is decoded. */
  acceptPart(contentType: string | undefined): boolean;
  /** A lower-resolution image of the frame while it arrives (only asked for the image on screen). */
  onPartial?: (image: Types.IImage) => void;
}

/** Thrown by the loop below when acceptPart refuses; the caller reads why from its own attempt. */
export class PartRefusedError extends Error {
  override name = 'PartRefusedError';
}

/** What the loader's streaming retrieval yields, one object per decodable step. */
interface StreamedChunk {
  contentType?: string;
  pixelData?: Uint8Array;
  /** The response is complete. */
  done?: boolean;
  /** For a multipart response: the part's closing boundary was seen. */
  extractDone?: boolean;
  percentComplete?: number;
}

type LoaderOptions = Record<string, unknown> & { requestType?: Enums.RequestType; priority?: number; retrieveOptions?: Record<string, unknown> };

// beforeSend replaces it with the request the transfer-syntax policy chose.
const DEFAULT_ACCEPT = 'multipart/related; type=application/octet-stream; transfer-syntax=*';

async function decode(imageId: string, chunk: StreamedChunk, options: LoaderOptions, decodeLevel: number): Promise<Types.IImage> {
  const transferSyntaxUID = getTransferSyntaxForContentType(chunk.contentType ?? '');
  const image = (await createImage(imageId, chunk.pixelData!, transferSyntaxUID, { ...options, decodeLevel } as never)) as unknown as Types.IImage;
  return Object.assign(image, { transferSyntaxUID });
}

/** A sub-resolution decode drawn at the image's own matrix (same geometry as the full image). */
function atFullMatrix(imageId: string, image: Types.IImage): Types.IImage {
  const pixel = metaData.get('imagePixelModule', imageId) as { rows?: number; columns?: number } | undefined;
  const rows = pixel?.rows ?? image.rows;
  const columns = pixel?.columns ?? image.columns;
  const partial = { ...image, imageQualityStatus: Enums.ImageQualityStatus.SUBRESOLUTION } as Types.IImage;
  if (rows === image.rows && columns === image.columns) return partial;
  const source = image.voxelManager?.getScalarData() ?? image.getPixelData();
  const samples = Math.round(source.length / (image.rows * image.columns));
  const pixels = upscaleNearest(source, image, { rows, columns }, samples);
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({ width: columns, height: rows, numberOfComponents: samples, scalarData: pixels });
  return Object.assign(partial, {
    rows,
    columns,
    width: columns,
    height: rows,
    sizeInBytes: pixels.byteLength,
    getPixelData: () => pixels,
    voxelManager,
    imageFrame: { ...(image.imageFrame as object), rows, columns, pixelData: pixels, pixelDataLength: pixels.length },
  });
}

async function retrieve(imageId: string, options: LoaderOptions, hooks: StreamedFrameHooks): Promise<Types.IImage> {
  const started = performance.now();
  // A fresh streamingData: the loader keeps the multipart boundary and part type there between chunks.
  const streamOptions: LoaderOptions = { ...options, retrieveOptions: { ...(options.retrieveOptions ?? {}), streaming: true }, streamingData: undefined };
  const onPartial = options.requestType === Enums.RequestType.Interaction || options.requestType === undefined ? hooks.onPartial : undefined;
  const chunks = utilities.ProgressiveIterator.as(
    wadors.getPixelData(frameUrlOfImageId(imageId), imageId, DEFAULT_ACCEPT, streamOptions as never) as Promise<StreamedChunk>,
  );
  let last: StreamedChunk | undefined;
  let accepted = false;
  let lastLevel: number | undefined;
  try {
    for await (const chunk of chunks as AsyncIterable<StreamedChunk>) {
      last = chunk;
      if (!accepted) {
        if (!hooks.acceptPart(chunk.contentType)) throw new PartRefusedError('part not decodable');
        accepted = true;
      }
      if (chunk.done || !onPartial || !chunk.pixelData) continue;
      const level = partialDecodeLevel({
        transferSyntaxUID: transferSyntaxOfContentType(chunk.contentType),
        receivedBytes: chunk.pixelData.length,
        totalBytes: chunk.percentComplete ? (chunk.pixelData.length * 100) / chunk.percentComplete : undefined,
        lastLevel,
      });
      if (level === undefined) continue;
      lastLevel = level;
      try {
        onPartial(atFullMatrix(imageId, await decode(imageId, chunk, streamOptions, level)));
      } catch {
        // Not enough of the codestream yet: the complete frame decides.
      }
    }
  } catch (err) {
    if (err instanceof PartRefusedError) throw err;
    throw new FrameRetrievalError(retrievalStatusOf(err), { cause: err });
  }
  // `done` without the part's closing boundary: the body was cut off (e.g. a Content-Length that
  // counts compressed bytes); a truncated frame must never be decoded as if it were whole.
  if (!last?.done || last.extractDone === false || !last.pixelData?.length) throw new FrameRetrievalError(0);
  const image = await decode(imageId, last, streamOptions, 0);
  return Object.assign(image, { imageQualityStatus: Enums.ImageQualityStatus.FULL_RESOLUTION, loadTimeInMS: performance.now() - started });
}

/** Queues the streamed request in Cornerstone's retrieval pool, as the loader queues its own requests. */
export function loadStreamedFrame(imageId: string, options: LoaderOptions, hooks: StreamedFrameHooks): Promise<Types.IImage> {
  return new Promise((resolve, reject) => {
    imageRetrievalPoolManager.addRequest(
      () => {
        const run = retrieve(imageId, options, hooks);
        run.then(resolve, reject);
        return run.then(
          () => undefined,
          () => undefined,
        );
      },
      options.requestType ?? Enums.RequestType.Interaction,
      { imageId },
      options.priority ?? 5,
    );
  });
}
