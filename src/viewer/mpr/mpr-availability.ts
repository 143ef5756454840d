import { cache } from '@cornerstonejs/core';
import { estimateImageBytes, volumeBudgetReason } from '../../imaging/cache-budget.ts';
import type { StackImage } from '../../imaging/series-stack.ts';
import { assessVolume, type VolumeAssessment } from '../../imaging/volume-geometry.ts';

const assessed = new WeakMap<readonly StackImage[], VolumeAssessment>();

/** Whether a series can be shown as MPR (its geometry, then the cache budget), or why not. Read once per stack. */
export function mprAvailability(images: readonly StackImage[]): VolumeAssessment {
  const known = assessed.get(images);
  if (known) return known;
  let result = assessVolume(images.map((i) => i.descriptor));
  if (result.kind === 'volume') {
    const d = images[0]!.descriptor;
    const bytes = (rows: number, columns: number) => estimateImageBytes({ rows, columns, bitsAllocated: d.bitsAllocated, samplesPerPixel: d.samplesPerPixel });
    // A resampled series' volume holds its grid images besides the acquired ones (grid-images.ts).
    const grid = result.volume.grid;
    const gridBytes = grid ? (bytes(grid.rows, grid.columns) * grid.slices.length) / images.length : 0;
    const reason = volumeBudgetReason(cache.getMaxCacheSize(), Math.ceil(bytes(d.rows ?? 0, d.columns ?? 0) + gridBytes), images.length);
    if (reason) result = { kind: 'refused', reason };
  }
  assessed.set(images, result);
  return result;
}
