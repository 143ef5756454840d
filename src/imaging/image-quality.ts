/**
 * Which images are lossy, and when a lossy first view is worth fetching.
 *
 * An image is lossy when the archive stores it with a lossy transfer syntax or says so in Lossy Image
 * Compression (0028,2110) = "01" (it may have been lossy-compressed before being stored losslessly),
 * or when what is on screen is a preview (a scaled, rendered JPEG shown until the lossless image arrives).
 */

/** Transfer syntaxes whose pixel data is lossy by definition (JPEG lossy, JPEG-LS near-lossless, J2K, HTJ2K lossy, video). */
const LOSSY_TRANSFER_SYNTAXES = new Set([
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.93',
  '1.2.840.10008.1.2.4.203',
  '1.2.840.10008.1.2.4.100',
  '1.2.840.10008.1.2.4.101',
  '1.2.840.10008.1.2.4.102',
  '1.2.840.10008.1.2.4.103',
  '1.2.840.10008.1.2.4.104',
  '1.2.840.10008.1.2.4.105',
  '1.2.840.10008.1.2.4.106',
]);

export interface StoredQuality {
  transferSyntaxUID?: string | undefined;
  /** Lossy Image Compression (0028,2110): "00" or "01". */
  lossyImageCompression?: string | undefined;
}

export function isLossyStored(image: StoredQuality): boolean {
  return image.lossyImageCompression?.trim() === '01' || (image.transferSyntaxUID !== undefined && LOSSY_TRANSFER_SYNTAXES.has(image.transferSyntaxUID));
}

export interface LossyFirstPolicy {
  /** What the data source offers; `none` disables previews. */
  kind: 'rendered' | 'none';
  /** Images with at least this many pixels get a preview first (large CR/DX/MG, not CT slices). */
  minPixels: number;
  /** Longest edge of the preview in pixels. */
  maxEdge: number;
  /** JPEG quality asked of the archive (1–100). */
  quality: number;
}

export const DEFAULT_LOSSY_FIRST: Omit<LossyFirstPolicy, 'kind'> = { minPixels: 2_000_000, maxEdge: 1024, quality: 85 };

export function wantsLossyFirst(policy: LossyFirstPolicy, image: { rows: number; columns: number }): boolean {
  return policy.kind !== 'none' && image.rows * image.columns >= policy.minPixels;
}

/** The preview's size: the image scaled to fit `maxEdge`, aspect kept, never enlarged. */
export function previewSize(image: { rows: number; columns: number }, maxEdge: number): { rows: number; columns: number } {
  const scale = Math.min(1, maxEdge / Math.max(image.rows, image.columns));
  return { rows: Math.max(1, Math.round(image.rows * scale)), columns: Math.max(1, Math.round(image.columns * scale)) };
}

/**
 * The rendered-frame URL of a WADO-RS frame URL (`…/frames/N` → `…/frames/N/rendered?viewport=W,H&quality=Q`),
 * or undefined when the URL is not a frame URL.
 */
export function previewFrameUrl(frameUrl: string, size: { rows: number; columns: number }, quality: number): string | undefined {
  const m = /^(.*\/instances\/[^/]+\/frames\/\d+)$/.exec(frameUrl);
  if (!m) return undefined;
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  return `${m[1]}/rendered?viewport=${size.columns},${size.rows}&quality=${q}`;
}

/** What a preview is asked for as (the rendered frame, a JPEG). */
export const PREVIEW_ACCEPT = 'image/jpeg';

/** The preview URL of a WADO-RS frame URL under a lossy-first policy, when that image gets one. */
export function lossyPreviewUrl(policy: LossyFirstPolicy, frameUrl: string, image: { rows: number; columns: number }): string | undefined {
  return wantsLossyFirst(policy, image) ? previewFrameUrl(frameUrl, previewSize(image, policy.maxEdge), policy.quality) : undefined;
}
