import { isHighBitColour } from './high-bit-colour.ts';

/**
 * Transfer-syntax policy for WADO-RS frame retrieval, in one place (pure: no Cornerstone, no DOM).
 *
 * 1. Ask for the stored bytes (`transfer-syntax=*`): no transcoding in the archive, smallest transfer.
 * 2. When the archive refuses that (400/406/415/5xx other than gateway failures: Orthanc answers 500 for
 *    Explicit VR Big Endian and Deflated instances), or sends a part whose transfer syntax the client
 *    cannot decode, or the part fails to decode, ask once more for Explicit VR Little Endian: the archive
 *    decodes. The series is remembered as "needs EVRLE" so its other frames go there directly.
 * 3. A video syntax (MPEG-2, MPEG-4 AVC, HEVC) cannot be shown as an image at all: no retry, a message
 *    naming the syntax. A second failure (the EVRLE request) is final: never more than two requests.
 * 4. Pixel data whose values neither the archive's transcoding nor the image loader get right (see
 *    `needsClientDecoding`) is read by the client from the stored Part 10 instance (WADO-RS instance
 *    retrieval with `transfer-syntax=*`) instead of step 2's EVRLE: at once for colour with more than
 *    8 bits per sample, after the stored frame for more than 16 bits.
 */

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** What a frame request asks for: the stored bytes or the archive's decoding to EVRLE. */
export type FrameRequest = 'stored' | 'evrle';

/** How a frame is retrieved: a frame request, or the stored Part 10 instance decoded by the client. */
export type Retrieval = FrameRequest | 'instance';

/** What the policy knows of an image's pixels before asking for them (from its metadata). */
export interface PixelLayout {
  samplesPerPixel: number | undefined;
  bitsAllocated: number | undefined;
}

/**
 * Pixel data that must not go through the archive's transcoding nor the image loader's decoders:
 * - more than 16 bits per sample: Orthanc 1.10 swaps 32-bit Big Endian values as 16-bit words when it
 *   transcodes them, the loader's Big Endian decoder swaps 16-bit values only and its RLE decoder
 *   refuses 32-bit data (stored Little Endian frames are fine and are used);
 * - colour with more than 8 bits per sample: the loader's RLE decoder mixes up the samples of 16-bit
 *   colour, Orthanc's transcoding (GDCM) mis-orders the RLE segments of some 16-bit colour files, and
 *   Cornerstone displays colour as 8-bit (src/imaging/high-bit-colour.ts).
 */
export function needsClientDecoding(layout: PixelLayout): boolean {
  return isHighBitColour(layout) || (layout.bitsAllocated ?? 0) > 16;
}

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
const LITTLE_ENDIAN_NATIVE = new Set([IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN]);

/** Whether the image loader decodes a stored frame of this syntax to the right values for this layout. */
function loaderDecodesCorrectly(transferSyntaxUID: string, layout: PixelLayout | undefined): boolean {
  if (!layout || !needsClientDecoding(layout)) return true;
  return !isHighBitColour(layout) && LITTLE_ENDIAN_NATIVE.has(transferSyntaxUID);
}

/** The first retrieval of a frame: the stored instance for high-bit colour, else what the series needed before. */
export function firstRetrieval(layout: PixelLayout, remembered: Retrieval): Retrieval {
  return isHighBitColour(layout) ? 'instance' : remembered;
}

const NAMES: Record<string, string> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Lossless',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2',
  '1.2.840.10008.1.2.4.94': 'JPIP Referenced',
  '1.2.840.10008.1.2.4.95': 'JPIP Referenced Deflate',
  '1.2.840.10008.1.2.4.100': 'MPEG-2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.100.1': 'Fragmentable MPEG-2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.101': 'MPEG-2 Main Profile / High Level',
  '1.2.840.10008.1.2.4.101.1': 'Fragmentable MPEG-2 Main Profile / High Level',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.102.1': 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.103.1': 'Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 for 2D Video',
  '1.2.840.10008.1.2.4.104.1': 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 for 2D Video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 for 3D Video',
  '1.2.840.10008.1.2.4.105.1': 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 for 3D Video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2',
  '1.2.840.10008.1.2.4.106.1': 'Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 Main Profile / Level 5.1',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 Main 10 Profile / Level 5.1',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL Options Lossless',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.6.1': 'RFC 2557 MIME Encapsulation',
  '1.2.840.10008.1.2.6.2': 'XML Encoding',
};

