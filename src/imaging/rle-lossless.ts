/**
 * RLE Lossless (1.2.840.10008.1.2.5, PS3.5 Annex G) decoded to native little-endian pixel data, for any
 * number of samples and 8, 16 or 32 bits allocated. The image loader's own RLE decoder handles 8-bit
 * data and 16-bit greyscale only: it mixes up the samples of 16-bit colour and refuses 32-bit data.
 */

export interface RleFrameFormat {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  /** 0: samples of a pixel side by side (R G B R G B …); 1: one plane per sample. */
  planarConfiguration: number;
}

export class RleDecodeError extends Error {
  constructor(message: string) {
    super(`RLE Lossless: ${message}`);
    this.name = 'RleDecodeError';
  }
}

const HEADER_BYTES = 64;

/** PackBits-decodes one segment into `out` (exactly out.length bytes); throws if the segment is short. */
function decodeSegment(data: Uint8Array, start: number, end: number, out: Uint8Array, segment: number): void {
  let i = start;
  let o = 0;
  while (o < out.length && i < end) {
    const n = data[i++]!;
    if (n < 128) {
      // n + 1 literal bytes.
      const count = Math.min(n + 1, out.length - o, end - i);
      out.set(data.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n > 128) {
      // The next byte repeated 257 − n times (n = 128 is a no-op).
      const count = Math.min(257 - n, out.length - o);
      if (i >= end) break;
      out.fill(data[i++]!, o, o + count);
      o += count;
    }
  }
  if (o < out.length) throw new RleDecodeError(`segment ${segment + 1} ends after ${o} of ${out.length} bytes`);
}

/**
 * Decodes one frame (its complete fragment data) to native little-endian bytes in the frame's own
 * planar configuration. Segments come sample by sample, most significant byte first (PS3.5 G.2).
 */
export function decodeRleFrame(frame: Uint8Array, format: RleFrameFormat): Uint8Array {
  const { rows, columns, samplesPerPixel, bitsAllocated, planarConfiguration } = format;
  if (bitsAllocated % 8 !== 0 || bitsAllocated < 8 || bitsAllocated > 32) throw new RleDecodeError(`${bitsAllocated} bits allocated are not supported`);
  if (frame.byteLength < HEADER_BYTES) throw new RleDecodeError('the frame is shorter than its header');
  const header = new DataView(frame.buffer, frame.byteOffset, HEADER_BYTES);
  const bytesPerSample = bitsAllocated / 8;
  const segments = header.getUint32(0, true);
  const expected = samplesPerPixel * bytesPerSample;
  if (segments !== expected) throw new RleDecodeError(`${segments} segments where ${samplesPerPixel} sample(s) of ${bitsAllocated} bits need ${expected}`);
  const pixels = rows * columns;
  const out = new Uint8Array(pixels * expected);
  const plane = new Uint8Array(pixels);
  for (let s = 0; s < segments; s++) {
    const start = header.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? header.getUint32(8 + 4 * s, true) : frame.byteLength;
    if (start < HEADER_BYTES || end > frame.byteLength || end < start) throw new RleDecodeError(`segment ${s + 1} lies outside the frame`);
    decodeSegment(frame, start, end, plane, s);
    const sample = Math.floor(s / bytesPerSample);
    // Segment k of a sample holds its k-th most significant byte; little endian puts that last.
    const byte = bytesPerSample - 1 - (s % bytesPerSample);
    if (planarConfiguration === 1) {
      const base = sample * pixels * bytesPerSample + byte;
      for (let p = 0; p < pixels; p++) out[base + p * bytesPerSample] = plane[p]!;
    } else {
      const stride = samplesPerPixel * bytesPerSample;
      const base = sample * bytesPerSample + byte;
      for (let p = 0; p < pixels; p++) out[base + p * stride] = plane[p]!;
    }
  }
  return out;
}
