/**
 * One slice of a tilted series moved within its plane onto the orthogonal grid (volume-geometry.ts,
 * TiltResampling): the grid's pixel (column, row) takes the slice's value at (column − offset.column,
 * row − offset.row), interpolated bilinearly between the four acquired pixels around it. Grid pixels the
 * slice does not cover take `fill`. Pure: the caller gives the typed arrays.
 */
export interface ShiftedSlice {
  /** The acquired slice, row by row. */
  source: ArrayLike<number>;
  columns: number;
  rows: number;
  /** The grid's image, row by row (written). */
  target: { length: number; [index: number]: number };
  targetColumns: number;
  targetRows: number;
  offset: { column: number; row: number };
  /** Value of grid pixels outside the slice (the slice's lowest value: air, or the padding). */
  fill: number;
  /** Integer targets are rounded (a typed integer array would truncate toward zero). */
  integer: boolean;
}

/** Half a pixel beyond the outer pixel centres still belongs to the slice (its edge pixels' own area). */
const EDGE = 0.5;

export function shiftSlice(s: ShiftedSlice): void {
  const { source, columns, rows, target, targetColumns, targetRows, offset, fill, integer } = s;
  // The top-left pixel of the four interpolated between is at most the last but one (the only one of a 1-pixel side).
  const [lastX0, lastY0] = [Math.max(columns - 2, 0), Math.max(rows - 2, 0)];
  const right = columns > 1 ? 1 : 0;
  const down = rows > 1 ? columns : 0;
  for (let gr = 0; gr < targetRows; gr++) {
    const y = gr - offset.row;
    const outRow = y < -EDGE || y > rows - 1 + EDGE;
    const yc = Math.min(Math.max(y, 0), rows - 1);
    const y0 = Math.min(Math.floor(yc), lastY0);
    const fy = yc - y0;
    const line = gr * targetColumns;
    for (let gc = 0; gc < targetColumns; gc++) {
      const x = gc - offset.column;
      if (outRow || x < -EDGE || x > columns - 1 + EDGE) {
        target[line + gc] = fill;
        continue;
      }
      const xc = Math.min(Math.max(x, 0), columns - 1);
      const x0 = Math.min(Math.floor(xc), lastX0);
      const fx = xc - x0;
      const i = y0 * columns + x0;
      const top = source[i]! + fx * (source[i + right]! - source[i]!);
      const bottom = source[i + down]! + fx * (source[i + down + right]! - source[i + down]!);
      const v = top + fy * (bottom - top);
      target[line + gc] = integer ? Math.round(v) : v;
    }
  }
}

/** The lowest value of a slice (what the grid shows where the slice does not reach). */
export function lowestValue(values: ArrayLike<number>): number {
  let low = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! < low) low = values[i]!;
  return low === Infinity ? 0 : low;
}

/** One acquired slice's part in a grid slice (volume-grid.ts, GridSlice). */
export interface GridSource {
  values: ArrayLike<number>;
  offset: { column: number; row: number };
  weight: number;
}

/**
 * A grid slice from its acquired slices: each moved within its plane (shiftSlice, its lowest value where
 * it does not reach) and weighted; one slice of weight 1 is just moved.
 */
export function gridSliceValues(s: {
  sources: readonly GridSource[];
  columns: number;
  rows: number;
  target: { length: number; [index: number]: number };
  targetColumns: number;
  targetRows: number;
  integer: boolean;
}): void {
  const { sources, columns, rows, target, targetColumns, targetRows, integer } = s;
  const shift = (source: GridSource, into: ShiftedSlice['target'], round: boolean) =>
    shiftSlice({
      source: source.values,
      columns,
      rows,
      target: into,
      targetColumns,
      targetRows,
      offset: source.offset,
      fill: lowestValue(source.values),
      integer: round,
    });
  if (sources.length === 1 && sources[0]!.weight === 1) {
    shift(sources[0]!, target, integer);
    return;
  }
  const sum = new Float64Array(targetColumns * targetRows);
  const moved = new Float64Array(targetColumns * targetRows);
  for (const source of sources) {
    shift(source, moved, false);
    for (let i = 0; i < sum.length; i++) sum[i]! += source.weight * moved[i]!;
  }
  for (let i = 0; i < sum.length; i++) target[i] = integer ? Math.round(sum[i]!) : sum[i]!;
}
