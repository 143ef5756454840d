import { test, expect } from './support/fixtures.ts';
import { canvasStats } from './support/canvas.ts';
import { readManifest } from './support/samples.ts';
import { withoutFrameBatches } from './support/viewer.ts';
import { slot, studyByKey, viewerUrl } from './support/viewer-layout.ts';

test('an unknown study gives a clear "study not found" page', async ({ page }) => {
  await page.goto('/viewer?StudyInstanceUIDs=1.2.826.0.1.3680043.99999.1');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Study not found' })).toBeVisible();
  await expect(alert).toContainText('1.2.826.0.1.3680043.99999.1');
});

test('a series whose frames fail shows the failure in its viewport while another viewport keeps working', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const mr = studyByKey(manifest, 'mr-brain');
  const [t1, t2] = mr.series.slice().sort((a, b) => a.seriesNumber - b.seriesNumber);
  // The archive stays real; only this series' frame requests answer 500.
  await withoutFrameBatches(page, t2!.seriesInstanceUID);
  await page.route(`**/series/${t2!.seriesInstanceUID}/instances/*/frames/**`, (route) =>
    route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ Message: 'injected failure' }) }),
  );
  await page.goto(viewerUrl([mr], [t1!.seriesInstanceUID, t2!.seriesInstanceUID]));

  await expect(page.getByTestId('viewport-slot')).toHaveCount(2);
  await expect(slot(page, 2)).toHaveAttribute('data-series-uid', t2!.seriesInstanceUID);
  const failure = slot(page, 2).getByRole('alert');
  await expect(failure).toContainText('HTTP 500');
  await expect(failure).toContainText('could not be retrieved');

  const working = slot(page, 1);
  await expect(working).toHaveAttribute('data-series-uid', t1!.seriesInstanceUID);
  await expect(working.getByRole('alert')).toHaveCount(0);
  const viewport = working.getByTestId('viewport');
  await expect.poll(async () => (await canvasStats(viewport)).nonBlack, { timeout: 30_000 }).toBeGreaterThan(500);
  await viewport.click();
  await page.keyboard.press('ArrowDown');
  await expect(working.getByTestId('image-index')).toHaveText(`Image 2 / ${t1!.instances.length}`);
  await page.screenshot({ path: test.info().outputPath('viewer-failed-series.png') });
});
