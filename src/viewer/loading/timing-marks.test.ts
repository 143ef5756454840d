import { afterEach, describe, expect, it } from 'vitest';
import { markFirstImage, markMprFirstImage, markMprVolumeLoaded, markSeriesLoaded, markSliceRendered, resetTimingMarks } from './timing-marks.ts';

const details = (name: string) => performance.getEntriesByName(name, 'mark').map((m) => (m as PerformanceMark).detail as unknown);

afterEach(() => {
  performance.clearMarks();
  resetTimingMarks();
});

describe('timing marks', () => {
  it('marks the first image once per viewer session', () => {
    resetTimingMarks();
    markFirstImage('1.2.3', 10);
    markFirstImage('1.2.4', 5);
    expect(details('rr:first-image')).toEqual([{ seriesInstanceUID: '1.2.3', total: 10 }]);
    resetTimingMarks();
    markFirstImage('1.2.4', 5);
    expect(details('rr:first-image')).toHaveLength(2);
  });

  it('marks each series loaded once, and every slice rendered', () => {
    resetTimingMarks();
    markSeriesLoaded('1.2.3', 10);
    markSeriesLoaded('1.2.3', 10);
    markSeriesLoaded('1.2.4', 2);
    expect(details('rr:series-loaded')).toEqual([
      { seriesInstanceUID: '1.2.3', n: 10 },
      { seriesInstanceUID: '1.2.4', n: 2 },
    ]);
    markSliceRendered(0, 10);
    markSliceRendered(0, 10);
    expect(details('rr:slice-rendered')).toHaveLength(2);
  });

  it('marks an MPR first image and its volume once per series and viewer session', () => {
    resetTimingMarks();
    markMprFirstImage('1.2.3', 'sagittal');
    markMprFirstImage('1.2.3', 'coronal');
    markMprVolumeLoaded('1.2.3', 300);
    markMprVolumeLoaded('1.2.3', 300);
    markMprFirstImage('1.2.4', 'coronal');
    expect(details('rr:mpr-first-image')).toEqual([
      { seriesInstanceUID: '1.2.3', plane: 'sagittal' },
      { seriesInstanceUID: '1.2.4', plane: 'coronal' },
    ]);
    expect(details('rr:mpr-volume-loaded')).toEqual([{ seriesInstanceUID: '1.2.3', n: 300 }]);
    resetTimingMarks();
    markMprFirstImage('1.2.3', 'coronal');
    expect(details('rr:mpr-first-image')).toHaveLength(3);
  });
});
