/**
 * Which spacing measurements use (PS3.3 C.7.6.2.1.1, C.8.11.4): Pixel Spacing is in the patient;
 * Imager Pixel Spacing (projection radiography) is at the detector, so lengths are magnified by the
 * beam geometry and must be labelled as such; without either, lengths are in pixels.
 */
export type SpacingKind = 'pixel' | 'imager' | 'none';

export interface Spacing {
  kind: SpacingKind;
  /** Row spacing (between rows), column spacing (between columns), mm. */
  rowMm?: number;
  columnMm?: number;
}

const usable = (v: readonly number[] | undefined): v is readonly [number, number] => v?.length === 2 && v.every((x) => Number.isFinite(x) && x > 0);

export function spacingOf({ pixelSpacing, imagerPixelSpacing }: { pixelSpacing?: readonly number[]; imagerPixelSpacing?: readonly number[] }): Spacing {
  if (usable(pixelSpacing)) return { kind: 'pixel', rowMm: pixelSpacing[0], columnMm: pixelSpacing[1] };
  if (usable(imagerPixelSpacing)) return { kind: 'imager', rowMm: imagerPixelSpacing[0], columnMm: imagerPixelSpacing[1] };
  return { kind: 'none' };
}
