import { describe, expect, it } from 'vitest';
import { formatPixelSample, formatValue, formatVoxelSample, modalityUnit, modalityValue, pixelIndexAt } from './pixel-value.ts';
import { spacingOf } from './pixel-spacing.ts';

describe('pixel readout', () => {
  it('names the acquired voxel in MPR: column, row, Instance Number, value', () => {
    expect(formatVoxelSample({ column: 142, row: 220, kind: 'grey', value: 63, unit: 'HU' }, 105)).toBe('X: 142 Y: 220 Slice: 105 Value: 63 HU');
    expect(formatVoxelSample({ column: 1, row: 2, kind: 'grey', value: 0.5, unit: undefined }, 3)).toBe('X: 1 Y: 2 Slice: 3 Value: 0.5');
  });

  it('applies Rescale Slope/Intercept unless the loader did', () => {
    expect(modalityValue(1064, { slope: 1, intercept: -1024, alreadyScaled: false })).toBe(40);
    expect(modalityValue(40, { slope: 1, intercept: -1024, alreadyScaled: true })).toBe(40);
    expect(modalityValue(10, { slope: 2.5, intercept: 1, alreadyScaled: false })).toBe(26);
  });
  it('formats grey and colour samples per the readout contract', () => {
    expect(formatPixelSample({ column: 12, row: 300, kind: 'grey', value: -857, unit: 'HU' })).toBe('X: 12 Y: 300 Value: -857 HU');
    expect(formatPixelSample({ column: 0, row: 0, kind: 'grey', value: 1.23456, unit: undefined })).toBe('X: 0 Y: 0 Value: 1.235');
    expect(formatPixelSample({ column: 5, row: 6, kind: 'rgb', r: 250, g: 10, b: 0 })).toBe('X: 5 Y: 6 R 250 G 10 B 0');
    expect(formatValue(-1024)).toBe('-1024');
  });
  it('knows HU for CT only', () => {
    expect(modalityUnit('CT')).toBe('HU');
    expect(modalityUnit('MR')).toBeUndefined();
  });
  it('maps continuous image coordinates to the pixel that contains them', () => {
    expect(pixelIndexAt(0, 0, 512, 512)).toEqual({ column: 0, row: 0 });
    expect(pixelIndexAt(511.99, 10.5, 512, 512)).toEqual({ column: 511, row: 10 });
    expect(pixelIndexAt(512, 10, 512, 512)).toBeUndefined();
    expect(pixelIndexAt(-0.01, 10, 512, 512)).toBeUndefined();
  });
});

describe('spacingOf', () => {
  it('prefers Pixel Spacing, then Imager Pixel Spacing, else none', () => {
    expect(spacingOf({ pixelSpacing: [0.7, 0.8], imagerPixelSpacing: [0.17, 0.17] })).toEqual({ kind: 'pixel', rowMm: 0.7, columnMm: 0.8 });
    expect(spacingOf({ pixelSpacing: [], imagerPixelSpacing: [0.17, 0.17] })).toEqual({ kind: 'imager', rowMm: 0.17, columnMm: 0.17 });
    expect(spacingOf({ pixelSpacing: [0, 0] })).toEqual({ kind: 'none' });
  });
});
