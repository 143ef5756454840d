import type { SeriesSummary } from '../../dicomweb/study-summary.ts';

// Series that hold no pixels to show in a stack viewport.
const NON_IMAGE_MODALITIES = new Set(['PR', 'SR', 'KO', 'DOC', 'REG', 'RTSTRUCT', 'RTPLAN', 'SEG', 'ECG']);

/** Image series in display order (Series Number, then description). */
export function orderImageSeries(series: readonly SeriesSummary[]): SeriesSummary[] {
  return series
    .filter((s) => !NON_IMAGE_MODALITIES.has(s.modality))
    .sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity) || a.description.localeCompare(b.description));
}

/** How a series is named to the reader: "Series 2: Chest 1.25 mm". */
export function seriesLabel(summary: SeriesSummary | undefined): string {
  if (!summary) return 'Series';
  // A key-image set (src/imaging/key-image-stack.ts) is named by its document title.
  if (summary.modality === 'KO') return summary.description || 'Key images';
  const number = summary.seriesNumber !== undefined ? `Series ${summary.seriesNumber}` : 'Series';
  return summary.description ? `${number}: ${summary.description}` : number;
}
