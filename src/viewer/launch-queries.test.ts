import { describe, expect, it } from 'vitest';
import type { SeriesSummary } from '../dicomweb/study-summary.ts';
import { launchHanging, type LaunchStudy } from './launch-queries.ts';

const series = (uid: string) => ({ seriesInstanceUID: uid }) as SeriesSummary;
const study = (uid: string, seriesUIDs: string[]): LaunchStudy => ({ studyInstanceUID: uid, study: undefined, series: seriesUIDs.map(series) });

describe('launchHanging', () => {
  const studies = [study('1', ['1.1', '1.2', '1.3']), study('2', ['2.1'])];
  it('hangs the series in launch order, one viewport unless the URL asks for more', () => {
    const { layout, series: hung } = launchHanging(studies, []);
    expect(layout).toBe('1x1');
    expect(hung.map((r) => r?.seriesInstanceUID)).toEqual(['1.1', '1.2', '1.3', '2.1']);
    expect(hung[0]).toEqual({ studyInstanceUID: '1', seriesInstanceUID: '1.1' });
  });
  it('puts the series the URL names first, with room for each', () => {
    expect(launchHanging(studies, ['2.1', '1.3'])).toMatchObject({ layout: '1x2', series: [{ seriesInstanceUID: '2.1' }, { seriesInstanceUID: '1.3' }, { seriesInstanceUID: '1.1' }, { seriesInstanceUID: '1.2' }] });
    expect(launchHanging(studies, ['1.2', '1.3', '2.1']).layout).toBe('2x2');
    expect(launchHanging(studies, ['9.9']).layout).toBe('1x1');
  });
});
