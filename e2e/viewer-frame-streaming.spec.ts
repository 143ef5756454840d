import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page, Request, Route } from '@playwright/test';
import { startGatewayProcess, type GatewayProcess } from '../scripts/lib/gateway-process.ts';
import { freePort } from '../scripts/lib/ports.ts';
import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest, type ManifestStudy } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { goToImage, readPixel } from './support/viewer.ts';
import { viewerUrl } from './support/viewer-layout.ts';
import { describeTransferSyntax } from '../src/imaging/transfer-syntax-policy.ts';

/**
 * A gateway with two data sources on the same real archive: `main` as configured by default, and
 * `stream` with `frameStreaming: true`. The same images are read through both; the streaming source's
 * frames must be fetched as streams (fetch, not XMLHttpRequest) and show the same values.
 * Orthanc 1.10 sends no HTJ2K, so these frames are decoded once complete; the partial decode of HTJ2K
 * RPCL is tested in scripts/testing/htj2k-progressive-decode.test.ts.
 */

type Source = 'main' | 'stream';
type Series = ManifestStudy['series'][number];

const EVRLE = '1.2.840.10008.1.2.1';

let gateway: GatewayProcess;
let configDir: string;

test.beforeAll(async () => {
  const stack = readStackState();
  const root = `http://127.0.0.1:${stack.orthancHttpPort}/dicom-web`;
  configDir = mkdtempSync(path.join(tmpdir(), 'readroom-streaming-'));
  const configPath = path.join(configDir, 'readroom.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      staticDir: stack.distDir,
      sources: [
        { id: 'main', label: 'Main archive', upstream: { root }, quirks: { queryValueEncoding: 'literal' } },
        { id: 'stream', label: 'Streaming archive', upstream: { root }, quirks: { queryValueEncoding: 'literal' }, frameStreaming: true },
      ],
    }),
  );
  gateway = await startGatewayProcess({ port: await freePort(), staticDir: stack.distDir, env: { READROOM_CONFIG: configPath, LOG_LEVEL: 'warn' } });
});

