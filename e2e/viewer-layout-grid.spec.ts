import { test, expect } from './support/fixtures.ts';
import { canvasStats } from './support/canvas.ts';
import { readManifest } from './support/samples.ts';
import { slot, studyByKey, viewerUrl } from './support/viewer-layout.ts';

test('layouts: 2×2 shows four series with real pixels; series browser, drag and drop, maximise', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const mr = studyByKey(manifest, 'mr-brain');
  const head = studyByKey(manifest, 'ct-head');
  const us = studyByKey(manifest, 'us-echo');
  await page.goto(viewerUrl([mr, head, us]));

  // The series browser lists every series, grouped by study, with counts and thumbnails.
  const browser = page.getByRole('navigation', { name: 'Series' });
  await expect(browser.getByRole('heading', { level: 2 })).toHaveCount(3);
  const cards = browser.getByTestId('series-card');
  await expect(cards).toHaveCount(mr.series.length + head.series.length + us.series.length);
  const t2 = mr.series.find((s) => /t2/i.test(s.description))!;
  const t2Card = browser.locator(`[data-series-uid="${t2.seriesInstanceUID}"]`);
  await expect(t2Card).toContainText(t2.description);
  await expect(t2Card).toContainText(`MR`);
  await expect(t2Card).toContainText(`${t2.instances.length} images`);
  await expect(browser.locator(`[data-series-uid="${us.series[0]!.seriesInstanceUID}"]`)).toContainText('20 images');
  await page.screenshot({ path: test.info().outputPath('viewer-browser.png') });
  await expect.poll(() => t2Card.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);

  // Initial hanging: the first image series in viewport 1 (1×1), its load progress reaches the total.
  await expect(page.getByTestId('viewport-slot')).toHaveCount(1);
  const first = mr.series.slice().sort((a, b) => a.seriesNumber - b.seriesNumber)[0]!;
  await expect(slot(page, 1)).toHaveAttribute('data-series-uid', first.seriesInstanceUID);
  const firstProgress = browser.locator(`[data-series-uid="${first.seriesInstanceUID}"]`).getByTestId('series-progress');
  await expect(firstProgress).toHaveAttribute('data-loaded', String(first.instances.length), { timeout: 60_000 });

  // 2×2: four viewports, each showing a series with real pixels; viewport 1 stays active.
  await page.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'Layout 2×2' }).click();
  await expect(page.getByRole('button', { name: 'Layout 2×2' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('viewport-slot')).toHaveCount(4);
  const shown = new Set<string>();
  for (let n = 1; n <= 4; n++) {
    const viewport = slot(page, n).getByTestId('viewport');
    await expect.poll(async () => (await canvasStats(viewport)).nonBlack, { timeout: 30_000 }).toBeGreaterThan(500);
    shown.add((await slot(page, n).getAttribute('data-series-uid'))!);
  }
  expect(shown.size).toBe(4);
  await expect(slot(page, 1)).toHaveAttribute('aria-current', 'true');

  // Drag the CT head series onto viewport 4.
  const headSeries = head.series[0]!;
  await browser.locator(`[data-series-uid="${headSeries.seriesInstanceUID}"]`).getByRole('button').dragTo(slot(page, 4));
  await expect(slot(page, 4)).toHaveAttribute('data-series-uid', headSeries.seriesInstanceUID);
  await expect(slot(page, 4)).toHaveAttribute('aria-current', 'true');
  await expect(slot(page, 4).getByTestId('image-index')).toHaveText(`Image 1 / ${headSeries.instances.length}`);

  // Keyboard alternative: focus viewport 2 (it becomes active), then choose a series.
  await slot(page, 2).getByTestId('viewport').focus();
  await expect(slot(page, 2)).toHaveAttribute('aria-current', 'true');
  await browser.locator(`[data-series-uid="${t2.seriesInstanceUID}"]`).getByRole('button').press('Enter');
  await expect(slot(page, 2)).toHaveAttribute('data-series-uid', t2.seriesInstanceUID);

  // Double-click maximises viewport 3 over the grid; double-click again restores.
  const before = (await slot(page, 3).boundingBox())!;
  await slot(page, 3).getByTestId('viewport').dblclick();
  await expect.poll(async () => (await slot(page, 3).boundingBox())!.width).toBeGreaterThan(before.width * 1.6);
  await expect(slot(page, 1)).toBeHidden();
  await page.screenshot({ path: test.info().outputPath('viewer-maximised.png') });
  await slot(page, 3).getByTestId('viewport').dblclick();
  await expect.poll(async () => Math.round((await slot(page, 3).boundingBox())!.width)).toBe(Math.round(before.width));
  await expect(slot(page, 1)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('viewer-2x2.png') });

  // 1×2 keeps the first two assignments.
  await page.getByRole('button', { name: 'Layout 1×2' }).click();
  await expect(page.getByTestId('viewport-slot')).toHaveCount(2);
  await expect(slot(page, 2)).toHaveAttribute('data-series-uid', t2.seriesInstanceUID);
});
