import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { goToImage, openStudy, readPixel } from './support/viewer.ts';
import { tablePresetsFor } from '../src/imaging/window-presets.ts';

test('the pixel readout shows the recorded HU of the CT chest exactly', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const chest = currentCtChest(manifest);
  const series = chest.series.find((s) => s.modality === 'CT')!;
  const size = { columns: series.instances[0]!.columns, rows: series.instances[0]!.rows };
  const viewport = await openStudy(page, chest.studyInstanceUID);

  const pixels = manifest.knownPixels.filter((p) => p.seriesInstanceUID === series.seriesInstanceUID);
  expect(pixels.length).toBeGreaterThan(3);
  for (const p of [...pixels].sort((a, b) => a.sliceIndex - b.sliceIndex)) {
    // The stack is ordered head to feet, which for this series is instance order.
    await goToImage(page, viewport, p.sliceIndex);
    const text = await readPixel(page, viewport, size, p.column, p.row);
    expect(text, `${p.name} at slice ${p.sliceIndex}, row ${p.row}, column ${p.column}`).toBe(`X: ${p.column} Y: ${p.row} Value: ${p.hu} HU`);
  }

  // Off the image, the readout is empty.
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await expect(page.getByTestId('pixel-readout').first()).toHaveText('');
});

test('preset keys set exactly the preset window, and the menu offers the header windows first and the full range', async ({ page, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  const viewport = await openStudy(page, chest.studyInstanceUID);
  const readout = page.getByTestId('voi-readout').first();
  await viewport.click();
  // Keys 3 and 4: the built-in chest presets after the two header windows (e2e/viewer-presets-toolbar.spec.ts covers every key).
  for (const [key, name] of [
    ['3', 'Mediastinum'],
    ['4', 'Bone'],
  ] as const) {
    const preset = tablePresetsFor('CT').find((p) => p.name === name)!;
    await page.keyboard.press(key);
    await expect(readout, name).toHaveText(`W: ${preset.width} L: ${preset.center}`);
  }

  // The menu lists the header's windows with their explanations first, then the built-in ones, then the full range.
  const menu = page.getByRole('combobox', { name: 'Window preset' });
  await menu.focus();
  await expect(menu.locator('optgroup').first()).toHaveAttribute('label', 'From the image header');
  const options = await menu.locator('option').allTextContents();
  expect(options.some((o) => /MEDIASTINUM/.test(o))).toBe(true);
  expect(options.some((o) => /LUNG/.test(o))).toBe(true);
  await expect(menu.locator('optgroup[label="Image"] option')).toHaveText([/Full range/]);
  const lung = options.find((o) => /LUNG/.test(o))!;
  await menu.selectOption({ label: lung });
  const m = /W (-?[\d.]+) L (-?[\d.]+)/.exec(lung)!;
  await expect(readout).toHaveText(`W: ${Math.round(Number(m[1]))} L: ${Math.round(Number(m[2]))}`);
});

test('a user preset is saved in the browser, offered after the built-in ones and survives a reload', async ({ page, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  await openStudy(page, chest.studyInstanceUID);
  await page.getByRole('button', { name: 'My presets…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your window presets' });
  await dialog.getByLabel('Name').fill('Pancreas');
  await dialog.getByLabel('Width (W)').fill('0');
  await dialog.getByRole('button', { name: 'Save preset' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/Width must be a number above 0/);
  await dialog.getByLabel('Width (W)').fill('333');
  await dialog.getByLabel('Level (L)').fill('-77');
  await dialog.getByRole('button', { name: 'Save preset' }).click();
  await expect(dialog.getByRole('cell', { name: 'Pancreas', exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  await page.reload();
  await expect(page.getByTestId('image-index').first()).toHaveText(/^Image 1 \//, { timeout: 30_000 });
  const menu = page.getByRole('combobox', { name: 'Window preset' });
  await menu.focus();
  await expect(menu.locator('optgroup[label="Your presets"] option')).toHaveText([/Pancreas \(W 333 L -77\)/]);
  await menu.selectOption({ label: (await menu.locator('optgroup[label="Your presets"] option').textContent())! });
  await expect(page.getByTestId('voi-readout').first()).toHaveText('W: 333 L: -77');
});
