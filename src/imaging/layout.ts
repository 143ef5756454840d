/** Viewport grid layouts, named rows × columns (1×2 = two viewports side by side). */
export const LAYOUTS = ['1x1', '1x2', '2x1', '2x2'] as const;
export type LayoutId = (typeof LAYOUTS)[number];

export interface LayoutGrid {
  rows: number;
  columns: number;
}

export function layoutGrid(layout: LayoutId): LayoutGrid {
  const [rows, columns] = layout.split('x').map(Number) as [number, number];
  return { rows, columns };
}

export function viewportCount(layout: LayoutId): number {
  const { rows, columns } = layoutGrid(layout);
  return rows * columns;
}

export function layoutLabel(layout: LayoutId): string {
  const { rows, columns } = layoutGrid(layout);
  return `${rows}×${columns}`;
}

export function isLayoutId(value: string): value is LayoutId {
  return (LAYOUTS as readonly string[]).includes(value);
}

/** Grid cell (1-based CSS grid lines) of the n-th viewport (0-based), filled row by row. */
export function viewportCell(layout: LayoutId, position: number): { row: number; column: number } {
  const { columns } = layoutGrid(layout);
  return { row: Math.floor(position / columns) + 1, column: (position % columns) + 1 };
}

/**
 * Initial hanging: the preferred series (from the launch URL) or the first image series in
 * viewport 1, the following series in the next viewports; viewports beyond the series stay empty.
 */
export function initialHanging<T>(series: readonly T[], count: number, preferred: readonly T[] = []): (T | undefined)[] {
  const order = [...preferred.filter((p) => series.includes(p)), ...series.filter((s) => !preferred.includes(s))];
  return Array.from({ length: count }, (_, i) => order[i]);
}
