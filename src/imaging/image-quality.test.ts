import { describe, expect, it } from 'vitest';
import { DEFAULT_LOSSY_FIRST, isLossyStored, lossyPreviewUrl, previewSize, previewFrameUrl, wantsLossyFirst } from './image-quality.ts';

describe('isLossyStored', () => {
  it.each([
    ['1.2.840.10008.1.2.4.50', undefined, true],
    ['1.2.840.10008.1.2.4.91', undefined, true],
    ['1.2.840.10008.1.2.4.203', undefined, true],
    ['1.2.840.10008.1.2.4.90', undefined, false],
    ['1.2.840.10008.1.2.4.80', undefined, false],
    ['1.2.840.10008.1.2.1', '01', true],
    ['1.2.840.10008.1.2.1', '00', false],
    [undefined, undefined, false],
  ])('%s with Lossy Image Compression %s → %s', (transferSyntaxUID, lossyImageCompression, lossy) => {
    expect(isLossyStored({ transferSyntaxUID, lossyImageCompression })).toBe(lossy);
  });
});

describe('lossy first', () => {
  const policy = { kind: 'rendered' as const, ...DEFAULT_LOSSY_FIRST };
  it('is for large images only, and never when the source offers nothing', () => {
    expect(wantsLossyFirst(policy, { rows: 2560, columns: 2048 })).toBe(true);
    expect(wantsLossyFirst(policy, { rows: 512, columns: 512 })).toBe(false);
    expect(wantsLossyFirst({ ...policy, kind: 'none' }, { rows: 2560, columns: 2048 })).toBe(false);
  });

  it('scales the preview to the longest edge, keeping the aspect', () => {
    expect(previewSize({ rows: 2560, columns: 2048 }, 1024)).toEqual({ rows: 1024, columns: 819 });
    expect(previewSize({ rows: 300, columns: 400 }, 1024)).toEqual({ rows: 300, columns: 400 });
  });

  it('builds the rendered frame URL from a frame URL', () => {
    expect(previewFrameUrl('/dicom-web/studies/1/series/2/instances/3/frames/1', { rows: 1024, columns: 819 }, 85)).toBe(
      '/dicom-web/studies/1/series/2/instances/3/frames/1/rendered?viewport=819,1024&quality=85',
    );
    expect(previewFrameUrl('/dicom-web/studies/1/series/2/instances/3', { rows: 1, columns: 1 }, 85)).toBeUndefined();
  });
});

describe('lossyPreviewUrl', () => {
  const frame = '/dicom-web/studies/1/series/2/instances/3/frames/1';
  it('gives the scaled rendered frame of a large image, nothing for a small one or a source without previews', () => {
    const policy = { kind: 'rendered' as const, ...DEFAULT_LOSSY_FIRST };
    expect(lossyPreviewUrl(policy, frame, { rows: 2560, columns: 2048 })).toBe(`${frame}/rendered?viewport=819,1024&quality=85`);
    expect(lossyPreviewUrl(policy, frame, { rows: 512, columns: 512 })).toBeUndefined();
    expect(lossyPreviewUrl({ ...policy, kind: 'none' }, frame, { rows: 2560, columns: 2048 })).toBeUndefined();
  });
});
