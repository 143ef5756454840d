import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/config.ts';
import { partialDecodeLevel, upscaleNearest } from '../../src/imaging/frame-streaming.ts';

/**
 * The decode workers' own HTJ2K path (the dicom-image-loader's worker `decodeImageFrame`, OpenJPH)
 * on a partial HTJ2K RPCL codestream, as a streamed frame delivers it: no archive here serves HTJ2K
 * (Orthanc 1.10 neither transcodes to it nor sends its frames), so the codestream is made with the
 * OpenJPH encoder that ships in @cornerstonejs/codec-openjph.
 */

const RPCL_LOSSLESS = '1.2.840.10008.1.2.4.202';
const SIZE = 256;
const CODEC_DIR = path.join(REPO_ROOT, 'node_modules/@cornerstonejs/codec-openjph/dist');
const WORKER = path.join(REPO_ROOT, 'node_modules/@cornerstonejs/dicom-image-loader/dist/esm/decodeImageFrameWorker.js');

interface DecodedFrame {
  pixelData: ArrayLike<number>;
  columns: number;
  rows: number;
  progessionOrder?: string;
}
type DecodeImageFrame = (
  imageFrame: Record<string, unknown>,
  transferSyntax: string,
  pixelData: Uint8Array,
  decodeConfig: Record<string, unknown>,
  options: Record<string, unknown>,
) => Promise<DecodedFrame>;

interface OpenJphEncoder {
  getDecodedBuffer(info: Record<string, unknown>): Uint8Array;
  setProgressionOrder(order: number): void;
  setDecompositions(levels: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
}

/** A 16-bit signed CT-like frame: smooth structure plus sharp 32-pixel blocks (so every resolution holds detail). */
function sourceFrame(): Int16Array {
  const out = new Int16Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) out[y * SIZE + x] = Math.round(1000 * Math.sin(x / 20) * Math.cos(y / 30)) + (((x >> 5) + (y >> 5)) % 2 ? 200 : -200);
  }
  return out;
}

let decodeImageFrame: DecodeImageFrame;
let source: Int16Array;
let codestream: Uint8Array;

async function decode(bytes: Uint8Array, decodeLevel: number): Promise<DecodedFrame> {
  const imageFrame = {
    rows: SIZE,
    columns: SIZE,
    bitsAllocated: 16,
    bitsStored: 16,
    highBit: 15,
    pixelRepresentation: 1,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    decodeLevel,
  };
  return decodeImageFrame(imageFrame, RPCL_LOSSLESS, bytes.slice(), { wasmBasePath: CODEC_DIR }, { preScale: { enabled: false } });
}

beforeAll(async () => {
  ({ decodeImageFrame } = (await import(WORKER)) as { decodeImageFrame: DecodeImageFrame });
  const factory = createRequire(import.meta.url)('@cornerstonejs/codec-openjph/wasmjs') as () => Promise<{ HTJ2KEncoder: new () => OpenJphEncoder }>;
  const codec = await factory();
  source = sourceFrame();
  const encoder = new codec.HTJ2KEncoder();
  encoder
    .getDecodedBuffer({ width: SIZE, height: SIZE, bitsPerSample: 16, componentCount: 1, isSigned: true, isUsingColorTransform: false })
    .set(new Uint8Array(source.buffer));
  encoder.setProgressionOrder(2); // OpenJPH: 0 LRCP, 1 RLCP, 2 RPCL, 3 PCRL, 4 CPRL
  encoder.setDecompositions(5);
  encoder.encode();
  codestream = encoder.getEncodedBuffer().slice();
});

describe('HTJ2K RPCL in the decode workers', () => {
  it('decodes the whole codestream losslessly, and it is RPCL', async () => {
    const full = await decode(codestream, 0);
    expect(full.progessionOrder).toBe('RPCL');
    expect([full.columns, full.rows]).toEqual([SIZE, SIZE]);
    expect(Array.from(full.pixelData)).toEqual(Array.from(source));
  });

  it('decodes a prefix of the codestream to a lower-resolution image, the one the whole codestream gives at that level', async () => {
    // The shares at which a streamed frame is decoded early (partialDecodeLevel), and the level chosen for each.
    const steps: { share: number; level: number }[] = [];
    for (const share of [1 / 16, 1 / 4, 1 / 2]) {
      const level = partialDecodeLevel({
        transferSyntaxUID: RPCL_LOSSLESS,
        receivedBytes: Math.ceil(codestream.length * share),
        totalBytes: codestream.length,
        lastLevel: steps.at(-1)?.level,
      });
      expect(level, `a decode is tried at ${share} of the codestream`).toBeDefined();
      steps.push({ share, level: level! });
    }
    expect(steps.map((s) => s.level)).toEqual([3, 2, 1]);
    for (const { share, level } of steps) {
      const prefix = codestream.subarray(0, Math.ceil(codestream.length * share));
      const partial = await decode(prefix, level);
      const reference = await decode(codestream, level);
      expect([partial.columns, partial.rows], `level ${level}`).toEqual([SIZE >> level, SIZE >> level]);
      expect(Array.from(partial.pixelData), `level ${level} from ${prefix.length} of ${codestream.length} bytes`).toEqual(Array.from(reference.pixelData));
    }
  });

  it('a half-resolution prefix drawn at the full matrix is close to the image', async () => {
    const half = await decode(codestream.subarray(0, Math.ceil(codestream.length / 2)), 1);
    const shown = upscaleNearest(Int32Array.from(half.pixelData), { columns: half.columns, rows: half.rows }, { columns: SIZE, rows: SIZE }, 1);
    let sum = 0;
    for (let i = 0; i < shown.length; i++) sum += Math.abs(shown[i]! - source[i]!);
    // The image spans about 2,400 values; a pixel of the preview is on average within a few per cent of it.
    expect(sum / shown.length).toBeLessThan(60);
  });
});
