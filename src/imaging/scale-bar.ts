/** A scale bar of a "nice" length (1, 2 or 5 × 10ⁿ mm) for a display at `mmPerScreenPixel`. */
export interface ScaleBar {
  lengthMm: number;
  lengthPx: number;
  label: string;
}

export function scaleBar(mmPerScreenPixel: number, maxPx: number): ScaleBar | undefined {
  if (!(mmPerScreenPixel > 0) || !(maxPx > 0) || !Number.isFinite(mmPerScreenPixel)) return undefined;
  const maxMm = mmPerScreenPixel * maxPx;
  const exponent = Math.floor(Math.log10(maxMm));
  let best: number | undefined;
  for (const e of [exponent - 1, exponent]) {
    for (const m of [1, 2, 5]) {
      const mm = m * 10 ** e;
      if (mm <= maxMm + 1e-9) best = mm;
    }
  }
  if (best === undefined) return undefined;
  const lengthMm = Number(best.toPrecision(6));
  return { lengthMm, lengthPx: lengthMm / mmPerScreenPixel, label: lengthMm >= 10 ? `${lengthMm / 10} cm` : `${lengthMm} mm` };
}
