import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { readManifest } from './support/samples.ts';
import { drag, imagePixelToPage, readPixel } from './support/viewer.ts';

/** A slow teleradiology link (Chromium's network emulation applies to the page's own requests). */
async function throttle(page: Page, megabitsDown: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 40,
    downloadThroughput: (megabitsDown * 1e6) / 8,
    uploadThroughput: (10 * 1e6) / 8,
  });
}

test('a large radiograph on a slow link shows a lossy preview first, then the lossless image replaces it', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const dx = manifest.studies.find((s) => s.series.some((se) => se.modality === 'DX'))!;
  const instance = dx.series[0]!.instances[0]!;
  const size = { columns: instance.columns, rows: instance.rows };
  // Slow enough that the lossless image (3.3 MB, about 13 s) cannot overtake the measurement on a loaded machine.
  await throttle(page, 2);
  await page.goto(`/viewer?StudyInstanceUIDs=${dx.studyInstanceUID}&hangingProtocol=single`);
  const viewport = page.getByTestId('viewport').first();

  // The preview (a scaled rendered JPEG) is on screen, marked, with no window and no pixel values.
  const badge = page.getByTestId('quality-badge');
  await expect(badge).toHaveText('LOSSY', { timeout: 30_000 });
  await expect(page.getByTestId('voi-readout').first()).toHaveText('W: – L: –');
  const centre = await imagePixelToPage(viewport, size.columns, size.rows, size.columns / 2, size.rows / 2);
  await page.mouse.move(centre.x, centre.y);
  await expect(page.getByTestId('pixel-readout').first()).toHaveText('');

  // A measurement made on the preview is flagged, and stays flagged on the lossless image.
  await page.getByRole('button', { name: 'Length' }).click();
  const from = await imagePixelToPage(viewport, size.columns, size.rows, size.columns * 0.3, size.rows * 0.5);
  const to = await imagePixelToPage(viewport, size.columns, size.rows, size.columns * 0.7, size.rows * 0.5);
  await drag(page, from, to);
  await expect(viewport.locator('svg text').filter({ hasText: 'LOSSY preview' })).toHaveCount(1);

  // The lossless image replaces it: no badge, the image's own window and values, the length kept.
  await expect(badge).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('voi-readout').first()).toHaveText(/W: \d+ L: \d+/);
  await expect(viewport.locator('svg text').filter({ hasText: 'Measured on lossy preview' })).toHaveCount(1);
  await expect(viewport.locator('svg text').filter({ hasText: /mm/ })).toHaveCount(1);
  await page.getByRole('button', { name: 'Window/level' }).click();
  // Fitted into the viewport, one screen pixel covers about four of the radiograph's pixels.
  expect(await readPixel(page, viewport, size, size.columns / 2, size.rows / 2, 4)).toMatch(/Value: \d+/);
});

test('a lossy-compressed image is marked LOSSY for as long as it is shown', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const echo = manifest.studies.find((s) => s.series.some((se) => se.transferSyntaxUID === '1.2.840.10008.1.2.4.50'))!;
  await page.goto(`/viewer?StudyInstanceUIDs=${echo.studyInstanceUID}&hangingProtocol=single`);
  await expect(page.getByTestId('image-index').first()).toHaveText(/^Image 1 \//, { timeout: 30_000 });
  await expect(page.getByTestId('quality-badge')).toHaveText('LOSSY');
  await expect(page.getByTestId('quality-badge')).toHaveAttribute('title', 'Lossy-compressed image');
});

test('a CT slice is shown lossless at once: no preview, no badge', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const head = manifest.studies.find((s) => s.series.some((se) => se.modality === 'CT' && se.transferSyntaxUID === '1.2.840.10008.1.2.5'))!;
  await throttle(page, 5);
  const previews: string[] = [];
  page.on('request', (r) => {
    if (/\/rendered\?viewport=.*&quality=/.test(r.url())) previews.push(r.url());
  });
  await page.goto(`/viewer?StudyInstanceUIDs=${head.studyInstanceUID}&hangingProtocol=single`);
  await expect(page.getByTestId('voi-readout').first()).toHaveText(/W: -?\d+ L: -?\d+/, { timeout: 60_000 });
  await expect(page.getByTestId('quality-badge')).toHaveCount(0);
  expect(previews.filter((u) => u.includes('/frames/'))).toEqual([]);
});
