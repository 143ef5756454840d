import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { canvasStats } from './support/canvas.ts';
import { paletteReference } from './support/pydicom.ts';
import { readManifest, type ManifestStudy } from './support/samples.ts';
import { canvasPixel, goToImage, imagePixelToPage } from './support/viewer.ts';
import { studyByKey, viewerUrl } from './support/viewer-layout.ts';

/**
 * PALETTE COLOR (scripts/samples/palette/): Orthanc sends every palette table as a BulkDataURI, which
 * Cornerstone's metadata provider cannot read; without the palette the image never appeared and never
 * failed. Each generated series must now show the colours pydicom computes from the same file, and a
 * viewport whose decode never answers must say so by name.
 */

type Series = ManifestStudy['series'][number];

/** The viewer's chunk is megabytes and this machine may be busy: waits for the first image are generous. */
const FIRST_IMAGE_MS = 90_000;

async function openSeries(page: Page, study: ManifestStudy, series: Series) {
  await page.goto(viewerUrl([study], [series.seriesInstanceUID]));
  const slot = page.getByTestId('viewport-slot').first();
  await expect(slot).toHaveAttribute('data-series-uid', series.seriesInstanceUID, { timeout: FIRST_IMAGE_MS });
  const viewport = slot.getByTestId('viewport');
  await expect.poll(async () => (await canvasStats(viewport)).nonBlack, { timeout: FIRST_IMAGE_MS, message: series.description }).toBeGreaterThan(1000);
  await expect(slot.getByTestId('viewport-error')).toHaveCount(0);
  // Every multi-frame sample carries a Frame Time, so it plays on open: stop it on the first frame.
  if (series.instances[0]!.frames > 1) {
    await slot.getByRole('button', { name: 'Pause cine in viewport 1' }).click();
    await goToImage(page, viewport, 0);
  }
  return { slot, viewport };
}

test('every palette colour sample is drawn in the colours pydicom computes, and its series loads whole', async ({ page, stack }) => {
  test.setTimeout(600_000);
  const study = studyByKey(readManifest(stack.manifestPath), 'us-palette');
  const bulkRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/bulk/')) bulkRequests.push(new URL(r.url()).pathname);
  });
  expect(study.series).toHaveLength(7);
  for (const series of study.series) {
    const instance = series.instances[0]!;
    expect(instance.photometricInterpretation).toBe('PALETTE COLOR');
    const { viewport } = await openSeries(page, study, series);
    const frames = instance.frames > 1 ? [0, instance.frames - 1] : [0];
    for (const frame of frames) {
      if (frame > 0) await goToImage(page, viewport, frame);
      const reference = paletteReference(stack.manifestPath, instance.file, frame);
      expect(reference.length, series.description).toBeGreaterThanOrEqual(12);
      // Every patch centre within 2 levels of pydicom's colour (polled: the frame may still be drawing).
      const mismatches = async () => {
        const out: string[] = [];
        for (const p of reference) {
          const at = await imagePixelToPage(viewport, instance.columns, instance.rows, p.column, p.row);
          const drawn = await canvasPixel(viewport, at.x, at.y);
          if (drawn.some((v, s) => Math.abs(v - p.rgb[s]!) > 2))
            out.push(`pixel ${p.column},${p.row} (value ${p.value}): drew ${drawn.join(',')}, pydicom ${p.rgb.join(',')}`);
        }
        return out;
      };
      await expect.poll(mismatches, { timeout: 30_000, message: `${series.description}, frame ${frame + 1}` }).toEqual([]);
    }
    // The series is loaded whole (before the fix it stayed "not loaded").
    const progress = page.getByRole('navigation', { name: 'Series' }).locator(`[data-series-uid="${series.seriesInstanceUID}"]`).getByTestId('series-progress');
    await expect(progress, series.description).toHaveAttribute('data-loaded', String(instance.frames), { timeout: FIRST_IMAGE_MS });
  }
  // The palettes came as BulkDataURIs, fetched through the gateway's own DICOMweb root.
  expect(bulkRequests.length).toBeGreaterThanOrEqual(3 * study.series.length);
  expect(
    bulkRequests.every((p) => /^\/dicom-web\/studies\/[0-9.]+\/series\/[0-9.]+\/instances\/[0-9.]+\/bulk\/002812[02][123]$/.test(p)),
    bulkRequests.join('\n'),
  ).toBe(true);
  await page.screenshot({ path: test.info().outputPath('palette-colour.png') });
});

test('a palette that cannot be read is named in the viewport, not drawn black', async ({ page, stack }) => {
  test.setTimeout(180_000);
  const study = studyByKey(readManifest(stack.manifestPath), 'us-palette');
  const series = study.series.find((s) => s.seriesNumber === 1)!;
  await page.route(`**/series/${series.seriesInstanceUID}/instances/*/bulk/00281202`, (route) =>
    route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ Message: 'injected: no such bulk data' }) }),
  );
  await page.goto(viewerUrl([study], [series.seriesInstanceUID]));
  const error = page.getByTestId('viewport-slot').first().getByTestId('viewport-error');
  await expect(error).toContainText(`Series 1 “${series.description}”, image 1`, { timeout: FIRST_IMAGE_MS });
  await expect(error).toContainText('its palette colour lookup table could not be read');
  await expect(error).toContainText('not found');
});

test('a decode that never answers shows a message naming the series, syntax and photometric interpretation', async ({ page, stack }) => {
  test.setTimeout(180_000);
  const study = studyByKey(readManifest(stack.manifestPath), 'us-palette');
  const series = study.series.find((s) => s.seriesNumber === 1)!;
  // Test hooks (src/viewer/loading/frame-arrival.ts): this series' frames never reach the decoder once their
  // bytes are here, and the guard's bound is 500 ms instead of the product's 10 s.
  await page.addInitScript((uid) => {
    (window as unknown as { __readroomTestHooks: unknown }).__readroomTestHooks = { drawGuardMs: 500, hangDecodeSeries: [uid] };
  }, series.seriesInstanceUID);
  await page.goto(viewerUrl([study], [series.seriesInstanceUID]));
  const slot = page.getByTestId('viewport-slot').first();
  const error = slot.getByTestId('viewport-error');
  await expect(error).toContainText('the image did not appear within 500 ms after its data arrived', { timeout: FIRST_IMAGE_MS });
  await expect(error).toContainText(`Series 1 “${series.description}”, image 1`);
  await expect(error).toContainText('RLE Lossless (1.2.840.10008.1.2.5)');
  await expect(error).toContainText('PALETTE COLOR');
  await expect(error).toContainText('121 × 91');
  // Nothing was drawn behind the message.
  expect((await canvasStats(slot.getByTestId('viewport'))).nonBlack).toBe(0);
  await page.screenshot({ path: test.info().outputPath('decode-hang.png') });
});
