import { describe, expect, it } from 'vitest';
import { decodeRleFrame, RleDecodeError } from './rle-lossless.ts';

/** An RLE frame (PS3.5 G.3) from already PackBits-encoded segments. */
function rleFrame(segments: number[][]): Uint8Array {
  const header = new DataView(new ArrayBuffer(64));
  header.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((segment, i) => {
    header.setUint32(4 + 4 * i, offset, true);
    offset += segment.length;
  });
  const out = new Uint8Array(offset);
  out.set(new Uint8Array(header.buffer), 0);
  let at = 64;
  for (const segment of segments) {
    out.set(segment, at);
    at += segment.length;
  }
  return out;
}

/** A PackBits literal run. */
const literal = (...bytes: number[]) => [bytes.length - 1, ...bytes];
/** A PackBits replicate run: `value` repeated `count` times. */
const repeat = (count: number, value: number) => [257 - count, value];

describe('decodeRleFrame', () => {
  // 2 pixels of RGB, 16 bits: (0x0102, 0x0304, 0x0506), (0x0708, 0x090a, 0x0b0c).
  const rgb16 = rleFrame([literal(0x01, 0x07), literal(0x02, 0x08), literal(0x03, 0x09), literal(0x04, 0x0a), literal(0x05, 0x0b), literal(0x06, 0x0c)]);
  const format = { rows: 1, columns: 2, samplesPerPixel: 3, bitsAllocated: 16 };

  it('puts each sample together from its segments, most significant byte first, as little endian', () => {
    const out = decodeRleFrame(rgb16, { ...format, planarConfiguration: 0 });
    expect(Array.from(new Uint16Array(out.buffer))).toEqual([0x0102, 0x0304, 0x0506, 0x0708, 0x090a, 0x0b0c]);
  });

  it('keeps the planes apart for planar configuration 1', () => {
    const out = decodeRleFrame(rgb16, { ...format, planarConfiguration: 1 });
    expect(Array.from(new Uint16Array(out.buffer))).toEqual([0x0102, 0x0708, 0x0304, 0x090a, 0x0506, 0x0b0c]);
  });

  it('decodes replicate runs, skips the no-op code and ignores a padding byte after the last pixel', () => {
    // 32-bit greyscale, 3 pixels: 0x11223344 each, encoded with runs, a no-op (128) and a trailing pad.
    const frame = rleFrame([[128, ...repeat(3, 0x11), 0], repeat(3, 0x22), [...literal(0x33), ...repeat(2, 0x33)], [...repeat(3, 0x44), 0]]);
    const out = decodeRleFrame(frame, { rows: 1, columns: 3, samplesPerPixel: 1, bitsAllocated: 32, planarConfiguration: 0 });
    expect(Array.from(new Uint32Array(out.buffer))).toEqual([0x11223344, 0x11223344, 0x11223344]);
  });

  it('decodes 8-bit colour', () => {
    const frame = rleFrame([repeat(2, 200), literal(1, 2), repeat(2, 255)]);
    const out = decodeRleFrame(frame, { rows: 2, columns: 1, samplesPerPixel: 3, bitsAllocated: 8, planarConfiguration: 0 });
    expect(Array.from(out)).toEqual([200, 1, 255, 200, 2, 255]);
  });

  it('refuses a segment count that does not match the samples', () => {
    expect(() => decodeRleFrame(rgb16, { ...format, samplesPerPixel: 1, planarConfiguration: 0 })).toThrow(/6 segments where 1 sample\(s\) of 16 bits need 2/);
  });

  it('refuses a segment that ends early, and a frame shorter than its header', () => {
    const short = rleFrame([literal(1), literal(2)]);
    expect(() => decodeRleFrame(short, { rows: 1, columns: 2, samplesPerPixel: 1, bitsAllocated: 16, planarConfiguration: 0 })).toThrow(RleDecodeError);
    expect(() => decodeRleFrame(new Uint8Array(10), { ...format, planarConfiguration: 0 })).toThrow(/shorter than its header/);
  });

  it('refuses 1-bit and other non-byte sample sizes', () => {
    expect(() => decodeRleFrame(rgb16, { ...format, bitsAllocated: 12, planarConfiguration: 0 })).toThrow(/12 bits allocated/);
  });
});
