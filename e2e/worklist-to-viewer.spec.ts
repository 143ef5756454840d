import { test, expect } from './support/fixtures.ts';
import { canvasStats } from './support/canvas.ts';
import { currentCtChest, readManifest } from './support/samples.ts';

test('the worklist lists the seeded studies and opens the CT chest in the viewer', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const chest = currentCtChest(manifest);
  const cspViolations: string[] = [];
  page.on('console', (msg) => {
    if (/Content.Security.Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });

  await page.goto('/');
  const table = page.getByRole('table', { name: 'Studies' });
  await expect(table).toBeVisible();
  // Every seeded study is listed.
  await expect(table.getByRole('row')).toHaveCount(manifest.studies.length + 1);

  const chestRow = table
    .getByRole('row')
    .filter({ hasText: chest.description })
    .filter({ hasText: chest.studyDate.slice(0, 4) });
  await chestRow.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/viewer\\?StudyInstanceUIDs=${chest.studyInstanceUID.replace(/\./g, '\\.')}$`));

  // The CT chest has a prior: it opens by the CT chest protocol, the current study in the first viewport.
  const current = page.getByTestId('viewport-slot').first();
  await expect(current.getByTestId('comparison-label')).toHaveText(/^CURRENT /);
  const viewport = current.getByTestId('viewport');
  const total = chest.series.find((s) => s.modality === 'CT')!.instances.length;
  await expect(current.getByTestId('image-index')).toHaveText(`Image 1 / ${total}`);
  // Real pixels: not blank, and many grey levels (anatomy, not a flat fill).
  await expect.poll(async () => (await canvasStats(viewport)).distinctLevels, { timeout: 30_000 }).toBeGreaterThan(20);
  const first = await canvasStats(viewport);
  expect(first.nonBlack / (first.width * first.height)).toBeGreaterThan(0.05);

  // The wheel changes slice, and the picture changes with it.
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 100);
  await expect(current.getByTestId('image-index')).not.toHaveText(`Image 1 / ${total}`);
  await expect.poll(async () => (await canvasStats(viewport)).checksum).not.toBe(first.checksum);

  // A W/L drag changes the window shown in the overlay.
  const readout = current.getByTestId('voi-readout');
  await expect(readout).toHaveText(/W: -?\d+ L: -?\d+/);
  const before = await readout.textContent();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 60, { steps: 8 });
  await page.mouse.up();
  await expect(readout).not.toHaveText(before!);

  expect(cspViolations).toEqual([]);
});
