import { execFileSync } from 'node:child_process';
import { stackArchive, stackArchiveUpstream } from './support/archive.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page, Request, Route } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { signInThroughApi, startGatewayWithAccounts, type ExtraGateway } from './support/accounts.ts';
import { currentCtChest, readManifest, type ManifestStudy } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { goToImage, imagePixelToPage, readPixel } from './support/viewer.ts';
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
const RPCL = '1.2.840.10008.1.2.4.202';

let gateway: ExtraGateway;

test.beforeAll(async () => {
  // A first start creates the gateway's database (tens of seconds on a busy machine).
  test.setTimeout(180_000);
  const stack = readStackState();
  // The archive as its gateway user sees it (the embedded archive needs its generated password).
  const upstream = stackArchiveUpstream(stack);
  gateway = await startGatewayWithAccounts(stack, {
    config: {
      sources: [
        { id: 'main', label: 'Main archive', upstream, quirks: { queryValueEncoding: 'literal' } },
        { id: 'stream', label: 'Streaming archive', upstream, quirks: { queryValueEncoding: 'literal' }, frameStreaming: true },
      ],
    },
  });
});

test.afterAll(async () => {
  await gateway?.stop();
});

// Each test's browser signs in to this spec's gateway.
test.beforeEach(async ({ page, stack }) => {
  await signInThroughApi(page.request, gateway.url, 'radiologist', stack.demoPassword);
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
    // Single frames, stored instances, and frame batches (whose URL names frames in its query).
    if (!/\/instances\/[0-9.]+(\/frames\/\d+)?$|\/frames-batch$/.test(url.pathname)) return;
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

test('the CT chest through a frameStreaming source: the image on screen fetched as a stream, the recorded HU exactly', async ({ page }) => {
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
    await page.waitForFunction(
      (uid) => performance.getEntriesByName('rr:series-loaded').some((m) => (m as PerformanceMark).detail?.seriesInstanceUID === uid),
      series.seriesInstanceUID,
      { timeout: 120_000 },
    );
  }

  const main = requests.filter((r) => r.source === 'main');
  const streamed = requests.filter((r) => r.source === 'stream');
  // The default source's frames come in frame batches (the launch's first frames included); any one asked
  // for alone goes by XMLHttpRequest.
  expect(
    main.some((r) => r.url.endsWith('/frames-batch')),
    'the default source: frame batches',
  ).toBe(true);
  expect(
    main.filter((r) => !r.url.endsWith('/frames-batch')).every((r) => r.kind === 'xhr'),
    'the default source: XMLHttpRequest',
  ).toBe(true);
  // Through the streaming source the image on screen is streamed (fetch), stored bytes; prefetch still
  // comes in batches, so only images shown before their batch arrived are single requests.
  const firstFrame = `/sources/stream/dicom-web/studies/${chest.studyInstanceUID}/series/${series.seriesInstanceUID}/instances/${series.instances[0]!.sopInstanceUID}/frames/1`;
  expect(streamed.map((r) => r.url)).toContain(firstFrame);
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
  expect(
    frames.filter((r) => r.kind !== 'fetch'),
    'streamed frame requests',
  ).toEqual([]);
  const of = (file: string) => streamed.filter((r) => r.url.includes(byFile(study, file).seriesInstanceUID));
  for (const file of ['MR_small_bigendian.dcm', 'image_dfl.dcm']) {
    expect(of(file)[0]?.accept, file).toMatch(/transfer-syntax=\*$/);
    expect(
      of(file).some((r) => r.accept.endsWith(`transfer-syntax=${EVRLE}`)),
      `${file}: EVRLE retry`,
    ).toBe(true);
  }
  expect(
    of('rtdose_expb.dcm').some((r) => !r.url.includes('/frames/')),
    'rtdose_expb.dcm: stored instance',
  ).toBe(true);
  expect(
    of('rtdose_expb.dcm').some((r) => r.accept.endsWith(`transfer-syntax=${EVRLE}`)),
    'rtdose_expb.dcm: never EVRLE',
  ).toBe(false);
  expect(
    of('SC_rgb_rle_16bit.dcm').every((r) => !r.url.includes('/frames')),
    'high-bit colour: no frame request, alone or batched',
  ).toBe(true);
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
  const cases: {
    file: string;
    respond: (route: Route, accept: string) => Promise<void>;
    check: (slot: ReturnType<Page['getByTestId']>, accepts: string[]) => Promise<void>;
  }[] = [
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
      respond: (route, accept) =>
        accept.endsWith('transfer-syntax=*')
          ? multipart(route, 'application/octet-stream; transfer-syntax=1.3.46.670589.33.1.4.1', Buffer.alloc(256, 7))
          : route.fallback(),
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

/** A 64×64 16-bit signed frame encoded as HTJ2K RPCL with OpenJPH, wrapped by pydicom in a Part 10 file. */
async function htj2kRpclInstance(dir: string): Promise<{ file: string; study: string; values: Int16Array }> {
  const size = 64;
  const values = new Int16Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) values[y * size + x] = (x - 32) * 40 + (y - 32) * 7;
  const factory = createRequire(import.meta.url)('@cornerstonejs/codec-openjph/wasmjs') as () => Promise<{
    HTJ2KEncoder: new () => {
      getDecodedBuffer(i: object): Uint8Array;
      setProgressionOrder(o: number): void;
      setDecompositions(n: number): void;
      encode(): void;
      getEncodedBuffer(): Uint8Array;
    };
  }>;
  const encoder = new (await factory()).HTJ2KEncoder();
  encoder
    .getDecodedBuffer({ width: size, height: size, bitsPerSample: 16, componentCount: 1, isSigned: true, isUsingColorTransform: false })
    .set(new Uint8Array(values.buffer));
  encoder.setProgressionOrder(2);
  encoder.setDecompositions(3);
  encoder.encode();
  const codestream = path.join(dir, 'frame.j2c');
  writeFileSync(codestream, encoder.getEncodedBuffer());
  const file = path.join(dir, 'htj2k.dcm');
  const script = `
import sys, pydicom
from pydicom._uid_dict import UID_dictionary
UID_dictionary['${RPCL}'] = ('High-Throughput JPEG 2000 with RPCL Options Lossless', 'Transfer Syntax', '', '', '')
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import generate_uid
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.7'
meta.MediaStorageSOPInstanceUID = generate_uid()
meta.TransferSyntaxUID = '${RPCL}'
ds = Dataset(); ds.file_meta = meta; ds.is_little_endian = True; ds.is_implicit_VR = False
ds.SOPClassUID = meta.MediaStorageSOPClassUID; ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
ds.StudyInstanceUID = generate_uid(); ds.SeriesInstanceUID = generate_uid()
ds.PatientName = 'HTJ2K^RPCL'; ds.PatientID = 'RRHTJ2K'; ds.Modality = 'OT'; ds.SeriesNumber = 1; ds.InstanceNumber = 1
ds.Rows = ${size}; ds.Columns = ${size}; ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = 'MONOCHROME2'
ds.BitsAllocated = 16; ds.BitsStored = 16; ds.HighBit = 15; ds.PixelRepresentation = 1
ds.PixelData = encapsulate([open(sys.argv[1], 'rb').read()]); ds['PixelData'].VR = 'OB'
ds.save_as(sys.argv[2], write_like_original=False)
print(ds.StudyInstanceUID)
`;
  const study = execFileSync('/usr/bin/python3', ['-c', script, codestream, file], { encoding: 'utf8' }).trim();
  return { file, study, values };
}

test('an HTJ2K RPCL instance in Orthanc 1.10 is never shown with wrong values, through either source', async ({ page }) => {
  const stack = readStackState();
  const archive = stackArchive(stack);
  const dir = mkdtempSync(path.join(tmpdir(), 'readroom-htj2k-'));
  let orthancStudy: string | undefined;
  try {
    const { file, study, values } = await htj2kRpclInstance(dir);
    const stored = await archive.adminFetch('/instances', { method: 'POST', body: readFileSync(file) });
    expect(stored.ok).toBe(true);
    orthancStudy = ((await stored.json()) as { ParentStudy: string }).ParentStudy;
    for (const source of ['main', 'stream'] as const) {
      await page.goto(`${gateway.url}/viewer?StudyInstanceUIDs=${study}&hangingProtocol=single&dataSource=${source}`);
      const slot = page.getByTestId('viewport-slot').first();
      const error = slot.getByTestId('viewport-error');
      const readout = page.getByTestId('pixel-readout').first();
      const viewport = slot.getByTestId('viewport');
      // The viewport's message, or a pixel readout over the image: whichever comes first.
      const probe = await imagePixelToPage(viewport, 64, 64, 10, 20);
      let outcome = '';
      await expect
        .poll(
          async () => {
            outcome = (await error.allTextContents()).join(' ');
            if (outcome) return 'error';
            await page.mouse.move(probe.x, probe.y);
            return (await readout.textContent()) ? 'drawn' : '';
          },
          { timeout: 30_000 },
        )
        .not.toBe('');
      test.info().annotations.push({ type: `HTJ2K through ${source}`, description: outcome || 'drawn' });
      if (outcome) {
        expect(outcome, source).toMatch(/cannot be shown|failed to decode|cannot be displayed/);
      } else {
        // Drawn: then with the encoded values.
        for (const [column, row] of [
          [10, 20],
          [40, 50],
          [63, 0],
        ] as const) {
          const text = await readPixel(page, viewport, { columns: 64, rows: 64 }, column, row);
          expect(text, `${source} at ${column},${row}`).toBe(`X: ${column} Y: ${row} Value: ${values[row * 64 + column]}`);
        }
      }
    }
  } finally {
    if (orthancStudy) await archive.adminFetch(`/studies/${orthancStudy}`, { method: 'DELETE' });
    rmSync(dir, { recursive: true, force: true });
  }
});
