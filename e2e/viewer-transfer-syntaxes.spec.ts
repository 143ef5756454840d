import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page, Route } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { canvasStats } from './support/canvas.ts';
import { referencePixels } from './support/pydicom.ts';
import { readManifest, type ManifestStudy } from './support/samples.ts';
import { goToImage, readPixel, withoutFrameBatches } from './support/viewer.ts';
import { viewerUrl } from './support/viewer-layout.ts';
import { describeTransferSyntax } from '../src/imaging/transfer-syntax-policy.ts';

type Series = ManifestStudy['series'][number];

const EVRLE = '1.2.840.10008.1.2.1';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';

function pydicomStudy(manifestPath: string): ManifestStudy {
  const study = readManifest(manifestPath).studies.find((s) => s.patientName.toUpperCase() === 'PYDICOM^TEST FILES');
  if (!study) throw new Error('The sample manifest has no PYDICOM^TEST FILES study');
  return study;
}

function byFile(study: ManifestStudy, file: string): Series {
  const series = study.series.find((s) => s.instances[0]?.file === `pydicom/${file}`);
  if (!series) throw new Error(`The pydicom study has no series of ${file}`);
  return series;
}

/** Opens one series of the study in a 1×1 layout and returns its viewport. */
async function openSeries(page: Page, study: ManifestStudy, series: Series) {
  await page.goto(viewerUrl([study], [series.seriesInstanceUID]));
  const slot = page.getByTestId('viewport-slot').first();
  await expect(slot).toHaveAttribute('data-series-uid', series.seriesInstanceUID);
  return { slot, viewport: slot.getByTestId('viewport') };
}

