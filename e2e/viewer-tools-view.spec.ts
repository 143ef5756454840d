import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest, type ManifestStudy } from './support/samples.ts';
import { canvasMean, canvasPixel, drag, imagePixelToPage, openStudy, readPixel } from './support/viewer.ts';
import { KEYMAP } from '../src/viewer/tools/keyboard/keymap.ts';

const markers = async (page: Page) => ({
  top: await page.getByTestId('marker-top').first().textContent(),
  bottom: await page.getByTestId('marker-bottom').first().textContent(),
  left: await page.getByTestId('marker-left').first().textContent(),
  right: await page.getByTestId('marker-right').first().textContent(),
});

function studyWith(stack: { manifestPath: string }, modality: string): ManifestStudy {
  const study = readManifest(stack.manifestPath).studies.find((s) => s.source === 'synthetic' && s.series.some((se) => se.modality === modality));
  if (!study) throw new Error(`no synthetic ${modality} study`);
  return study;
}

test('invert, rotate, flip and reset by key and by button; markers follow the view', async ({ page, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  const viewport = await openStudy(page, chest.studyInstanceUID);
  const box = (await viewport.boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height * 0.3 };
  await expect.poll(() => markers(page)).toEqual({ top: 'A', bottom: 'P', left: 'R', right: 'L' });
  await viewport.focus();

  // Invert (I): the grey level at a point becomes its complement.
  const before = await canvasMean(viewport, centre.x, centre.y);
  await page.keyboard.press('i');
  await expect.poll(async () => Math.round((await canvasMean(viewport, centre.x, centre.y)) + before)).toBeGreaterThan(250);
  await page.getByRole('button', { name: 'Invert' }).click();
  await expect.poll(() => canvasMean(viewport, centre.x, centre.y)).toBeCloseTo(before, 0);

  // Rotate 90° clockwise (R): anterior moves from the top to the right.
  await viewport.focus();
  await page.keyboard.press('r');
  await expect.poll(() => markers(page)).toEqual({ top: 'R', bottom: 'L', left: 'P', right: 'A' });
  await page.getByRole('button', { name: 'Rotate 90°' }).click();
  await expect.poll(() => markers(page)).toEqual({ top: 'P', bottom: 'A', left: 'L', right: 'R' });

  // Reset (Space on the viewport, or the button).
  await viewport.focus();
  await page.keyboard.press(' ');
  await expect.poll(() => markers(page)).toEqual({ top: 'A', bottom: 'P', left: 'R', right: 'L' });

  // Flip horizontal (H) and vertical (button).
  await page.keyboard.press('h');
  await expect.poll(() => markers(page)).toEqual({ top: 'A', bottom: 'P', left: 'L', right: 'R' });
  await page.getByRole('button', { name: 'Flip vertical' }).click();
  await expect.poll(() => markers(page)).toEqual({ top: 'P', bottom: 'A', left: 'L', right: 'R' });
  await page.keyboard.press('v');
  await expect.poll(() => markers(page)).toEqual({ top: 'A', bottom: 'P', left: 'L', right: 'R' });
  await page.getByRole('button', { name: 'Reset view' }).click();
  await expect.poll(() => markers(page)).toEqual({ top: 'A', bottom: 'P', left: 'R', right: 'L' });
});

test('window/level, zoom and pan tools by key and button; reset restores the header window', async ({ page, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  const viewport = await openStudy(page, chest.studyInstanceUID);
  const box = (await viewport.boundingBox())!;
  const c = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const voi = page.getByTestId('voi-readout').first();
  const zoom = page.getByTestId('zoom-readout').first();
  const initialWindow = (await voi.textContent())!;
  await expect(zoom).toHaveText('Zoom 1.00×');

  await page.keyboard.press('z');
  await expect(page.getByRole('button', { name: 'Zoom', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await drag(page, c, { x: c.x, y: c.y + 120 });
  await expect(zoom).not.toHaveText('Zoom 1.00×');

  await page.getByRole('button', { name: 'Pan' }).click();
  const under = await page.getByTestId('pixel-readout').first().textContent();
  await drag(page, c, { x: c.x + 80, y: c.y });
  await page.mouse.move(c.x, c.y + 1);
  await page.mouse.move(c.x, c.y);
  await expect(page.getByTestId('pixel-readout').first()).not.toHaveText(under!);

  await page.keyboard.press('w');
  await expect(page.getByRole('button', { name: 'Window/level' })).toHaveAttribute('aria-pressed', 'true');
  await drag(page, c, { x: c.x + 100, y: c.y + 50 });
  await expect(voi).not.toHaveText(initialWindow);

  await viewport.focus();
  await page.keyboard.press(' ');
  await expect(voi).toHaveText(initialWindow);
  await expect(zoom).toHaveText('Zoom 1.00×');
});

test('the shortcut sheet lists every binding and closes with Escape', async ({ page, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  await openStudy(page, chest.studyInstanceUID);
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet.locator('tbody tr')).toHaveCount(KEYMAP.length);
  await expect(sheet.getByRole('row', { name: /Ctrl \+ Z\s+Undo/ })).toBeVisible();
  // Keys do nothing to the viewer while the sheet is open.
  await page.keyboard.press('l');
  await expect(page.getByRole('button', { name: 'Length' })).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await page.getByRole('button', { name: 'Shortcuts' }).click();
  await expect(sheet).toBeVisible();
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(sheet).toBeHidden();
});

test('the MONOCHROME1 radiograph shows dark lungs beside a bright spine and measures with Imager Pixel Spacing', async ({ page, stack }) => {
  const dx = studyWith(stack, 'DX');
  const inst = dx.series[0]!.instances[0]!;
  expect(inst.photometricInterpretation).toBe('MONOCHROME1');
  const viewport = await openStudy(page, dx.studyInstanceUID);
  const at = (fx: number, fy: number) => imagePixelToPage(viewport, inst.columns, inst.rows, Math.round(inst.columns * fx), Math.round(inst.rows * fy));
  const spine = await at(0.5, 0.45);
  const rightLung = await at(0.3, 0.4);
  const leftLung = await at(0.7, 0.4);
  await expect.poll(() => canvasMean(viewport, spine.x, spine.y)).toBeGreaterThan(0);
  const s = await canvasMean(viewport, spine.x, spine.y);
  const r = await canvasMean(viewport, rightLung.x, rightLung.y);
  const l = await canvasMean(viewport, leftLung.x, leftLung.y);
  expect(r, `right lung ${r} vs spine ${s}`).toBeLessThan(s - 40);
  expect(l, `left lung ${l} vs spine ${s}`).toBeLessThan(s - 40);
  await expect(page.getByTestId('calibration-note').first()).toHaveText('Imager Pixel Spacing (at the detector)');
  await expect(page.getByTestId('orientation-markers')).toHaveCount(0);

  // A length of 1000 image pixels at 0.17 mm Imager Pixel Spacing.
  await page.keyboard.press('l');
  const a = await imagePixelToPage(viewport, inst.columns, inst.rows, 524, 1800);
  const b = await imagePixelToPage(viewport, inst.columns, inst.rows, 1524, 1800);
  await drag(page, a, b);
  await expect(viewport.locator('svg text')).toHaveCount(1);
  const text = (await viewport.locator('svg text').textContent())!;
  test.info().annotations.push({ type: 'DX length', description: text });
  // Labelled as projection (detector) millimetres, never as plain mm or px.
  expect(text).toMatch(/^[\d.]+ mm Proj$/);
  const mm = Number(/([\d.]+) mm/.exec(text)?.[1]);
  expect(Math.abs(mm - 170), text).toBeLessThan(1.5);
});

test('the colour ultrasound shows its red reference bar red, and the readout gives RGB', async ({ page, stack }) => {
  const us = studyWith(stack, 'US');
  const inst = us.series[0]!.instances[0]!;
  // A clip that plays on open: the reference bar is on every frame.
  const viewport = await openStudy(page, us.studyInstanceUID, 'single', { clip: true });
  const size = { columns: inst.columns, rows: inst.rows };
  // The generator draws a red-to-blue bar at x = width−40…width−28, red at its top (y ≈ 120).
  const column = inst.columns - 34;
  const row = 130;
  const p = await imagePixelToPage(viewport, size.columns, size.rows, column, row);
  await expect.poll(async () => (await canvasPixel(viewport, p.x, p.y))[0]).toBeGreaterThan(180);
  const [red, green, blue] = await canvasPixel(viewport, p.x, p.y);
  expect(green).toBeLessThan(70);
  expect(blue).toBeLessThan(70);
  const text = await readPixel(page, viewport, size, column, row);
  const m = /R (\d+) G (\d+) B (\d+)$/.exec(text)!;
  expect(Number(m[1])).toBeGreaterThan(180);
  expect(Number(m[2])).toBeLessThan(70);
  expect(Number(m[3])).toBeLessThan(70);
  expect(red).toBeGreaterThan(green + 100);
  expect(red).toBeGreaterThan(blue + 100);
  // The grey bar stays grey (no colour-space mix-up).
  const g = await imagePixelToPage(viewport, size.columns, size.rows, 26, 150);
  const [gr, gg, gb] = await canvasPixel(viewport, g.x, g.y);
  expect(Math.max(gr, gg, gb) - Math.min(gr, gg, gb)).toBeLessThan(30);
});
