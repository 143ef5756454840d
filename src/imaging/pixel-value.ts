/** The pixel readout under the pointer: 0-based image indices and the value there. */
export type PixelSample =
  | { column: number; row: number; kind: 'grey'; value: number; unit: string | undefined }
  | { column: number; row: number; kind: 'rgb'; r: number; g: number; b: number };

/** Modality value of a stored value (Rescale Slope/Intercept), unless the loader already applied it. */
export function modalityValue(
  stored: number,
  { slope = 1, intercept = 0, alreadyScaled }: { slope?: number; intercept?: number; alreadyScaled: boolean },
): number {
  return alreadyScaled ? stored : stored * slope + intercept;
}

/** The unit of modality values, where the modality defines one. */
export function modalityUnit(modality: string | undefined): string | undefined {
  return modality?.toUpperCase() === 'CT' ? 'HU' : undefined;
}

/** Integers stay exact; other values get up to 3 decimals. */
export function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
}

/** `X: <col> Y: <row> Value: <v> HU` or `X: <col> Y: <row> R <r> G <g> B <b>`. */
export function formatPixelSample(s: PixelSample): string {
  const at = `X: ${s.column} Y: ${s.row}`;
  if (s.kind === 'rgb') return `${at} R ${s.r} G ${s.g} B ${s.b}`;
  return `${at} Value: ${formatValue(s.value)}${s.unit ? ` ${s.unit}` : ''}`;
}

/**
 * The MPR readout of an acquired voxel: `X: <col> Y: <row> Slice: <Instance Number> Value: <v> HU`, the
 * column and row 0-based within that acquired image (as the stack viewer's readout).
 */
export function formatVoxelSample(s: PixelSample, slice: number): string {
  const text = formatPixelSample(s);
  const at = `X: ${s.column} Y: ${s.row}`;
  return `${at} Slice: ${slice}${text.slice(at.length)}`;
}

/** The 0-based pixel containing continuous image coordinates (0,0 = top-left corner of the first pixel), if inside. */
export function pixelIndexAt(x: number, y: number, columns: number, rows: number): { column: number; row: number } | undefined {
  const column = Math.floor(x);
  const row = Math.floor(y);
  return column >= 0 && row >= 0 && column < columns && row < rows ? { column, row } : undefined;
}
