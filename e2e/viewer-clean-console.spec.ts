import { test, expect } from './support/fixtures.ts';
import { canvasStats } from './support/canvas.ts';
import { watchConsole } from './support/console-watch.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { drag } from './support/viewer.ts';
import { studyByKey } from './support/viewer-layout.ts';

test('a normal read of the CT chest with its priors leaves the console clean', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const chest = currentCtChest(manifest);
  const older = studyByKey(manifest, 'ct-chest-older');
  const watch = watchConsole(page);

  // From the worklist, as a radiologist.
  await page.goto('/');
  const table = page.getByRole('table', { name: 'Studies' });
  await table
    .getByRole('row')
    .filter({ hasText: chest.description })
    .filter({ hasText: chest.studyDate.slice(0, 4) })
    .getByRole('link')
    .click();
  const current = page.getByTestId('viewport-slot').first();
  const viewport = current.getByTestId('viewport');
  const total = chest.series.find((s) => s.modality === 'CT')!.instances.length;
  await expect(current.getByTestId('image-index')).toHaveText(`Image 1 / ${total}`, { timeout: 30_000 });
  await expect.poll(async () => (await canvasStats(viewport)).distinctLevels, { timeout: 30_000 }).toBeGreaterThan(20);
  // By the shipped CT chest protocol: the current study above in two windows, the prior below.
  await expect(page.getByTestId('viewport-slot')).toHaveCount(4);

  // Scroll.
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 8; i++) await page.mouse.wheel(0, 100);
  await expect(current.getByTestId('image-index')).not.toHaveText(`Image 1 / ${total}`);

  // A window preset by its key: on the chest, 2 is the header's LUNG window (it opens in the protocol's Mediastinum).
  const readout = current.getByTestId('voi-readout');
  await viewport.click();
  await page.keyboard.press('2');
  await expect(readout).toHaveText('W: 1500 L: -600');

  // A length.
  await page.getByRole('button', { name: 'Length' }).click();
  await drag(page, { x: box.x + box.width * 0.4, y: box.y + box.height * 0.5 }, { x: box.x + box.width * 0.6, y: box.y + box.height * 0.55 });
  await expect(viewport.locator('svg text')).toHaveCount(1);
  await expect(viewport.locator('svg text')).toContainText('mm');

  // Another prior, from the priors panel.
  const panel = page.getByRole('region', { name: 'Priors' });
  await panel.locator(`[data-study-uid="${older.studyInstanceUID}"]`).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(older.studyInstanceUID.replace(/\./g, '\\.')));
  const prior = page.getByTestId('viewport-slot').nth(1);
  await expect(prior).toHaveAttribute('data-series-uid', older.series[0]!.seriesInstanceUID, { timeout: 30_000 });
  await expect.poll(async () => (await canvasStats(prior.getByTestId('viewport'))).distinctLevels, { timeout: 30_000 }).toBeGreaterThan(20);
  // Whatever the whole study fetch still prints in the background counts as well.
  await expect.poll(async () => page.evaluate(() => performance.getEntriesByName('rr:series-loaded').length), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

  expect(watch.problems()).toEqual({ messages: [], pageErrors: [], failedResponses: [] });
});