/** What the decode workers handle (Cornerstone's dicom-image-loader WASM codecs). */
const DECODABLE = new Set<string>([
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.202',
  '1.2.840.10008.1.2.4.203',
]);

/** MPEG-2, MPEG-4 AVC/H.264 and HEVC/H.265: video streams, not image frames. */
const VIDEO = /^1\.2\.840\.10008\.1\.2\.4\.10[0-8](\.1)?$/;

export type TransferSyntaxClass = 'decodable' | 'video' | 'not-decodable';

export function classifyTransferSyntax(uid: string): TransferSyntaxClass {
  if (DECODABLE.has(uid)) return 'decodable';
  if (VIDEO.test(uid)) return 'video';
  return 'not-decodable';
}

/** "JPEG Baseline (1.2.840.10008.1.2.4.50)", or "private transfer syntax 1.3.…" for one this table does not know. */
export function describeTransferSyntax(uid: string): string {
  const name = NAMES[uid];
  if (name) return `${name} (${uid})`;
  return uid.startsWith('1.2.840.10008.') ? `transfer syntax ${uid}` : `private transfer syntax ${uid}`;
}

/** The Accept header of a frame request. */
export function frameAcceptHeader(request: FrameRequest): string {
  return `multipart/related; type=application/octet-stream; transfer-syntax=${request === 'stored' ? '*' : EXPLICIT_VR_LITTLE_ENDIAN}`;
}

/** The `transfer-syntax` parameter of a part's (or a multipart response's) Content-Type, if present. */
export function transferSyntaxOfContentType(contentType: string | null | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /(?:^|;)\s*transfer-syntax\s*=\s*"?([0-9.]+|\*)"?/i.exec(contentType);
  return m && m[1] !== '*' ? m[1] : undefined;
}

