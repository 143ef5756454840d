import { parseWadorsImageId } from './wadors-image-id.ts';

/**
 * Streamed frame retrieval, the pure part: which frames are asked for with the image loader's
 * streaming retrieval (per data source), which partial codestreams are worth decoding while a frame
 * arrives, and how a sub-resolution decode is drawn at the image's own matrix.
 */

/** The WADO-RS roots of the data sources that stream frames (image ids carry their source's root). */
export function frameStreamingRoots(sources: readonly { wadoRoot: string; frameStreaming?: boolean | undefined }[]): Set<string> {
  return new Set(sources.filter((s) => s.frameStreaming === true).map((s) => s.wadoRoot));
}

/** Whether a `wadors:` frame image id belongs to a source that streams frames. */
export function streamsFrames(imageId: string, roots: ReadonlySet<string>): boolean {
  const ref = parseWadorsImageId(imageId);
  return ref !== undefined && roots.has(ref.wadoRoot);
}

/**
 * HTJ2K with RPCL progression (`.202`) and HTJ2K (`.203`, RPCL when the archive chose it): a prefix of
 * such a codestream holds the lower resolutions first, so it decodes to a smaller, complete image.
 * Every other syntax (HTJ2K `.201` included) is decoded once the frame is complete.
 */
export const PROGRESSIVE_TRANSFER_SYNTAXES: ReadonlySet<string> = new Set(['1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.203']);

/**
 * The share of the codestream from which each decode level (1/2^level of the resolution) is tried,
 * coarsest first. scripts/testing/htj2k-progressive-decode.test.ts checks, with OpenJPH (the decoder of
 * the decode workers) on a 256×256 16-bit RPCL frame with 5 decompositions, that these shares (1/16,
 * 1/4, 1/2) are enough for exactly the 1/8, 1/4 and 1/2 resolution images.
 */
const LEVEL_FROM_SHARE: readonly { level: number; share: number }[] = [
  { level: 1, share: 1 / 2 },
  { level: 2, share: 1 / 4 },
  { level: 3, share: 1 / 16 },
];

/**
 * The decode level to try on a partial frame, or undefined to wait for more bytes (or for the whole
 * frame). Only for progressive syntaxes, only when the response's length is known, and each level at
 * most once and only when finer than the last one tried, so a frame costs at most three extra decodes.
 */
export function partialDecodeLevel(p: {
  transferSyntaxUID: string | undefined;
  receivedBytes: number;
  totalBytes: number | undefined;
  lastLevel: number | undefined;
}): number | undefined {
  if (p.transferSyntaxUID === undefined || !PROGRESSIVE_TRANSFER_SYNTAXES.has(p.transferSyntaxUID)) return undefined;
  const total = p.totalBytes;
  if (total === undefined || !Number.isFinite(total) || total <= 0 || p.receivedBytes >= total) return undefined;
  const share = p.receivedBytes / total;
  const best = LEVEL_FROM_SHARE.find((entry) => share >= entry.share);
  if (!best) return undefined;
  return p.lastLevel === undefined || best.level < p.lastLevel ? best.level : undefined;
}

type PixelArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array | Uint8ClampedArray;

/**
 * A sub-resolution image drawn at the full matrix by repeating its pixels (nearest neighbour: no
 * value that the smaller image does not hold), so it has the image's own geometry: same spacing,
 * origin and size on screen, and the camera, tools and annotations carry over to the full image.
 */
export function upscaleNearest<T extends PixelArray>(
  source: T,
  from: { columns: number; rows: number },
  to: { columns: number; rows: number },
  samplesPerPixel: number,
): T {
  const out = new (source.constructor as new (length: number) => T)(to.columns * to.rows * samplesPerPixel);
  const sourceColumn = Array.from({ length: to.columns }, (_, x) => Math.min(from.columns - 1, Math.floor((x * from.columns) / to.columns)));
  for (let y = 0; y < to.rows; y++) {
    const sourceRow = Math.min(from.rows - 1, Math.floor((y * from.rows) / to.rows));
    const rowStart = sourceRow * from.columns;
    for (let x = 0; x < to.columns; x++) {
      const s = (rowStart + sourceColumn[x]!) * samplesPerPixel;
      const d = (y * to.columns + x) * samplesPerPixel;
      for (let c = 0; c < samplesPerPixel; c++) out[d + c] = source[s + c]!;
    }
  }
  return out;
}

/**
 * The HTTP status a streamed frame request failed with. The image loader's streaming retrieval
 * (dicom-image-loader 5.14 `streamRequest`) rejects with `Couldn't retrieve <url> got status <n>`;
 * anything else (the fetch failing, a body cut off before its closing boundary) counts as 0: the
 * frame could not be retrieved whole.
 */
export function retrievalStatusOf(err: unknown): number {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  const match = /\bgot status (\d{3})\b/.exec(message);
  return match ? Number(match[1]) : 0;
}
