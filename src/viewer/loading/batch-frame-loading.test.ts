import { beforeEach, describe, expect, it, vi } from 'vitest';

const decoded: { imageId: string; transferSyntax: string; options: unknown }[] = [];
let decodeFails = false;
vi.mock('@cornerstonejs/core', () => ({
  Enums: { ImageQualityStatus: { FULL_RESOLUTION: 8 }, Events: { IMAGE_LOADED: 'IMAGE_LOADED', IMAGE_LOAD_FAILED: 'IMAGE_LOAD_FAILED' } },
  eventTarget: new EventTarget(),
}));
vi.mock('@cornerstonejs/dicom-image-loader', () => ({
  createImage: async (imageId: string, _bytes: Uint8Array, transferSyntax: string, options: unknown) => {
    if (decodeFails) throw new Error('decode failed');
    decoded.push({ imageId, transferSyntax, options });
    return { imageId };
  },
}));
vi.mock('@cornerstonejs/dicom-image-loader/wadors/loadImage', () => ({
  getTransferSyntaxForContentType: (contentType: string) => /transfer-syntax=([0-9.]+)/.exec(contentType)?.[1] ?? '1.2.840.10008.1.2.1',
}));
const { deliverBatchedFrame, forgetBatchedFrame, imageFromBatch } = await import('./batch-frame-loading.ts');
const { onFrameDataArrived } = await import('./frame-arrival.ts');
const { resetLoadingSession } = await import('./loading-session.ts');

const ID = 'wadors:/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.4/frames/1';
const JPEG_LS = '1.2.840.10008.1.2.4.80';
const frame = { request: 'stored' as const, contentType: `application/octet-stream; transfer-syntax=${JPEG_LS}`, bytes: new Uint8Array(8) };
const layout = { samplesPerPixel: 1, bitsAllocated: 16 };

beforeEach(() => {
  resetLoadingSession();
  decoded.length = 0;
  decodeFails = false;
});

describe('batched frames into the loader', () => {
  it('decodes the delivered bytes once, full resolution, reporting their arrival', async () => {
    const arrivals: unknown[] = [];
    onFrameDataArrived((a) => arrivals.push(a));
    deliverBatchedFrame(ID, frame);
    const image = await imageFromBatch(ID, 'stored', layout, { priority: 0 });
    expect(image).toMatchObject({ imageId: ID, transferSyntaxUID: JPEG_LS, imageQualityStatus: 8 });
    expect(decoded).toEqual([{ imageId: ID, transferSyntax: JPEG_LS, options: { priority: 0, decodeLevel: 0 } }]);
    expect(arrivals).toEqual([{ imageId: ID, transferSyntaxUID: JPEG_LS }]);
    expect(await imageFromBatch(ID, 'stored', layout, {})).toBeUndefined();
  });

  it('leaves the load to the loader when there are no bytes, they were forgotten, or they answer another request', async () => {
    expect(await imageFromBatch(ID, 'stored', layout, {})).toBeUndefined();
    deliverBatchedFrame(ID, frame);
    forgetBatchedFrame(ID);
    expect(await imageFromBatch(ID, 'stored', layout, {})).toBeUndefined();
    deliverBatchedFrame(ID, frame);
    expect(await imageFromBatch(ID, 'evrle', layout, {})).toBeUndefined();
    expect(decoded).toEqual([]);
  });

  it('leaves the load to the loader when the decode fails', async () => {
    decodeFails = true;
    deliverBatchedFrame(ID, frame);
    expect(await imageFromBatch(ID, 'stored', layout, {})).toBeUndefined();
  });

  it('keeps nothing from an earlier session', async () => {
    deliverBatchedFrame(ID, frame);
    resetLoadingSession();
    expect(await imageFromBatch(ID, 'stored', layout, {})).toBeUndefined();
  });
});