/** The series a WADO-RS frame URL (or `wadors:` image id) belongs to. */
export function seriesKeyOfFrameUrl(url: string): string | undefined {
  const m = /\/studies\/([^/]+)\/series\/([^/]+)\//.exec(url);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** HTTP statuses after which asking for EVRLE can help: the archive would not (or could not) send the stored bytes. */
export function statusWarrantsEvrle(status: number): boolean {
  if (status === 400 || status === 406 || status === 415) return true;
  // 502/503/504 are the gateway or archive being down or slow: a second request would not help.
  return status >= 500 && status <= 599 && status !== 502 && status !== 503 && status !== 504;
}

/** What a request attempt ended with. */
export type AttemptOutcome =
  | { kind: 'http-error'; status: number }
  /** 200, with the part's transfer syntax (undefined when the archive did not say). */
  | { kind: 'part'; transferSyntaxUID: string | undefined }
  /** The part was handed to the decoder, which failed. */
  | { kind: 'decode-error'; transferSyntaxUID: string | undefined };

export type Decision =
  | { action: 'decode' }
  | { action: 'retry-evrle' }
  /** Read the frame from the stored Part 10 instance (see needsClientDecoding). */
  | { action: 'retry-instance' }
  | { action: 'undisplayable'; transferSyntaxUID: string }
  | { action: 'fail' };

/**
 * The policy's decision table. `request` is what was asked for; `layout` (from the metadata) picks
 * the second request: the stored instance where needsClientDecoding, else EVRLE. `decode` is only
 * ever returned for a `part` outcome with a syntax the client decodes right for the layout (or none
 * named: the part is then taken as the loader's default, Implicit VR Little Endian, as the standard
 * says for application/octet-stream).
 */
export function decide(request: FrameRequest, outcome: AttemptOutcome, layout?: PixelLayout): Decision {
  const retry: Decision = layout && needsClientDecoding(layout) ? { action: 'retry-instance' } : { action: 'retry-evrle' };
  switch (outcome.kind) {
    case 'http-error':
      return request === 'stored' && statusWarrantsEvrle(outcome.status) ? retry : { action: 'fail' };
    case 'part': {
      const ts = outcome.transferSyntaxUID;
      if (ts === undefined) return { action: 'decode' };
      const cls = classifyTransferSyntax(ts);
      if (cls === 'decodable' && loaderDecodesCorrectly(ts, layout)) return { action: 'decode' };
      if (cls === 'video' || request === 'evrle') return { action: 'undisplayable', transferSyntaxUID: ts };
      return retry;
    }
    case 'decode-error':
      return request === 'stored' ? retry : { action: 'fail' };
  }
}

/** A frame whose transfer syntax cannot be shown (video, a private or unsupported syntax the archive would not decode). */
export class UndisplayableTransferSyntaxError extends Error {
  readonly transferSyntaxUID: string;
  constructor(transferSyntaxUID: string) {
    super(
      `${describeTransferSyntax(transferSyntaxUID)} cannot be displayed${classifyTransferSyntax(transferSyntaxUID) === 'video' ? ' (a video stream, not image frames)' : ''}.`,
    );
    this.name = 'UndisplayableTransferSyntaxError';
    this.transferSyntaxUID = transferSyntaxUID;
  }
}

/** A frame that was retrieved but could not be decoded, neither as stored nor as the archive's EVRLE. */
export class FrameDecodeError extends Error {
  readonly transferSyntaxUID: string | undefined;
  constructor(transferSyntaxUID: string | undefined, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : 'unknown error';
    super(`The frame failed to decode${transferSyntaxUID ? ` (${describeTransferSyntax(transferSyntaxUID)})` : ''}: ${detail}`);
    this.name = 'FrameDecodeError';
    this.transferSyntaxUID = transferSyntaxUID;
  }
}

/**
 * Per-series memory: once one frame of a series needed EVRLE, the others ask for it directly
 * (one request instead of two). Keyed by `seriesKeyOfFrameUrl`.
 */
export class TransferSyntaxMemory {
  private readonly evrleSeries = new Set<string>();
  private readonly instanceSeries = new Set<string>();

  requestFor(frameUrl: string): Retrieval {
    const key = seriesKeyOfFrameUrl(frameUrl);
    if (key === undefined) return 'stored';
    return this.instanceSeries.has(key) ? 'instance' : this.evrleSeries.has(key) ? 'evrle' : 'stored';
  }

  needsEvrle(frameUrl: string): void {
    const key = seriesKeyOfFrameUrl(frameUrl);
    if (key !== undefined) this.evrleSeries.add(key);
  }

  needsInstance(frameUrl: string): void {
    const key = seriesKeyOfFrameUrl(frameUrl);
    if (key !== undefined) this.instanceSeries.add(key);
  }
}

/**
 * A last check on what the image loader decoded (the policy sends neither case there): a reason the
 * viewer would show it wrongly, or undefined when fine.
 * - Colour with more than 8 bits per sample: Cornerstone's colour path is 8-bit and saturates it.
 * - 32-bit samples the archive only sent transcoded (stored bytes refused): Orthanc 1.10 swaps Big Endian
 *   32-bit values as 16-bit words, so the values it sends would be wrong.
 * - Fewer decoded values than the frame has pixels: a part that is not what its label says. Orthanc
 *   1.10, asked for Explicit VR Little Endian of an HTJ2K instance it cannot decode, sends the HTJ2K
 *   codestream labelled as Explicit VR Little Endian (e2e/viewer-frame-streaming.spec.ts).
 */
export function pixelDataProblem(p: {
  samplesPerPixel: number | undefined;
  bitsAllocated: number | undefined;
  transcodedAfterRefusal: boolean;
  /** Values the loader decoded, and rows × columns × samples per pixel from the metadata. */
  decodedValues?: number | undefined;
  expectedValues?: number | undefined;
}): string | undefined {
  if (p.decodedValues !== undefined && p.expectedValues !== undefined && p.decodedValues < p.expectedValues) {
    return `the archive sent ${p.decodedValues} pixel values for a frame of ${p.expectedValues}, so the part is not what its transfer syntax says`;
  }
  const bits = p.bitsAllocated ?? 0;
  if (isHighBitColour(p)) return `colour with ${bits} bits per sample cannot be shown from the image loader's decoding`;
  if (p.transcodedAfterRefusal && bits > 16) {
    return `the archive would not send the stored ${bits}-bit pixel data, and its Explicit VR Little Endian transcoding of ${bits}-bit values is not trusted (Orthanc swaps Big Endian ${bits}-bit values as 16-bit words)`;
  }
  return undefined;
}

/** A frame that decoded but would be shown with wrong values (see pixelDataProblem). */
export class UnsupportedPixelDataError extends Error {
  readonly transferSyntaxUID: string | undefined;
  constructor(transferSyntaxUID: string | undefined, reason: string) {
    super(`The frame cannot be shown correctly${transferSyntaxUID ? ` (${describeTransferSyntax(transferSyntaxUID)})` : ''}: ${reason}.`);
    this.name = 'UnsupportedPixelDataError';
    this.transferSyntaxUID = transferSyntaxUID;
  }
}
