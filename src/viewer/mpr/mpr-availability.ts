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
    // A tilted series' volume holds its grid images besides the acquired ones (tilt-resampling.ts).
    const grid = result.volume.resampling;
    const imageBytes = bytes(d.rows ?? 0, d.columns ?? 0) + (grid ? bytes(grid.rows, grid.columns) : 0);
    const reason = volumeBudgetReason(cache.getMaxCacheSize(), imageBytes, images.length);
    if (reason) result = { kind: 'refused', reason };
  }
  assessed.set(images, result);
  return result;
}
