import { describe, expect, it, vi } from 'vitest';
import type { SeriesSummary } from '../../dicomweb/study-summary.ts';
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
    expect(launchHanging(studies, ['2.1', '1.3'])).toMatchObject({
      layout: '1x2',
      series: [{ seriesInstanceUID: '2.1' }, { seriesInstanceUID: '1.3' }, { seriesInstanceUID: '1.1' }, { seriesInstanceUID: '1.2' }],
    });
    expect(launchHanging(studies, ['1.2', '1.3', '2.1']).layout).toBe('2x2');
    expect(launchHanging(studies, ['9.9']).layout).toBe('1x1');
  });
});

describe('startViewerLaunch', () => {
  const source = {
    sourceName: 'default',
    friendlyName: 'A',
    qidoRoot: '/dw',
    wadoRoot: '/dw',
    stowRoot: '/dw',
    quirks: { queryValueEncoding: 'literal' as const },
  };
  const ui = (tag: string, v: string) => ({ [tag]: { vr: 'UI', Value: [v] } });
  const study = { ...ui('0020000D', '1.2'), '00100020': { vr: 'LO', Value: ['P1'] } };
  const series = { ...ui('0020000E', '1.2.3'), '00080060': { vr: 'CS', Value: ['CT'] }, '00200011': { vr: 'IS', Value: [1] } };
  const instance = (n: number) => ({
    ...ui('00080018', `1.2.3.${n}`),
    '00280010': { vr: 'US', Value: [4] },
    '00280011': { vr: 'US', Value: [4] },
    '00280002': { vr: 'US', Value: [1] },
    '00280100': { vr: 'US', Value: [16] },
    '00200013': { vr: 'IS', Value: [n] },
  });

  it("asks once for the study, the series, the metadata and the first frames; the viewer's queries take those answers", async () => {
    const { startViewerLaunch, launchStudyQuery, seriesStackQuery } = await import('./launch-queries.ts');
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url.split('?')[0]!);
      if (url.includes('/frames-batch')) return new Response('', { status: 503 });
      const body = url.endsWith('/metadata') ? [instance(2), instance(1)] : url.includes('/series') ? [series] : [study];
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/dicom+json' } });
    });
    startViewerLaunch(source, new URLSearchParams('StudyInstanceUIDs=1.2'));
    startViewerLaunch(source, new URLSearchParams('StudyInstanceUIDs=1.2'));
    const signal = new AbortController().signal;
    const launched = await launchStudyQuery(source, '1.2').queryFn({ signal });
    expect(launched.series.map((s) => s.seriesInstanceUID)).toEqual(['1.2.3']);
    await vi.waitFor(() => expect(urls).toContain('/dw/studies/1.2/series/1.2.3/frames-batch'));
    const stack = await seriesStackQuery(source, '1.2', '1.2.3').queryFn({ signal });
    expect(stack.map((i) => i.imageId)).toEqual([
      'wadors:/dw/studies/1.2/series/1.2.3/instances/1.2.3.1/frames/1',
      'wadors:/dw/studies/1.2/series/1.2.3/instances/1.2.3.2/frames/1',
    ]);
    expect(urls.sort()).toEqual([
      '/dw/studies',
      '/dw/studies/1.2/series',
      '/dw/studies/1.2/series/1.2.3/frames-batch',
      '/dw/studies/1.2/series/1.2.3/metadata',
    ]);
    // Taken once: asking again is a new request.
    await seriesStackQuery(source, '1.2', '1.2.3').queryFn({ signal });
    expect(urls.filter((u) => u.endsWith('/metadata'))).toHaveLength(2);
    vi.unstubAllGlobals();
  });
});
