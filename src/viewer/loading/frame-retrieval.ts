import { Enums, imageLoader, utilities, type Types } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import {
  decide,
  firstRetrieval,
  FrameDecodeError,
  pixelDataProblem,
  UnsupportedPixelDataError,
  frameAcceptHeader,
  transferSyntaxOfContentType,
  UndisplayableTransferSyntaxError,
  type AttemptOutcome,
  type FrameRequest,
} from '../../imaging/transfer-syntax-policy.ts';
import { imageDescriptor } from './image-metadata.ts';
import { loadingSession, type Attempt } from './loading-session.ts';
import { imageIdOfFrameUrl, isWadorsImageId } from '../../imaging/wadors-image-id.ts';
import { imageFromBatch, imageFromEarlyFrame } from './batch-frame-loading.ts';
import { isSessionEnded, sessionGeneration, whenSessionActive } from '../../session/session-state.ts';
import { frameDataArrived, heldDecode } from './frame-arrival.ts';
import { isStreamedFrame } from './frame-streaming.ts';
import { refusedForEndedSession } from './frame-session.ts';
import { undrawableImageReason } from './palette-registration.ts';
import { loadFromStoredInstance, pixelLayoutOf } from './stored-instance-frames.ts';
import { FrameRetrievalError } from './load-errors.ts';
import { loadStreamedFrame } from './streamed-frame-load.ts';

/**
 * Applies the transfer-syntax policy (src/imaging/transfer-syntax-policy.ts) to Cornerstone's WADO-RS
 * loader. The loader's own `wadors` loader does the work; this wraps it:
 * - `beforeSend` sets the Accept header of each frame request (stored bytes, or EVRLE);
 * - `beforeProcessing` reads the first part's Content-Type and stops a part the client cannot decode
 *   before it reaches a decoder (`acceptPart`; streamed frames of a `frameStreaming` source are
 *   checked by the same function, see streamed-frame-load.ts);
 * - the wrapping loader retries a failed stored-bytes load once as EVRLE (a retry is never retried)
 *   and turns final failures into errors that name the transfer syntax;
 * - pixel data the policy keeps from the archive's transcoding and the loader's decoders is read from
 *   the stored instance instead (stored-instance-frames.ts).
 * The retry lives inside the image loader, so the cache, prefetch and every viewport see one load.
 */

const memory = () => loadingSession().transferSyntaxMemory;
/** The attempt in flight per image id (Cornerstone's cache runs one load per image id at a time). */
const attempts = () => loadingSession().attempts;
/** XHR → image id, to find the attempt from beforeProcessing (which only gets the XHR). */
const xhrImageIds = () => loadingSession().xhrImageIds;

/**
 * Called as `beforeSend(xhr, imageId, …)` by the loader's XHR retrieval and as
 * `beforeSend(null, url, …)` by its streaming retrieval (the frame URL: the image id without `wadors:`).
 */
export function beforeSend(xhr: XMLHttpRequest | null, imageIdOrUrl: string): Record<string, string> | undefined {
  const imageId = xhr === null ? imageIdOfFrameUrl(imageIdOrUrl) : imageIdOrUrl;
  if (!isWadorsImageId(imageId)) return undefined;
  if (xhr) xhrImageIds().set(xhr, imageId);
  const remembered = memory().requestFor(imageId);
  const request = attempts().get(imageId)?.request ?? (remembered === 'instance' ? 'stored' : remembered);
  return { Accept: frameAcceptHeader(request) };
}

/** The Content-Type header of the first part of a multipart body (ASCII headers, before the first CRLFCRLF). */
function firstPartContentType(body: ArrayBuffer): string | undefined {
  const head = new Uint8Array(body, 0, Math.min(body.byteLength, 2048));
  let text = '';
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 13 && head[i + 1] === 10 && head[i + 2] === 13 && head[i + 3] === 10) break;
    text += String.fromCharCode(head[i]!);
  }
  const line = text.split('\r\n').find((l) => /^content-type:/i.test(l));
  return line?.slice(line.indexOf(':') + 1).trim();
}

/** The policy's part check, for XHR and streamed responses alike: whether the part may be decoded. */
function acceptPart(imageId: string, attempt: Attempt, partType: string | undefined, responseType?: string): boolean {
  const ts = transferSyntaxOfContentType(partType) ?? transferSyntaxOfContentType(responseType);
  attempt.partTransferSyntax = ts;
  if (decide(attempt.request, { kind: 'part', transferSyntaxUID: ts }, pixelLayoutOf(imageId)).action === 'decode') {
    frameDataArrived(imageId, ts);
    return true;
  }
  attempt.refusedPart = true;
  return false;
}

