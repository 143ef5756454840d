import type { SeriesRef } from '../viewer-store.ts';

/** The drag-and-drop payload type of a series dragged from the series browser onto a viewport. */
export const SERIES_DRAG_TYPE = 'application/x-readroom-series';

export function writeSeriesDrag(dt: DataTransfer, series: SeriesRef, label: string): void {
  dt.setData(SERIES_DRAG_TYPE, JSON.stringify(series));
  dt.setData('text/plain', label);
  dt.effectAllowed = 'copy';
}

export function isSeriesDrag(dt: DataTransfer): boolean {
  return dt.types.includes(SERIES_DRAG_TYPE);
}

export function readSeriesDrag(dt: DataTransfer): SeriesRef | undefined {
  try {
    const v = JSON.parse(dt.getData(SERIES_DRAG_TYPE)) as Partial<SeriesRef>;
    return typeof v.studyInstanceUID === 'string' && typeof v.seriesInstanceUID === 'string'
      ? { studyInstanceUID: v.studyInstanceUID, seriesInstanceUID: v.seriesInstanceUID }
      : undefined;
  } catch {
    return undefined;
  }
}
