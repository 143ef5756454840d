import { beforeEach, describe, expect, it, vi } from 'vitest';

/** What the loader's streaming retrieval yields for the next request (or the error it fails with). */
interface Chunk {
  contentType?: string;
  pixelData?: Uint8Array;
  done?: boolean;
  extractDone?: boolean;
  percentComplete?: number;
}
let stream: (Chunk | Error)[] = [];
const decodes: { bytes: number; transferSyntax: string; decodeLevel: number }[] = [];
let failDecodeBelow = 0;

vi.mock('@cornerstonejs/dicom-image-loader', () => ({
  wadors: { getPixelData: () => stream },
  createImage: async (imageId: string, bytes: Uint8Array, transferSyntax: string, options: { decodeLevel: number }) => {
    decodes.push({ bytes: bytes.length, transferSyntax, decodeLevel: options.decodeLevel });
    if (bytes.length < failDecodeBelow) throw new Error('not enough of the codestream');
    // Each level halves the matrix of a 4 × 4 image.
    const size = 4 >> options.decodeLevel;
    const pixels = new Uint16Array(size * size).fill(7);
    return { imageId, rows: size, columns: size, getPixelData: () => pixels, imageFrame: {} };
  },
}));
vi.mock('@cornerstonejs/dicom-image-loader/wadors/loadImage', () => ({
  getTransferSyntaxForContentType: (contentType: string) => /transfer-syntax=([0-9.]+)/.exec(contentType)?.[1] ?? '1.2.840.10008.1.2.1',
}));
vi.mock('@cornerstonejs/core', () => ({
  Enums: { ImageQualityStatus: { SUBRESOLUTION: 3, FULL_RESOLUTION: 8 }, RequestType: { Interaction: 'interaction', Prefetch: 'prefetch' } },
  imageRetrievalPoolManager: { addRequest: (run: () => Promise<void>) => void run() },
  metaData: { get: (type: string) => (type === 'imagePixelModule' ? { rows: 4, columns: 4 } : undefined) },
  utilities: {
    ProgressiveIterator: {
      as: (chunks: (Chunk | Error)[]) =>
        (async function* () {
          for (const chunk of chunks) {
            if (chunk instanceof Error) throw chunk;
            yield chunk;
          }
        })(),
    },
    VoxelManager: { createImageVoxelManager: ({ scalarData }: { scalarData: unknown }) => ({ getScalarData: () => scalarData }) },
  },
}));

const { loadStreamedFrame, PartRefusedError } = await import('./streamed-frame-load.ts');
const { FrameRetrievalError } = await import('./load-errors.ts');

const ID = 'wadors:/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.4/frames/1';
const HTJ2K_RPCL = '1.2.840.10008.1.2.4.202';
const part = (syntax: string) => `application/octet-stream; transfer-syntax=${syntax}`;
const bytes = (n: number) => new Uint8Array(n);
const accepting = { acceptPart: () => true };

beforeEach(() => {
  stream = [];
  decodes.length = 0;
  failDecodeBelow = 0;
});

describe('a streamed frame', () => {
  it('decodes the complete frame once, at full resolution, in its own syntax', async () => {
    stream = [{ contentType: part(HTJ2K_RPCL), pixelData: bytes(100), done: true, extractDone: true }];
    const image = await loadStreamedFrame(ID, {}, accepting);
    expect(decodes).toEqual([{ bytes: 100, transferSyntax: HTJ2K_RPCL, decodeLevel: 0 }]);
    expect(image).toMatchObject({ transferSyntaxUID: HTJ2K_RPCL, imageQualityStatus: 8 });
  });

  it('shows the part to the policy before anything is decoded, and decodes nothing it refuses', async () => {
    const seen: (string | undefined)[] = [];
    stream = [
      { contentType: part('1.2.3.4.5'), pixelData: bytes(10), percentComplete: 10 },
      { contentType: part('1.2.3.4.5'), pixelData: bytes(100), done: true, extractDone: true },
    ];
    const load = loadStreamedFrame(ID, {}, { acceptPart: (type) => (seen.push(type), false) });
    await expect(load).rejects.toBeInstanceOf(PartRefusedError);
    expect(seen).toEqual([part('1.2.3.4.5')]);
    expect(decodes).toEqual([]);
  });

  it('never decodes a body cut off before the part ended', async () => {
    stream = [{ contentType: part(HTJ2K_RPCL), pixelData: bytes(60), done: true, extractDone: false }];
    const load = loadStreamedFrame(ID, {}, accepting);
    await expect(load).rejects.toBeInstanceOf(FrameRetrievalError);
    await expect(load).rejects.toMatchObject({ status: 0 });
    expect(decodes).toEqual([]);
  });

  it('reports the HTTP status of a failed request', async () => {
    stream = [new Error('request failed: got status 503')];
    await expect(loadStreamedFrame(ID, {}, accepting)).rejects.toMatchObject({ name: 'FrameRetrievalError', status: 503 });
  });

  it('draws lower resolutions of an RPCL frame while it arrives, at the full matrix, skipping prefixes that do not decode', async () => {
    failDecodeBelow = 30;
    stream = [
      { contentType: part(HTJ2K_RPCL), pixelData: bytes(10), percentComplete: 10 },
      { contentType: part(HTJ2K_RPCL), pixelData: bytes(20), percentComplete: 20 },
      { contentType: part(HTJ2K_RPCL), pixelData: bytes(30), percentComplete: 30 },
      { contentType: part(HTJ2K_RPCL), pixelData: bytes(60), percentComplete: 60 },
      { contentType: part(HTJ2K_RPCL), pixelData: bytes(100), done: true, extractDone: true },
    ];
    const partials: { rows: number; columns: number; imageQualityStatus: number; values: number }[] = [];
    const image = await loadStreamedFrame(
      ID,
      {},
      {
        ...accepting,
        onPartial: (p) => partials.push({ rows: p.rows, columns: p.columns, imageQualityStatus: p.imageQualityStatus!, values: p.getPixelData().length }),
      },
    );
    // 10 %: level 3 (too little to decode); 20 %: nothing finer to try; 30 %: level 2 (1 × 1); 60 %: level 1 (2 × 2).
    expect(decodes.map((d) => d.decodeLevel)).toEqual([3, 2, 1, 0]);
    const drawn = { rows: 4, columns: 4, imageQualityStatus: 3, values: 16 };
    expect(partials).toEqual([drawn, drawn]);
    expect(image.imageQualityStatus).toBe(8);
  });

  it('draws no partial images for background requests', async () => {
    stream = [
      { contentType: part(HTJ2K_RPCL), pixelData: bytes(60), percentComplete: 60 },
      { contentType: part(HTJ2K_RPCL), pixelData: bytes(100), done: true, extractDone: true },
    ];
    const onPartial = vi.fn();
    await loadStreamedFrame(ID, { requestType: 'prefetch' as never }, { ...accepting, onPartial });
    expect(onPartial).not.toHaveBeenCalled();
    expect(decodes.map((d) => d.decodeLevel)).toEqual([0]);
  });
});