export function beforeProcessing(xhr: XMLHttpRequest): Promise<ArrayBuffer> {
  const body = xhr.response as ArrayBuffer;
  const imageId = xhrImageIds().get(xhr);
  const attempt = imageId === undefined ? undefined : attempts().get(imageId);
  if (imageId === undefined || !attempt) return Promise.resolve(body);
  const responseType = xhr.getResponseHeader('Content-Type') ?? '';
  const partType = responseType.toLowerCase().includes('multipart') ? firstPartContentType(body) : responseType;
  if (acceptPart(imageId, attempt, partType, responseType)) return heldDecode(imageId) ?? Promise.resolve(body);
  // The loader rejects with the XHR itself; the wrapper below reads the reason from the attempt.
  return Promise.reject(new Error('part not decodable'));
}

function statusOf(err: unknown): number | undefined {
  if (typeof XMLHttpRequest !== 'undefined' && err instanceof XMLHttpRequest) return err.status;
  if (err instanceof FrameRetrievalError) return err.status;
  return undefined;
}

function outcomeOf(err: unknown, attempt: Attempt): AttemptOutcome {
  if (attempt.refusedPart) return { kind: 'part', transferSyntaxUID: attempt.partTransferSyntax };
  const status = statusOf(err);
  if (status !== undefined && status !== 200 && status !== 206) return { kind: 'http-error', status };
  return { kind: 'decode-error', transferSyntaxUID: attempt.partTransferSyntax };
}

type LoadResult = ReturnType<typeof wadors.loadImage>;

/** Lower-resolution images of a streamed frame while it arrives (see streamed-frame-load.ts). */
type PartialListener = (image: Types.IImage) => void;

/**
 * One request of the policy. A request refused because the session has ended is not an attempt: it waits
 * until the reader has signed in again and is made again (frame-session.ts), so neither the policy nor
 * the viewport ever sees it fail.
 */
async function loadOnce(imageId: string, request: FrameRequest, options: Record<string, unknown>, onPartial?: PartialListener): Promise<Types.IImage> {
  for (;;) {
    if (isSessionEnded()) await whenSessionActive();
    const attempt: Attempt = { request };
    attempts().set(imageId, attempt);
    const sentIn = sessionGeneration();
    try {
      if (isStreamedFrame(imageId))
        return await loadStreamedFrame(imageId, options, {
          acceptPart: (partType) => acceptPart(imageId, attempt, partType),
          ...(onPartial ? { onPartial } : {}),
        });
      return (await (wadors.loadImage(imageId, options) as LoadResult).promise) as Types.IImage;
    } catch (err) {
      if (await refusedForEndedSession(err, sentIn)) continue;
      throw Object.assign(new AttemptFailure(err), { attempt });
    } finally {
      if (attempts().get(imageId) === attempt) attempts().delete(imageId);
    }
  }
}

class AttemptFailure {
  attempt!: Attempt;
  constructor(readonly cause: unknown) {}
}

/**
 * What the viewport is told when the load is over: the raw XHR for an archive refusal (as before the
 * policy), or an error naming the transfer syntax (of the stored bytes when the archive sent them).
 */
function finalError(first: AttemptFailure, retry: AttemptFailure | undefined): unknown {
  const firstOutcome = outcomeOf(first.cause, first.attempt);
  const last = retry ?? first;
  const lastOutcome = outcomeOf(last.cause, last.attempt);
  const storedSyntax = first.attempt.partTransferSyntax;
  switch (lastOutcome.kind) {
    case 'part':
      return new UndisplayableTransferSyntaxError((lastOutcome.transferSyntaxUID ?? storedSyntax)!);
    case 'decode-error':
      return new FrameDecodeError(storedSyntax ?? lastOutcome.transferSyntaxUID, last.cause);
    case 'http-error':
      if (retry && firstOutcome.kind === 'part' && storedSyntax) return new UndisplayableTransferSyntaxError(storedSyntax);
      if (retry && firstOutcome.kind === 'decode-error') return new FrameDecodeError(storedSyntax, first.cause);
      return last.cause;
  }
}

/** Refuses an image that decoded but would be shown with wrong values. */
function checked(imageId: string, image: Types.IImage, storedSyntax: string | undefined, transcodedAfterRefusal: boolean): Types.IImage {
  const { rows, columns, samplesPerPixel, bitsAllocated } = imageDescriptor(imageId) ?? {};
  const samples = samplesPerPixel ?? image.numberOfComponents;
  const problem = pixelDataProblem({
    samplesPerPixel: samples,
    bitsAllocated,
    transcodedAfterRefusal,
    decodedValues: (image.voxelManager?.getScalarData() ?? image.getPixelData()).length,
    expectedValues: rows !== undefined && columns !== undefined && samples !== undefined ? rows * columns * samples : undefined,
  });
  // Named only when it is the instance's own syntax (stored bytes), not the archive's transcoding.
  if (problem) throw new UnsupportedPixelDataError(storedSyntax, problem);
  return image;
}

