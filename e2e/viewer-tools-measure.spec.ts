import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { drag, goToImage, imagePixelToPage, openStudy, readPixel } from './support/viewer.ts';

/** The text Cornerstone draws next to annotations (SVG layer of the viewport). */
const annotationTexts = (viewport: Locator) => viewport.locator('svg text');
async function annotationText(viewport: Locator): Promise<string> {
  return (await annotationTexts(viewport).allTextContents()).join(' | ');
}

async function openChestAt(page: Page, manifestPath: string, sliceIndex: number) {
  const manifest = readManifest(manifestPath);
  const chest = currentCtChest(manifest);
  const series = chest.series.find((s) => s.modality === 'CT')!;
  const size = { columns: series.instances[0]!.columns, rows: series.instances[0]!.rows };
  const viewport = await openStudy(page, chest.studyInstanceUID);
  await goToImage(page, viewport, sliceIndex);
  return { manifest, viewport, size };
}

test('a length across the 20 mm sphere measures it within 0.5 mm; undo, redo, select and delete work', async ({ page, stack }) => {
  const { manifest, viewport, size } = await openChestAt(page, stack.manifestPath, readManifest(stack.manifestPath).knownObject.centre.sliceIndex);
  const { centre, diameterMm } = manifest.knownObject;

  // Find the sphere's edges along its central row from the pixel readout (sphere +60 HU in lung −850 HU):
  // the run of soft-tissue values that contains the centre (vessels nearby are separate runs).
  const isInside = async (column: number) => Number(/Value: (-?\d+)/.exec(await readPixel(page, viewport, size, column, centre.row))![1]) > -400;
  expect(await isInside(centre.column)).toBe(true);
  let first = centre.column;
  while (await isInside(first - 1)) first--;
  let last = centre.column;
  while (await isInside(last + 1)) last++;
  const inside = [first, last];
  expect(last - first).toBeGreaterThan(20);
  const left = await imagePixelToPage(viewport, size.columns, size.rows, inside[0]! - 0.5, centre.row);
  const right = await imagePixelToPage(viewport, size.columns, size.rows, inside.at(-1)! + 0.5, centre.row);

  // Length by the toolbar button.
  await page.getByRole('button', { name: 'Length' }).click();
  await expect(page.getByRole('button', { name: 'Length' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Window/level' })).toHaveAttribute('aria-pressed', 'false');
  await drag(page, left, right);
  await expect(annotationTexts(viewport)).toHaveCount(1);
  const text = await annotationText(viewport);
  const mm = Number(/([\d.]+) mm/.exec(text)?.[1]);
  expect(Math.abs(mm - diameterMm), `measured "${text}" across columns ${first}–${last}`).toBeLessThanOrEqual(0.5);

  // Undo removes it, redo brings it back (keyboard).
  await page.keyboard.press('Control+z');
  await expect(annotationTexts(viewport)).toHaveCount(0);
  await page.keyboard.press('Control+y');
  await expect(annotationTexts(viewport)).toHaveCount(1);
  // And by the buttons.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(annotationTexts(viewport)).toHaveCount(0);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(annotationTexts(viewport)).toHaveCount(1);

  // Select it by clicking on the line, delete with the Delete key; undo restores it.
  const mid = { x: (left.x + right.x) / 2, y: left.y };
  await page.mouse.click(mid.x, mid.y);
  await page.keyboard.press('Delete');
  await expect(annotationTexts(viewport)).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(annotationTexts(viewport)).toHaveCount(1);
  await page.mouse.click(mid.x, mid.y);
  await page.getByRole('button', { name: 'Delete annotation' }).click();
  await expect(annotationTexts(viewport)).toHaveCount(0);
});

test('rectangle and ellipse ROIs report area, mean, SD, min and max in HU', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const air = manifest.knownPixels.find((p) => p.name.includes('air'))!;
  const { viewport, size } = await openChestAt(page, stack.manifestPath, air.sliceIndex);
  const at = (column: number, row: number) => imagePixelToPage(viewport, size.columns, size.rows, column, row);

  // Air outside the body is generated without noise: a uniform −1000 HU (the recorded value).
  await page.keyboard.press('b');
  await expect(page.getByRole('button', { name: 'Rectangle ROI' })).toHaveAttribute('aria-pressed', 'true');
  await drag(page, await at(air.column - 10, air.row - 10), await at(air.column + 10, air.row + 10));
  await expect(annotationTexts(viewport)).not.toHaveCount(0);
  const rect = await annotationText(viewport);
  expect(rect).toMatch(/Area: [\d.]+ mm²/);
  expect(rect).toContain(`Mean: ${air.hu} HU`);
  expect(rect).toContain(`Min: ${air.hu} HU`);
  expect(rect).toContain(`Max: ${air.hu} HU`);
  expect(rect).toContain('Std Dev: 0 HU');
  await page.keyboard.press('Control+z');
  await expect(annotationTexts(viewport)).toHaveCount(0);

  // Ellipse (chosen with the button) inside the same region.
  await page.getByRole('button', { name: 'Ellipse ROI' }).click();
  // The ellipse is drawn from its centre outwards.
  await drag(page, await at(air.column, air.row), await at(air.column + 8, air.row + 8));
  await expect(annotationTexts(viewport)).not.toHaveCount(0);
  const ellipse = await annotationText(viewport);
  expect(ellipse).toMatch(/Area: [\d.]+ mm²/);
  expect(ellipse).toContain(`Mean: ${air.hu} HU`);
  expect(ellipse).toContain('Std Dev: 0 HU');
});

test('the sphere ROI mean matches its generated HU; angle, probe and arrow with text work', async ({ page, stack }) => {
  const { manifest, viewport, size } = await openChestAt(page, stack.manifestPath, readManifest(stack.manifestPath).knownObject.centre.sliceIndex);
  const { centre, hu } = manifest.knownObject;
  const at = (column: number, row: number) => imagePixelToPage(viewport, size.columns, size.rows, column, row);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });

  await page.keyboard.press('e');
  await drag(page, await at(centre.column, centre.row), await at(centre.column + 8, centre.row + 8));
  await expect(annotationTexts(viewport)).not.toHaveCount(0);
  const mean = Number(/Mean: (-?[\d.]+) HU/.exec(await annotationText(viewport))![1]);
  // Noise is ±8 HU per pixel; over ~200 pixels the mean is within a few HU of the generated value.
  expect(Math.abs(mean - hu)).toBeLessThanOrEqual(3);
  await page.keyboard.press('Control+z');
  await expect(annotationTexts(viewport)).toHaveCount(0);

  // Probe on the sphere centre: it names its pixel and that pixel's HU, the same as the pixel readout.
  await page.getByRole('button', { name: 'Probe' }).click();
  const p = await at(centre.column, centre.row);
  await page.mouse.click(p.x, p.y);
  await expect.poll(() => annotationText(viewport)).toMatch(/^\(\d+, \d+\) -?\d+ HU$/);
  const [, probeColumn, probeRow, probeHu] = /^\((\d+), (\d+)\) (-?\d+) HU$/.exec(await annotationText(viewport))!.map(Number);
  expect(Math.abs(probeColumn! - centre.column)).toBeLessThanOrEqual(1);
  expect(Math.abs(probeRow! - centre.row)).toBeLessThanOrEqual(1);
  expect(await readPixel(page, viewport, size, probeColumn!, probeRow!)).toBe(`X: ${probeColumn} Y: ${probeRow} Value: ${probeHu} HU`);
  await page.keyboard.press('Control+z');
  await expect(annotationTexts(viewport)).toHaveCount(0);

  // Angle: three clicks (vertex in the middle) making a right angle.
  await page.keyboard.press('a');
  const a = await at(200, 300);
  const v = await at(260, 300);
  const c = await at(260, 240);
  await page.mouse.click(a.x, a.y);
  await page.mouse.move(v.x, v.y, { steps: 5 });
  await page.mouse.click(v.x, v.y);
  await page.mouse.move(c.x, c.y, { steps: 5 });
  await page.mouse.click(c.x, c.y);
  await expect.poll(() => annotationText(viewport)).toMatch(/^90(\.0+)?\s*°/);
  await page.keyboard.press('Control+z');

  // Arrow: our own text dialog (never window.prompt); cancelling drops the arrow.
  await page.keyboard.press('t');
  await drag(page, await at(100, 100), await at(centre.column, centre.row));
  const editor = page.getByRole('dialog', { name: 'Arrow text' });
  await expect(editor).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
  await expect(annotationTexts(viewport)).toHaveCount(0);
  await drag(page, await at(100, 100), await at(centre.column, centre.row));
  await expect(editor).toBeVisible();
  await editor.getByLabel('Text').fill('Nodule <b>20 mm</b>');
  await editor.getByRole('button', { name: 'OK' }).click();
  await expect(editor).toBeHidden();
  await expect.poll(() => annotationText(viewport)).toContain('Nodule <b>20 mm</b>');
  expect(dialogs).toBe(0);
});
