/**
 * VOI LUT Functions of PS3.3 C.11.2.1.2 (Window Center/Width): map a modality value x to an
 * output value in [yMin, yMax] for a window of centre c and width w.
 */
export type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

export interface OutputRange {
  yMin: number;
  yMax: number;
}

const FULL_8_BIT: OutputRange = { yMin: 0, yMax: 255 };

/** C.11.2.1.2.1 LINEAR (the default): w ≥ 1, with the −0.5 and w−1 terms. */
export function linearVoi(x: number, c: number, w: number, { yMin, yMax }: OutputRange = FULL_8_BIT): number {
  if (w < 1) throw new RangeError('LINEAR needs Window Width ≥ 1');
  if (x <= c - 0.5 - (w - 1) / 2) return yMin;
  if (x > c - 0.5 + (w - 1) / 2) return yMax;
  return ((x - (c - 0.5)) / (w - 1) + 0.5) * (yMax - yMin) + yMin;
}

/** C.11.2.1.3.2 LINEAR_EXACT: w > 0, no half-pixel terms. */
export function linearExactVoi(x: number, c: number, w: number, { yMin, yMax }: OutputRange = FULL_8_BIT): number {
  if (!(w > 0)) throw new RangeError('LINEAR_EXACT needs Window Width > 0');
  if (x <= c - w / 2) return yMin;
  if (x > c + w / 2) return yMax;
  return ((x - c) / w + 0.5) * (yMax - yMin) + yMin;
}

/** C.11.2.1.3.1 SIGMOID: y = (yMax − yMin) / (1 + exp(−4 (x − c) / w)) + yMin. The factor 4 is in the standard. */
export function sigmoidVoi(x: number, c: number, w: number, { yMin, yMax }: OutputRange = FULL_8_BIT): number {
  if (!(w > 0)) throw new RangeError('SIGMOID needs Window Width > 0');
  return (yMax - yMin) / (1 + Math.exp((-4 * (x - c)) / w)) + yMin;
}

export function applyVoi(fn: VoiLutFunction, x: number, c: number, w: number, range?: OutputRange): number {
  switch (fn) {
    case 'LINEAR':
      return linearVoi(x, c, w, range);
    case 'LINEAR_EXACT':
      return linearExactVoi(x, c, w, range);
    case 'SIGMOID':
      return sigmoidVoi(x, c, w, range);
  }
}

/** The header's VOI LUT Function (0028,1056); absent or unknown values mean LINEAR (the standard's default). */
export function parseVoiLutFunction(value: string | undefined): VoiLutFunction {
  const v = value?.trim().toUpperCase();
  return v === 'LINEAR_EXACT' || v === 'SIGMOID' ? v : 'LINEAR';
}