test.afterAll(async () => {
  await gateway?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

interface FrameRequest {
  source: Source;
  url: string;
  kind: string;
  accept: string;
}

/** Every frame request (not rendered previews) and every stored-instance request of the page, by source. */
function recordPixelRequests(page: Page): FrameRequest[] {
  const seen: FrameRequest[] = [];
  page.on('request', (r: Request) => {
    const url = new URL(r.url());
    if (!/\/instances\/[0-9.]+(\/frames\/\d+)?$/.test(url.pathname)) return;
    const source: Source = url.pathname.startsWith('/sources/stream/') ? 'stream' : 'main';
    seen.push({ source, url: url.pathname, kind: r.resourceType(), accept: r.headers()['accept'] ?? '' });
  });
  return seen;
}

function pydicomStudy(): ManifestStudy {
  const study = readManifest(readStackState().manifestPath).studies.find((s) => s.patientName.toUpperCase() === 'PYDICOM^TEST FILES');
  if (!study) throw new Error('The sample manifest has no PYDICOM^TEST FILES study');
  return study;
}

function byFile(study: ManifestStudy, file: string): Series {
  const series = study.series.find((s) => s.instances[0]?.file === `pydicom/${file}`);
  if (!series) throw new Error(`The pydicom study has no series of ${file}`);
  return series;
}

/** Opens one series of a study through a source and waits until its image is drawn (or its error shown). */
async function openSeries(page: Page, source: Source, study: ManifestStudy, series: Series) {
  await page.goto(`${gateway.url}${viewerUrl([study], [series.seriesInstanceUID])}&dataSource=${source}`);
  const slot = page.getByTestId('viewport-slot').first();
  await expect(slot).toHaveAttribute('data-series-uid', series.seriesInstanceUID);
  return { slot, viewport: slot.getByTestId('viewport') };
}

test('the CT chest through a frameStreaming source: every frame fetched as a stream, the recorded HU exactly', async ({ page }) => {
  test.setTimeout(180_000);
  const manifest = readManifest(readStackState().manifestPath);
  const chest = currentCtChest(manifest);
  const series = chest.series.find((s) => s.modality === 'CT')!;
  const size = { columns: series.instances[0]!.columns, rows: series.instances[0]!.rows };
  const pixels = manifest.knownPixels.filter((p) => p.seriesInstanceUID === series.seriesInstanceUID).sort((a, b) => a.sliceIndex - b.sliceIndex);
  expect(pixels.length).toBeGreaterThan(3);
  const requests = recordPixelRequests(page);

  for (const source of ['main', 'stream'] as const) {
    await page.goto(`${gateway.url}/viewer?StudyInstanceUIDs=${chest.studyInstanceUID}&hangingProtocol=single&dataSource=${source}`);
    const viewport = page.getByTestId('viewport').first();
    await expect(page.getByTestId('image-index').first()).toHaveText(`Image 1 / ${series.instances.length}`, { timeout: 30_000 });
    for (const p of pixels) {
      await goToImage(page, viewport, p.sliceIndex);
      const text = await readPixel(page, viewport, size, p.column, p.row);
      expect(text, `${source}: ${p.name} at slice ${p.sliceIndex}`).toBe(`X: ${p.column} Y: ${p.row} Value: ${p.hu} HU`);
    }
    // The whole series arrives (prefetch), decoded and cached.
    await page.waitForFunction((uid) => performance.getEntriesByName('rr:series-loaded').some((m) => (m as PerformanceMark).detail?.seriesInstanceUID === uid), series.seriesInstanceUID, { timeout: 120_000 });
  }

  const main = requests.filter((r) => r.source === 'main');
  const streamed = requests.filter((r) => r.source === 'stream');
  expect(main.length).toBeGreaterThan(0);
  expect(main.every((r) => r.kind === 'xhr'), 'the default source: XMLHttpRequest').toBe(true);
  // Every frame of the series was asked for through the streaming source, each with fetch (a stream), stored bytes.
  expect(new Set(streamed.map((r) => r.url)).size).toBe(series.instances.length);
  expect(streamed.filter((r) => r.kind !== 'fetch')).toEqual([]);
  expect(streamed.every((r) => r.accept.endsWith('transfer-syntax=*'))).toBe(true);
  await expect(page.getByTestId('viewport-error')).toHaveCount(0);
});

test('transfer syntaxes through a frameStreaming source read the same values as through the default source, with the same fallbacks', async ({ page }) => {
  test.setTimeout(300_000);
  const study = pydicomStudy();
  const requests = recordPixelRequests(page);
  const files = [
    'MR_small_bigendian.dcm', // refused as stored by Orthanc (500): Explicit VR Little Endian retry
    'image_dfl.dcm', // Deflated: the same
    'MR_small_RLE.dcm',
    'MR_small_jp2klossless.dcm',
    'MR_small_jpeg_ls_lossless.dcm',
    'JPGExtended.dcm',
    'SC_rgb_jpeg_dcmtk.dcm',
    'SC_rgb_rle_16bit.dcm', // colour above 8 bits: read from the stored instance
    'rtdose_expb.dcm', // 32-bit Big Endian: frames refused, then the stored instance
  ];
  for (const file of files) {
    const series = byFile(study, file);
    const instance = series.instances[0]!;
    // Pixels spread over the image (pydicom cannot decode every one of these syntaxes to give its own).
    const at = [
      [0.5, 0.5],
      [0.3, 0.6],
      [0.7, 0.4],
      [0.45, 0.55],
    ].map(([fc, fr]) => ({ column: Math.floor(instance.columns * fc!), row: Math.floor(instance.rows * fr!) }));
    const readouts: Record<Source, string[]> = { main: [], stream: [] };
    for (const source of ['main', 'stream'] as const) {
      const { slot, viewport } = await openSeries(page, source, study, series);
      for (const p of at) readouts[source].push(await readPixel(page, viewport, instance, p.column, p.row));
      await expect(slot.getByTestId('viewport-error'), `${file} through ${source}`).toHaveCount(0);
    }
    expect(readouts.stream, file).toEqual(readouts.main);
    expect(new Set(readouts.main.map((t) => t.replace(/^X: \d+ Y: \d+ /, ''))).size, `${file}: not a trivial comparison`).toBeGreaterThan(1);
  }

  const streamed = requests.filter((r) => r.source === 'stream');
  const frames = streamed.filter((r) => r.url.includes('/frames/'));
  expect(frames.length).toBeGreaterThan(0);
  expect(frames.filter((r) => r.kind !== 'fetch'), 'streamed frame requests').toEqual([]);
  const of = (file: string) => streamed.filter((r) => r.url.includes(byFile(study, file).seriesInstanceUID));
  for (const file of ['MR_small_bigendian.dcm', 'image_dfl.dcm']) {
    expect(of(file)[0]?.accept, file).toMatch(/transfer-syntax=\*$/);
    expect(of(file).some((r) => r.accept.endsWith(`transfer-syntax=${EVRLE}`)), `${file}: EVRLE retry`).toBe(true);
  }
  expect(of('rtdose_expb.dcm').some((r) => !r.url.includes('/frames/')), 'rtdose_expb.dcm: stored instance').toBe(true);
  expect(of('rtdose_expb.dcm').some((r) => r.accept.endsWith(`transfer-syntax=${EVRLE}`)), 'rtdose_expb.dcm: never EVRLE').toBe(false);
  expect(of('SC_rgb_rle_16bit.dcm').every((r) => !r.url.includes('/frames/')), 'high-bit colour: no frame request').toBe(true);
});

/** A multipart/related frame response with one part of the given Content-Type. */
function multipart(route: Route, partType: string, body: Buffer) {
  const boundary = 'readroom-test-boundary';
  return route.fulfill({
    status: 200,
    headers: { 'Content-Type': `multipart/related; type="application/octet-stream"; boundary=${boundary}` },
    body: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Type: ${partType}\r\n\r\n`), body, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

test('on the streamed path the part is checked before decoding, and refusals and HTTP errors are named as on the XHR path', async ({ page }) => {
  test.setTimeout(120_000);
  const study = pydicomStudy();
  const cases: { file: string; respond: (route: Route, accept: string) => Promise<void>; check: (slot: ReturnType<Page['getByTestId']>, accepts: string[]) => Promise<void> }[] = [
    {
      file: 'MR_small.dcm',
      // A video part: named, never decoded, never asked for again as EVRLE.
      respond: (route) => multipart(route, 'video/mp4; transfer-syntax=1.2.840.10008.1.2.4.102', Buffer.alloc(64, 1)),
      check: async (slot, accepts) => {
        await expect(slot.getByTestId('viewport-error')).toContainText(`${describeTransferSyntax('1.2.840.10008.1.2.4.102')} cannot be displayed`);
        expect(accepts.every((a) => a.endsWith('transfer-syntax=*'))).toBe(true);
      },
    },
    {
      file: 'MR_small_jpeg_ls_lossless.dcm',
      // A private syntax as stored bytes: refused, then the archive's EVRLE is shown.
      respond: (route, accept) => (accept.endsWith('transfer-syntax=*') ? multipart(route, 'application/octet-stream; transfer-syntax=1.3.46.670589.33.1.4.1', Buffer.alloc(256, 7)) : route.fallback()),
      check: async (slot, accepts) => {
        await expect.poll(() => accepts.some((a) => a.endsWith(`transfer-syntax=${EVRLE}`))).toBe(true);
        await expect(slot.getByTestId('viewport-error')).toHaveCount(0);
        await expect(slot.getByTestId('voi-readout')).toHaveText(/W: -?\d+ L: -?\d+/);
      },
    },
    {
      file: 'MR_small_RLE.dcm',
      // The archive down behind the gateway: the status is named and no second request is made.
      respond: (route) => route.fulfill({ status: 503, body: 'unavailable' }),
      check: async (slot, accepts) => {
        await expect(slot.getByTestId('viewport-error')).toContainText('HTTP 503');
        expect(accepts.some((a) => a.endsWith(`transfer-syntax=${EVRLE}`))).toBe(false);
      },
    },
  ];
  for (const c of cases) {
    const series = byFile(study, c.file);
    const pattern = `**/sources/stream/dicom-web/studies/*/series/${series.seriesInstanceUID}/instances/*/frames/**`;
    const accepts: string[] = [];
    await page.route(pattern, (route) => {
      if (route.request().url().includes('/rendered')) return route.fallback();
      const accept = route.request().headers()['accept'] ?? '';
      accepts.push(accept);
      return c.respond(route, accept);
    });
    const { slot } = await openSeries(page, 'stream', study, series);
    await c.check(slot, accepts);
    expect(accepts[0], c.file).toMatch(/transfer-syntax=\*$/);
    await page.unroute(pattern);
  }
});
