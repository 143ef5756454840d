import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { codecToPrepare } from '../../../workers/codec-preparation-protocol.ts';
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

  /** What the decode workers the launch starts are asked to prepare. */
  let workers: Array<{ prepared: string[] }>;
  beforeEach(() => {
    vi.resetModules();
    workers = [];
    vi.stubGlobal(
      'Worker',
      class {
        readonly prepared: string[] = [];
        constructor() {
          workers.push(this);
        }
        postMessage(data: unknown) {
          const syntax = codecToPrepare(data);
          if (syntax) this.prepared.push(syntax);
        }
      },
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('for an MPR, asks early for the frames of a quarter of the series around its middle, and has the decoder of their syntax readied', async () => {
    const { startViewerLaunch } = await import('./launch-queries.ts');
    const batches: string[][] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      if (url.includes('/frames-batch')) {
        const frames = new URL(url, 'http://gw').searchParams.getAll('frame');
        batches.push(frames);
        const [sop, frame] = frames[0]!.split(':');
        const body =
          `--B\r\nContent-Location: /dw/studies/1.2/series/1.2.3/instances/${sop}/frames/${frame}\r\n` +
          'Content-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.4.80\r\n\r\nxx\r\n--B--\r\n';
        return new Response(body, { headers: { 'content-type': 'multipart/related; type="application/octet-stream"; boundary=B' } });
      }
      const body = url.endsWith('/metadata') ? Array.from({ length: 80 }, (_, i) => instance(i + 1)) : url.includes('/series') ? [series] : [study];
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/dicom+json' } });
    });
    startViewerLaunch(source, new URLSearchParams('StudyInstanceUIDs=1.2&mpr=1'));
    // The decode worker starts with the launch, before anything has answered.
    expect(workers).toHaveLength(1);
    await vi.waitFor(() => expect(workers[0]!.prepared).toEqual(['1.2.840.10008.1.2.4.80']));
    // A quarter of 80 slices is 20: two whole batches of 16, outward from the middle one (instance 40 of 80).
    expect(batches.map((b) => b.length)).toEqual([16, 16]);
    const asked = batches.flat().map((f) => Number(f.split(':')[0]!.split('.').pop()));
    expect(asked[0]).toBe(40);
    const sorted = [...asked].sort((a, b) => a - b);
    expect(sorted).toEqual(Array.from({ length: 32 }, (_, i) => sorted[0]! + i));
    expect(sorted[0]).toBeGreaterThanOrEqual(40 - 16);
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
    // A stack's first frames are one batch; no part came, so no decoder was named.
    expect(urls.filter((u) => u.endsWith('/frames-batch'))).toHaveLength(1);
    expect(workers.map((w) => w.prepared)).toEqual([[]]);
  });
});