/** Rendered (several grey levels drawn), or the viewport's error message — whichever comes first. */
async function outcome(page: Page, slot: ReturnType<Page['getByTestId']>): Promise<{ rendered: boolean; error: string }> {
  let result = { rendered: false, error: '' };
  await expect
    .poll(
      async () => {
        const error = (await slot.getByTestId('viewport-error').allTextContents()).join(' ');
        const stats = await canvasStats(slot.getByTestId('viewport'));
        result = { rendered: stats.distinctLevels >= 3 && stats.nonBlack > 100, error };
        return result.rendered || error !== '';
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return result;
}

test('every transfer syntax of the pydicom files renders, or names what cannot be shown', async ({ page, stack }) => {
  test.setTimeout(600_000);
  const study = pydicomStudy(stack.manifestPath);
  expect(study.series.length).toBeGreaterThanOrEqual(40);
  const accepts = new Map<string, string[]>();
  page.on('request', (r) => {
    // Frame requests (one by one or in batches), and instance retrievals (…/instances/{uid} itself) for pixel data read from the stored instance.
    const m = /\/series\/([0-9.]+)\/(?:instances\/[0-9.]+(?:\/frames\/|$)|frames-batch\?)/.exec(r.url());
    if (m && !r.url().includes('/rendered')) accepts.set(m[1]!, [...(accepts.get(m[1]!) ?? []), r.headers()['accept'] ?? '']);
  });
  const results: string[] = [];
  // Segmentations (liver_1frame, liver_expb_1frame) are not hung as image stacks (series-choice.ts).
  for (const series of [...study.series].filter((s) => s.modality !== 'SEG').sort((a, b) => a.seriesNumber - b.seriesNumber)) {
    const { slot } = await openSeries(page, study, series);
    const result = await outcome(page, slot);
    const label = `${series.description} (${series.transferSyntaxUID})`;
    results.push(`${label}: ${result.rendered ? 'rendered' : result.error}`);
    if (!result.rendered) {
      // Not shown: the message names the series and the syntax.
      expect(result.error, label).toContain(`Series ${series.seriesNumber}`);
      expect(result.error, label).toContain(series.transferSyntaxUID);
    }
    // Stored bytes first, always (frames, or the stored instance).
    expect(accepts.get(series.seriesInstanceUID)?.[0], label).toMatch(/transfer-syntax=\*$/);
    if ((series.transferSyntaxUID === BIG_ENDIAN || series.transferSyntaxUID === DEFLATED) && series.instances[0]!.bitsAllocated <= 16) {
      expect(result.rendered, `${label} renders through the EVRLE fallback`).toBe(true);
    }
  }
  test.info().annotations.push({ type: 'transfer syntaxes', description: results.join('\n') });
  // Every image file renders: 32-bit Big Endian and colour with more than 8 bits per sample included.
  const notShown = results.filter((r) => !r.endsWith(': rendered'));
  expect(notShown).toEqual([]);
});

test('Big Endian and Deflated files show the same pixel values as pydicom reads from the files', async ({ page, stack }) => {
  test.setTimeout(180_000);
  const study = pydicomStudy(stack.manifestPath);
  const evrleRequests: string[] = [];
  const instanceRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/frames/') && (r.headers()['accept'] ?? '').includes(`transfer-syntax=${EVRLE}`)) evrleRequests.push(r.url());
    if (/\/instances\/[0-9.]+$/.test(r.url())) instanceRequests.push(r.url());
  });
  for (const file of ['MR_small_bigendian.dcm', 'ExplVR_BigEnd.dcm', 'image_dfl.dcm', 'MR_small.dcm', 'rtdose_expb.dcm', 'rtdose.dcm']) {
    const series = byFile(study, file);
    const instance = series.instances[0]!;
    const { slot, viewport } = await openSeries(page, study, series);
    expect((await outcome(page, slot)).rendered, file).toBe(true);
    for (const p of referencePixels(stack.manifestPath, instance.file)) {
      const text = await readPixel(page, viewport, instance, p.column, p.row);
      expect(text, `${file} at column ${p.column}, row ${p.row}`).toBe(`X: ${p.column} Y: ${p.row} ${p.text}`);
    }
  }
  // The fallback was used for the Big Endian and Deflated instances (Orthanc refuses their stored bytes):
  // EVRLE up to 16 bits; for 32 bits the stored instance, never the archive's transcoding.
  for (const file of ['MR_small_bigendian.dcm', 'ExplVR_BigEnd.dcm', 'image_dfl.dcm']) {
    const uid = byFile(study, file).seriesInstanceUID;
    expect(
      evrleRequests.some((u) => u.includes(uid)),
      file,
    ).toBe(true);
    expect(
      instanceRequests.some((u) => u.includes(uid)),
      file,
    ).toBe(false);
  }
  const rtdose = byFile(study, 'rtdose_expb.dcm').seriesInstanceUID;
  expect(
    evrleRequests.some((u) => u.includes(rtdose)),
    'rtdose_expb.dcm: no EVRLE request',
  ).toBe(false);
  expect(
    instanceRequests.some((u) => u.includes(rtdose)),
    'rtdose_expb.dcm: read from the stored instance',
  ).toBe(true);
});