/** The transfer syntax each loaded image was stored in, when the archive sent its stored bytes. */
const storedSyntaxes = () => loadingSession().storedSyntaxes;

export function storedTransferSyntaxOf(imageId: string): string | undefined {
  return storedSyntaxes().get(imageId);
}

async function loadFromInstance(imageId: string, options: Record<string, unknown>): Promise<Types.IImage> {
  const image = await loadFromStoredInstance(imageId, options);
  const stored = (image as { transferSyntaxUID?: string }).transferSyntaxUID;
  if (stored) storedSyntaxes().set(imageId, stored);
  return image;
}

async function loadWithPolicy(imageId: string, options: Record<string, unknown>, onPartial?: PartialListener): Promise<Types.IImage> {
  // An image whose metadata already says it cannot be drawn (e.g. its palette could not be read) is not fetched.
  const undrawable = undrawableImageReason(imageId);
  if (undrawable) throw new UnsupportedPixelDataError(undefined, undrawable);
  const layout = pixelLayoutOf(imageId);
  const request = firstRetrieval(layout, memory().requestFor(imageId));
  if (request === 'instance') return loadFromInstance(imageId, options);
  let first: AttemptFailure;
  try {
    // A frame a batch or the launch brought (batch-frame-loading.ts) counts as this first attempt's answer.
    // imageFromBatch is called before anything is awaited: a batch hands its frame over only for the
    // duration of the synchronous loadAndCacheImage call (batch-prefetch.ts).
    const fromBatch = imageFromBatch(imageId, request, layout, options);
    const image = (await fromBatch) ?? (await imageFromEarlyFrame(imageId, request, layout, options)) ?? (await loadOnce(imageId, request, options, onPartial));
    const stored = request === 'stored' ? (image as { transferSyntaxUID?: string }).transferSyntaxUID : undefined;
    if (stored) storedSyntaxes().set(imageId, stored);
    return checked(imageId, image, stored, false);
  } catch (failure) {
    if (!(failure instanceof AttemptFailure)) throw failure;
    first = failure;
  }
  const decision = decide(request, outcomeOf(first.cause, first.attempt), layout);
  if (decision.action === 'undisplayable') throw new UndisplayableTransferSyntaxError(decision.transferSyntaxUID);
  if (decision.action === 'retry-instance') {
    // The retry's failure is final, as below; it names its own cause.
    memory().needsInstance(imageId);
    return loadFromInstance(imageId, options);
  }
  if (decision.action !== 'retry-evrle') throw finalError(first, undefined);
  memory().needsEvrle(imageId);
  try {
    // The retry's failure is final whatever it is: at most two requests per load.
    const image = await loadOnce(imageId, 'evrle', options, onPartial);
    const firstOutcome = outcomeOf(first.cause, first.attempt);
    return checked(imageId, image, first.attempt.partTransferSyntax, firstOutcome.kind === 'http-error');
  } catch (failure) {
    if (!(failure instanceof AttemptFailure)) throw failure;
    throw finalError(first, failure);
  }
}

/**
 * What a frame of this image's series is asked for now: its stored bytes, or EVRLE once the series needed
 * it; undefined when its pixels are read from the stored instance instead (no frame request at all).
 */
export function frameRequestFor(imageId: string): FrameRequest | undefined {
  const retrieval = firstRetrieval(pixelLayoutOf(imageId), memory().requestFor(imageId));
  return retrieval === 'instance' ? undefined : retrieval;
}

/** Loader options (the dicom-image-loader's setOptions; see cornerstone-init.ts). */
export const frameRetrievalOptions = { beforeSend, beforeProcessing };

/**
 * A streamed frame's load: a promise of the final image that also carries Cornerstone's progressive
 * iterator, through which the stack viewport's progressive loader draws the lower-resolution images
 * first. The final image is marked full resolution (that loader treats anything else as unfinished).
 */
function loadStreamed(imageId: string, options: Record<string, unknown>): Promise<Types.IImage> {
  const images = new utilities.ProgressiveIterator('readroom-streamed-frame');
  const done = images.getDonePromise() as Promise<Types.IImage>;
  loadWithPolicy(imageId, options, (partial) => images.add(partial, false)).then(
    (image) => images.add(Object.assign(image, { imageQualityStatus: image.imageQualityStatus ?? Enums.ImageQualityStatus.FULL_RESOLUTION }), true),
    (err: unknown) => images.reject(err as Error),
  );
  return done;
}

/** Replaces the `wadors` image loader registered by the dicom-image-loader's init() with the policy-applying one. */
export function registerFrameRetrieval(): void {
  imageLoader.registerImageLoader('wadors', ((imageId: string, options: Record<string, unknown> = {}) => ({
    promise: isStreamedFrame(imageId) ? loadStreamed(imageId, options) : loadWithPolicy(imageId, options),
    cancelFn: undefined,
  })) as unknown as Types.ImageLoaderFn);
}
