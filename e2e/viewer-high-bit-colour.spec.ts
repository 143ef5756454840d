import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { referencePixels } from './support/pydicom.ts';
import { readManifest, type ManifestStudy } from './support/samples.ts';
import { canvasPixel, goToImage, imagePixelToPage, readPixel } from './support/viewer.ts';
import { studyByKey, viewerUrl } from './support/viewer-layout.ts';

type Series = ManifestStudy['series'][number];

/** Opens one series in a 1×1 layout; waits until its first image is drawn (an error fails the test). */
async function openSeries(page: Page, study: ManifestStudy, series: Series) {
  await page.goto(viewerUrl([study], [series.seriesInstanceUID]));
  const slot = page.getByTestId('viewport-slot').first();
  await expect(slot).toHaveAttribute('data-series-uid', series.seriesInstanceUID);
  await expect(slot.getByTestId('colour-depth-badge')).toBeVisible({ timeout: 30_000 });
  await expect(slot.getByTestId('viewport-error')).toHaveCount(0);
  return { slot, viewport: slot.getByTestId('viewport') };
}

const display = (stored: number, bitsStored: number) => Math.round((stored * 255) / (2 ** bitsStored - 1));

test('12-bit RGB shows its stored samples in the readout and an 8-bit display scaled by Bits Stored', async ({ page, stack }) => {
  test.setTimeout(180_000);
  const manifest = readManifest(stack.manifestPath);
  const study = studyByKey(manifest, 'colour-12bit');
  const frameRequests: string[] = [];
  page.on('request', (r) => {
    // Frame requests one by one or in frame batches (the launch's first frames, prefetch).
    if (r.url().includes(study.studyInstanceUID) && /\/frames\/|\/frames-batch\?/.test(r.url()) && !r.url().includes('/rendered')) frameRequests.push(r.url());
  });
  expect(study.series.map((s) => s.transferSyntaxUID).sort()).toEqual(['1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.5']);
  for (const series of study.series) {
    const instance = series.instances[0]!;
    const { slot, viewport } = await openSeries(page, study, series);
    await expect(slot.getByTestId('colour-depth-badge')).toHaveText('12-bit colour shown at 8 bits');
    const known = manifest.knownColourPixels.filter((k) => k.seriesInstanceUID === series.seriesInstanceUID);
    expect(known.length, series.description).toBe(24);
    for (const k of known) {
      const label = `${series.description} at column ${k.column}, row ${k.row}`;
      // The readout: the stored samples, not the display values.
      expect(await readPixel(page, viewport, instance, k.column, k.row), label).toBe(
        `X: ${k.column} Y: ${k.row} R ${k.stored[0]} G ${k.stored[1]} B ${k.stored[2]}`,
      );
      // The screen: each sample scaled from 0–4095 to 0–255 (a patch is 16 pixels wide: no edge in reach).
      const at = await imagePixelToPage(viewport, instance.columns, instance.rows, k.column, k.row);
      const drawn = await canvasPixel(viewport, at.x, at.y);
      for (let s = 0; s < 3; s++)
        expect(Math.abs(drawn[s]! - display(k.stored[s]!, k.bitsStored)), `${label}, channel ${s}: drew ${drawn.join(',')}`).toBeLessThanOrEqual(2);
    }
  }
  // High-bit colour is never asked for as frames (the archive's and the loader's decodings are not trusted).
  expect(frameRequests).toEqual([]);
});

test('pydicom’s 16- and 32-bit RGB RLE files read exactly as pydicom reads them, every frame', async ({ page, stack }) => {
  test.setTimeout(180_000);
  const study = readManifest(stack.manifestPath).studies.find((s) => s.patientName.toUpperCase() === 'PYDICOM^TEST FILES')!;
  const instanceRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/instances\/[0-9.]+$/.test(r.url())) instanceRequests.push(`${r.url()} ${r.headers()['accept'] ?? ''}`);
  });
  for (const file of ['SC_rgb_rle_16bit.dcm', 'SC_rgb_rle_16bit_2frame.dcm', 'SC_rgb_rle_32bit.dcm', 'SC_rgb_rle_32bit_2frame.dcm']) {
    const series = study.series.find((s) => s.instances[0]?.file === `pydicom/${file}`)!;
    const instance = series.instances[0]!;
    const { slot, viewport } = await openSeries(page, study, series);
    await expect(slot.getByTestId('colour-depth-badge')).toHaveText(`${instance.bitsAllocated}-bit colour shown at 8 bits`);
    for (let frame = 0; frame < instance.frames; frame++) {
      if (frame > 0) await goToImage(page, viewport, frame);
      for (const p of referencePixels(stack.manifestPath, instance.file, frame)) {
        expect(await readPixel(page, viewport, instance, p.column, p.row), `${file} frame ${frame + 1} at column ${p.column}, row ${p.row}`).toBe(
          `X: ${p.column} Y: ${p.row} ${p.text}`,
        );
      }
    }
    // The 2-frame instances are retrieved once for both frames.
    expect(
      instanceRequests.filter((r) => r.includes(instance.sopInstanceUID)),
      file,
    ).toHaveLength(1);
  }
  expect(instanceRequests.every((r) => r.endsWith('multipart/related; type="application/dicom"; transfer-syntax=*'))).toBe(true);
});