test('Big Endian twins read exactly like their little-endian originals', async ({ page, stack }) => {
  test.setTimeout(180_000);
  const study = pydicomStudy(stack.manifestPath);
  for (const [bigEndian, littleEndian] of [
    ['MR_small_bigendian.dcm', 'MR_small.dcm'],
    ['MR_small_bigendian.dcm', 'MR_small_implicit.dcm'],
    ['rtdose_expb.dcm', 'rtdose.dcm'],
  ] as const) {
    const readouts: string[][] = [];
    for (const file of [bigEndian, littleEndian]) {
      const series = byFile(study, file);
      const instance = series.instances[0]!;
      const { slot, viewport } = await openSeries(page, study, series);
      expect((await outcome(page, slot)).rendered, file).toBe(true);
      const texts: string[] = [];
      for (const [fc, fr] of [
        [0.5, 0.5],
        [0.3, 0.6],
        [0.7, 0.4],
        [0.45, 0.55],
      ] as const) {
        texts.push(await readPixel(page, viewport, instance, Math.floor(instance.columns * fc), Math.floor(instance.rows * fr)));
      }
      readouts.push(texts);
    }
    expect(readouts[0], `${bigEndian} vs ${littleEndian}`).toEqual(readouts[1]);
    // Not a trivially empty comparison: at least two different values.
    expect(new Set(readouts[1]!.map((t) => t.replace(/^X: \d+ Y: \d+ /, ''))).size, littleEndian).toBeGreaterThan(1);
  }
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

test('a video syntax gives a message naming the syntax and the series, never asking again as EVRLE', async ({ page, stack }) => {
  const study = pydicomStudy(stack.manifestPath);
  const series = byFile(study, 'MR_small.dcm');
  const video = '1.2.840.10008.1.2.4.102';
  const accepts: string[] = [];
  await withoutFrameBatches(page, series.seriesInstanceUID);
  await page.route(`**/series/${series.seriesInstanceUID}/instances/*/frames/**`, (route) => {
    if (route.request().url().includes('/rendered')) return route.fallback();
    accepts.push(route.request().headers()['accept'] ?? '');
    return multipart(route, `video/mp4; transfer-syntax=${video}`, Buffer.alloc(64, 1));
  });
  const { slot } = await openSeries(page, study, series);
  const error = slot.getByTestId('viewport-error');
  await expect(error).toContainText(describeTransferSyntax(video));
  await expect(error).toContainText('cannot be displayed');
  await expect(error).toContainText(`Series ${series.seriesNumber}`);
  await expect(error).toContainText('MR_small.dcm');
  // Never asked again as EVRLE (the prefetch may load the failed image once more: stored bytes again).
  await page.waitForTimeout(1500);
  expect(accepts.length).toBeGreaterThanOrEqual(1);
  expect(accepts.length).toBeLessThanOrEqual(2);
  expect(accepts.every((a) => a.endsWith('transfer-syntax=*'))).toBe(true);
});

test('a private syntax or an undecodable part is asked for again as Explicit VR Little Endian', async ({ page, stack }) => {
  const study = pydicomStudy(stack.manifestPath);
  for (const [file, partType] of [
    ['MR_small.dcm', 'application/octet-stream; transfer-syntax=1.3.46.670589.33.1.4.1'],
    ['MR_small_jpeg_ls_lossless.dcm', 'image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50'],
  ] as const) {
    const series = byFile(study, file);
    const accepts: string[] = [];
    await withoutFrameBatches(page, series.seriesInstanceUID);
    await page.route(`**/series/${series.seriesInstanceUID}/instances/*/frames/**`, (route) => {
      if (route.request().url().includes('/rendered')) return route.fallback();
      const accept = route.request().headers()['accept'] ?? '';
      accepts.push(accept);
      // The stored bytes come back in a form the client cannot use; the EVRLE request reaches the archive.
      return accept.endsWith('transfer-syntax=*') ? multipart(route, partType, Buffer.alloc(256, 7)) : route.fallback();
    });
    const { slot } = await openSeries(page, study, series);
    expect((await outcome(page, slot)).rendered, file).toBe(true);
    expect(accepts[0], file).toMatch(/transfer-syntax=\*$/);
    expect(accepts, file).toContainEqual(expect.stringContaining(`transfer-syntax=${EVRLE}`));
    await page.unroute(`**/series/${series.seriesInstanceUID}/instances/*/frames/**`);
  }
});

test('a frame that fails to decode says so, naming its syntax', async ({ page, stack }) => {
  const study = pydicomStudy(stack.manifestPath);
  const series = byFile(study, 'MR_small_RLE.dcm');
  const accepts: string[] = [];
  await withoutFrameBatches(page, series.seriesInstanceUID);
  await page.route(`**/series/${series.seriesInstanceUID}/instances/*/frames/**`, (route) => {
    if (route.request().url().includes('/rendered')) return route.fallback();
    accepts.push(route.request().headers()['accept'] ?? '');
    // Garbage in a decodable syntax, stored and "decoded" alike.
    return multipart(route, 'image/dicom-rle; transfer-syntax=1.2.840.10008.1.2.5', Buffer.alloc(256, 3));
  });
  const { slot } = await openSeries(page, study, series);
  const error = slot.getByTestId('viewport-error');
  await expect(error).toContainText('failed to decode');
  await expect(error).toContainText('1.2.840.10008.1.2.5');
  await expect(error).toContainText(`Series ${series.seriesNumber}`);
  // Stored bytes once, then EVRLE (the series is remembered: a later load of it asks for EVRLE
  // directly); never a loop.
  await page.waitForTimeout(1500);
  expect(accepts.filter((a) => a.endsWith('transfer-syntax=*'))).toHaveLength(1);
  expect(accepts.filter((a) => a.endsWith(`transfer-syntax=${EVRLE}`)).length).toBeGreaterThanOrEqual(1);
  expect(accepts.length).toBeLessThanOrEqual(3);
});

test('32-bit Big Endian is read from the stored instance, every frame, with the values pydicom reads', async ({ page, stack }) => {
  test.setTimeout(120_000);
  const study = pydicomStudy(stack.manifestPath);
  const series = byFile(study, 'rtdose_expb.dcm');
  const instance = series.instances[0]!;
  const requests: { url: string; accept: string }[] = [];
  page.on('request', (r) => {
    const pixels = new RegExp(`/series/${series.seriesInstanceUID}/instances/[0-9.]+(/frames/[0-9,]+)?$`);
    if (pixels.test(r.url())) requests.push({ url: r.url(), accept: r.headers()['accept'] ?? '' });
  });
  const { slot, viewport } = await openSeries(page, study, series);
  expect((await outcome(page, slot)).rendered).toBe(true);
  // A later frame too: frames are cut out of the one stored instance.
  await goToImage(page, viewport, 9);
  for (const p of referencePixels(stack.manifestPath, instance.file, 9)) {
    expect(await readPixel(page, viewport, instance, p.column, p.row), `frame 10 at column ${p.column}, row ${p.row}`).toBe(
      `X: ${p.column} Y: ${p.row} ${p.text}`,
    );
  }
  // Stored bytes only: the frames as stored (refused by Orthanc), then the stored instance; never EVRLE.
  expect(requests.length).toBeGreaterThan(0);
  expect(
    requests.every((r) => r.accept.endsWith('transfer-syntax=*')),
    JSON.stringify(requests),
  ).toBe(true);
  const instanceUrl = requests.filter((r) => !r.url.includes('/frames/'));
  expect(instanceUrl.length, 'the 15-frame instance is retrieved once, not once per frame').toBe(1);
  expect(instanceUrl[0]!.accept).toBe('multipart/related; type="application/dicom"; transfer-syntax=*');
});

test('32-bit Big Endian frames sent as stored (by an archive that serves them) show pydicom’s values, read from the stored instance', async ({
  page,
  stack,
}) => {
  const study = pydicomStudy(stack.manifestPath);
  const series = byFile(study, 'rtdose_expb.dcm');
  const instance = series.instances[0]!;
  // The stored bytes of every frame, as an archive that serves Big Endian frames would send them.
  const frameBytes = execFileSync(
    '/usr/bin/python3',
    ['-c', 'import sys, pydicom; sys.stdout.buffer.write(pydicom.dcmread(sys.argv[1]).PixelData)', path.join(path.dirname(stack.manifestPath), instance.file)],
    { maxBuffer: 1 << 20 },
  );
  const frameLength = instance.rows * instance.columns * 4;
  const accepts: string[] = [];
  let instanceRequests = 0;
  await withoutFrameBatches(page, series.seriesInstanceUID);
  await page.route(`**/series/${series.seriesInstanceUID}/instances/**`, (route) => {
    const url = route.request().url();
    if (/\/instances\/[0-9.]+$/.test(url)) instanceRequests++;
    const frame = /\/frames\/(\d+)$/.exec(url);
    if (!frame) return route.fallback();
    accepts.push(route.request().headers()['accept'] ?? '');
    const start = (Number(frame[1]) - 1) * frameLength;
    return multipart(route, `application/octet-stream; transfer-syntax=${BIG_ENDIAN}`, frameBytes.subarray(start, start + frameLength));
  });
  const { slot, viewport } = await openSeries(page, study, series);
  expect((await outcome(page, slot)).rendered).toBe(true);
  for (const p of referencePixels(stack.manifestPath, instance.file)) {
    expect(await readPixel(page, viewport, instance, p.column, p.row), `column ${p.column}, row ${p.row}`).toBe(`X: ${p.column} Y: ${p.row} ${p.text}`);
  }
  expect(instanceRequests).toBe(1);
  expect(accepts.length).toBeGreaterThanOrEqual(1);
  expect(accepts.every((a) => a.endsWith('transfer-syntax=*'))).toBe(true);
});
