import { cache, Enums, imageLoader, metaData, type Types } from '@cornerstonejs/core';
import { takeEarlyRequest } from '../../dicomweb/early-requests.ts';
import { sessionFetch } from '../../session/session-fetch.ts';
import { lossyPreviewUrl, PREVIEW_ACCEPT, type LossyFirstPolicy } from '../../imaging/image-quality.ts';
import { frameUrlOfImageId } from '../../imaging/wadors-image-id.ts';
import { loadingSession, type PreviewRequest } from './loading-session.ts';

/**
 * Lossy first views of large images: the archive's rendered JPEG of a frame (WADO-RS
 * `/frames/N/rendered`, scaled down), shown under its own image id until the lossless image is
 * decoded. The JPEG is drawn back up to the full matrix so the preview has exactly the geometry of
 * the image (same spacing, origin and orientation: the camera, measurements and annotations carry
 * over). Its values are display values (0–255, already windowed and, for MONOCHROME1, already
 * inverted by the archive), so it is described to Cornerstone as an 8-bit MONOCHROME2 image with an
 * identity window, and never offers modality values (see pixel-sample.ts).
 */
const SCHEME = 'rrpreview';
const PREFIX = `${SCHEME}:`;

function previewImageId(imageId: string): string {
  return `${PREFIX}${imageId}`;
}

export function isPreviewImageId(imageId: string): boolean {
  return imageId.startsWith(PREFIX);
}

function realImageId(previewId: string): string {
  return previewId.slice(PREFIX.length);
}

/** What each preview image id was asked with (set before loading). */
const requests = () => loadingSession().previewRequests;

async function decodeToMatrix(blob: Blob, req: PreviewRequest): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(blob, { resizeWidth: req.columns, resizeHeight: req.rows, resizeQuality: 'high' });
  const canvas = new OffscreenCanvas(req.columns, req.rows);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('No 2D canvas to decode the preview');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, req.columns, req.rows).data;
  const components = req.color ? 3 : 1;
  const out = new Uint8Array(req.rows * req.columns * components);
  for (let p = 0, o = 0; p < rgba.length; p += 4) {
    out[o++] = rgba[p]!;
    if (components === 3) {
      out[o++] = rgba[p + 1]!;
      out[o++] = rgba[p + 2]!;
    }
  }
  return out;
}

async function loadPreview(previewId: string): Promise<Types.IImage> {
  const req = requests().get(previewId);
  const frameUrl = frameUrlOfImageId(realImageId(previewId));
  const url = req && lossyPreviewUrl(req.policy, frameUrl, req);
  if (!req || !url) throw new Error(`No preview can be made for ${previewId}`);
  const res = await (takeEarlyRequest(url, PREVIEW_ACCEPT) ?? sessionFetch(url, { headers: { Accept: PREVIEW_ACCEPT } }));
  if (!res.ok) throw new Error(`Preview request failed (HTTP ${res.status})`);
  const pixels = await decodeToMatrix(await res.blob(), req);
  const plane = metaData.get('imagePlaneModule', previewId) as { columnPixelSpacing?: number; rowPixelSpacing?: number } | undefined;
  return {
    imageId: previewId,
    minPixelValue: 0,
    maxPixelValue: 255,
    slope: 1,
    intercept: 0,
    windowCenter: 127.5,
    windowWidth: 256,
    voiLUTFunction: Enums.VOILUTFunctionType.LINEAR,
    getPixelData: () => pixels,
    rows: req.rows,
    columns: req.columns,
    height: req.rows,
    width: req.columns,
    color: req.color,
    rgba: false,
    numberOfComponents: req.color ? 3 : 1,
    columnPixelSpacing: plane?.columnPixelSpacing ?? 1,
    rowPixelSpacing: plane?.rowPixelSpacing ?? 1,
    invert: false,
    photometricInterpretation: req.color ? 'RGB' : 'MONOCHROME2',
    sizeInBytes: pixels.byteLength,
    imageQualityStatus: Enums.ImageQualityStatus.LOSSY,
  } as unknown as Types.IImage;
}

/** What a preview says about itself; everything else (geometry, modality, calibration) is the image's. */
function previewMetadata(type: string, previewId: string): unknown {
  const req = requests().get(previewId);
  if (!req) return undefined;
  switch (type) {
    case 'imagePixelModule': {
      const base = (metaData.get(type, realImageId(previewId)) ?? {}) as Record<string, unknown>;
      return {
        ...base,
        bitsAllocated: 8,
        bitsStored: 8,
        highBit: 7,
        pixelRepresentation: 0,
        samplesPerPixel: req.color ? 3 : 1,
        planarConfiguration: 0,
        photometricInterpretation: req.color ? 'RGB' : 'MONOCHROME2',
      };
    }
    case 'voiLutModule':
      return { windowCenter: [127.5], windowWidth: [256], voiLUTFunction: 'LINEAR' };
    case 'modalityLutModule':
      return { rescaleSlope: 1, rescaleIntercept: 0 };
    case 'transferSyntax':
      return undefined;
    default:
      return metaData.get(type, realImageId(previewId));
  }
}

/** The preview image loader and metadata (called once, by initCornerstone). */
export function registerLossyPreviews(): void {
  imageLoader.registerImageLoader(SCHEME, ((imageId: string) => ({ promise: loadPreview(imageId), cancelFn: undefined })) as unknown as Types.ImageLoaderFn);
  metaData.addProvider(
    (type: string, imageId: string) => (typeof imageId === 'string' && isPreviewImageId(imageId) ? previewMetadata(type, imageId) : undefined),
    10_000,
  );
}

/** Loads (and caches) the preview of `imageId`; resolves with its image id. */
export async function loadLossyPreview(imageId: string, image: { rows: number; columns: number; color: boolean }, policy: LossyFirstPolicy): Promise<string> {
  const id = previewImageId(imageId);
  requests().set(id, { ...image, policy });
  await imageLoader.loadAndCacheImage(id, { priority: -5, requestType: Enums.RequestType.Interaction });
  return id;
}

/** Drops a preview that has served (or came too late): its pixels from the cache, its request from memory. */
export function releaseLossyPreview(previewId: string): void {
  cache.removeImageLoadObject(previewId, { force: true });
  requests().delete(previewId);
}
