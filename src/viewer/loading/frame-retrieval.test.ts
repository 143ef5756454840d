import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageDescriptor } from '../../imaging/image-descriptor.ts';

/**
 * The WADO-RS loader as the dicom-image-loader runs it: beforeSend gives the request's headers, the
 * archive answers (here: from `answers`), beforeProcessing sees the body and may stop it, and a decode
 * makes the image. Failures reject with the XHR itself, as the loader does.
 */
class FakeXhr {
  status = 200;
  response: ArrayBuffer = new ArrayBuffer(0);
  contentType = '';
  getResponseHeader(name: string): string | null {
    return name.toLowerCase() === 'content-type' ? this.contentType : null;
  }
}
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;

type Answer = { status: number } | { partSyntax: string; values?: number; decodeFails?: boolean };
/** What the archive answers to each request, in order, by Accept header kind. */
let answers: Answer[] = [];
const sent: { imageId: string; accept: string }[] = [];

function load(imageId: string): { promise: Promise<unknown> } {
  const promise = (async () => {
    const xhr = new FakeXhr();
    const headers = hooks.beforeSend(xhr, imageId) ?? {};
    sent.push({ imageId, accept: headers.Accept ?? '' });
    const answer = answers.shift();
    if (!answer) throw new Error('no answer scripted');
    if ('status' in answer) {
      xhr.status = answer.status;
      throw xhr;
    }
    xhr.contentType = `multipart/related; type="application/octet-stream"; boundary=b`;
    xhr.response = new TextEncoder().encode(`--b\r\nContent-Type: application/octet-stream; transfer-syntax=${answer.partSyntax}\r\n\r\n\0\0`).buffer;
    try {
      await hooks.beforeProcessing(xhr);
    } catch {
      throw xhr;
    }
    if (answer.decodeFails) throw new Error('the decoder gave up');
    const values = new Uint16Array(answer.values ?? 4);
    return { imageId, transferSyntaxUID: answer.partSyntax, numberOfComponents: 1, getPixelData: () => values };
  })();
  return { promise };
}

let loader: (imageId: string, options?: Record<string, unknown>) => { promise: Promise<unknown> };
vi.mock('@cornerstonejs/dicom-image-loader', () => ({ wadors: { loadImage: (imageId: string) => load(imageId) }, createImage: vi.fn() }));
vi.mock('@cornerstonejs/core', () => ({
  Enums: { Events: { IMAGE_LOADED: 'IMAGE_LOADED', IMAGE_LOAD_FAILED: 'IMAGE_LOAD_FAILED' }, ImageQualityStatus: { FULL_RESOLUTION: 8 } },
  eventTarget: new EventTarget(),
  imageLoader: { registerImageLoader: (_scheme: string, fn: typeof loader) => (loader = fn) },
  metaData: { get: () => undefined },
  utilities: {},
}));

const retrieval = await import('./frame-retrieval.ts');
const { loadingSession, resetLoadingSession } = await import('./loading-session.ts');
const { frameAcceptHeader, UndisplayableTransferSyntaxError, UnsupportedPixelDataError, FrameDecodeError } =
  await import('../../imaging/transfer-syntax-policy.ts');
/** The loader's hooks, called with the fake XHR (only what they read of it exists). */
const hooks = retrieval.frameRetrievalOptions as unknown as {
  beforeSend(xhr: FakeXhr, imageId: string): Record<string, string> | undefined;
  beforeProcessing(xhr: FakeXhr): Promise<ArrayBuffer>;
};
retrieval.registerFrameRetrieval();

const STORED = frameAcceptHeader('stored');
const EVRLE = frameAcceptHeader('evrle');
const JPEG_LS = '1.2.840.10008.1.2.4.80';
const PRIVATE = '1.2.3.4.5.6.7.8';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const frame = (instance: number) => `wadors:/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.${instance}/frames/1`;
const ct: Partial<ImageDescriptor> = { rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 16 };
const loadFrame = (imageId: string) => loader(imageId, {}).promise;

beforeEach(() => {
  resetLoadingSession();
  answers = [];
  sent.length = 0;
  for (const i of [1, 2, 3]) loadingSession().descriptors.set(frame(i), ct as ImageDescriptor);
});

describe('frame retrieval under the transfer-syntax policy', () => {
  it('asks for the stored bytes and keeps what the frame was stored as', async () => {
    answers = [{ partSyntax: JPEG_LS }];
    await expect(loadFrame(frame(1))).resolves.toMatchObject({ imageId: frame(1) });
    expect(sent).toEqual([{ imageId: frame(1), accept: STORED }]);
    expect(retrieval.storedTransferSyntaxOf(frame(1))).toBe(JPEG_LS);
  });

  it('stops a part it cannot decode before a decoder sees it, asks once more as EVRLE, and remembers that for the series', async () => {
    answers = [{ partSyntax: PRIVATE }, { partSyntax: EXPLICIT_LE }];
    await expect(loadFrame(frame(1))).resolves.toMatchObject({ imageId: frame(1) });
    expect(sent.map((s) => s.accept)).toEqual([STORED, EVRLE]);
    answers = [{ partSyntax: EXPLICIT_LE }];
    await loadFrame(frame(2));
    expect(sent.at(-1)).toEqual({ imageId: frame(2), accept: EVRLE });
    // EVRLE is the archive's transcoding, not what the frame was stored as.
    expect(retrieval.storedTransferSyntaxOf(frame(2))).toBeUndefined();
  });

  it('names the stored syntax when the archive cannot transcode it either (two requests at most)', async () => {
    answers = [{ partSyntax: PRIVATE }, { status: 406 }, { partSyntax: EXPLICIT_LE }];
    const failure = loadFrame(frame(1));
    await expect(failure).rejects.toBeInstanceOf(UndisplayableTransferSyntaxError);
    await expect(failure).rejects.toMatchObject({ transferSyntaxUID: PRIVATE });
    expect(sent).toHaveLength(2);
  });

  it('retries a decode failure of the stored bytes as EVRLE, and names the stored syntax if that fails too', async () => {
    answers = [
      { partSyntax: JPEG_LS, decodeFails: true },
      { partSyntax: EXPLICIT_LE, decodeFails: true },
    ];
    const failure = loadFrame(frame(1));
    await expect(failure).rejects.toBeInstanceOf(FrameDecodeError);
    await expect(failure).rejects.toThrow(/JPEG-LS/);
    expect(sent.map((s) => s.accept)).toEqual([STORED, EVRLE]);
  });

  it('does not retry what the archive refuses outright (a missing frame stays an HTTP error)', async () => {
    answers = [{ status: 404 }];
    await expect(loadFrame(frame(1))).rejects.toMatchObject({ status: 404 });
    expect(sent).toHaveLength(1);
  });

  it('refuses a decoded frame whose values do not fill the image (never drawn with wrong values)', async () => {
    answers = [{ partSyntax: JPEG_LS, values: 3 }];
    await expect(loadFrame(frame(1))).rejects.toBeInstanceOf(UnsupportedPixelDataError);
  });

  it('does not fetch an image its metadata already says cannot be drawn', async () => {
    loadingSession().undrawable.set(frame(3), 'its palette could not be read');
    await expect(loadFrame(frame(3))).rejects.toThrow(/palette could not be read/);
    expect(sent).toEqual([]);
  });

  it('leaves other loaders’ requests alone', () => {
    expect(hooks.beforeSend(new FakeXhr(), 'dicomfile:1')).toBeUndefined();
  });
});
