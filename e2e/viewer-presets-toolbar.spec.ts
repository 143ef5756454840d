import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest, type ManifestStudy } from './support/samples.ts';
import { canvasMean, openStudy } from './support/viewer.ts';
import { KEYMAP, displayChord } from '../src/viewer/tools/keyboard/keymap.ts';

/** [key, name, width, center] as the sample generator wrote the header windows and the preset table has them. */
type Expected = readonly [number, string, number, number];

const CHEST_KEYS: readonly Expected[] = [
  [1, 'MEDIASTINUM', 400, 40], // header, with its explanation
  [2, 'LUNG', 1500, -600], // header (the built-in Lung is the same window: not offered twice)
  [3, 'Mediastinum', 350, 50],
  [4, 'Bone', 2500, 480],
];
const HEAD_KEYS: readonly Expected[] = [
  [1, 'BRAIN', 80, 40],
  [2, 'BONE', 2800, 600],
  [3, 'Subdural', 200, 75],
  [4, 'Stroke', 40, 40],
  [5, 'Bone', 2500, 480],
];

function studyByKey(manifestPath: string, key: string): ManifestStudy {
  const study = readManifest(manifestPath).studies.find((s) => s.key === key);
  if (!study) throw new Error(`no ${key} study in the sample manifest`);
  return study;
}

const readout = (page: Page) => page.getByTestId('voi-readout').first();

/** Presses each key (the second first: key 1 is the header window the image opens with) and checks the window on screen. */
async function pressPresets(page: Page, viewport: Locator, expected: readonly Expected[]) {
  await viewport.click();
  for (const [key, name, width, center] of [expected[1]!, expected[0]!, ...expected.slice(2)]) {
    await page.keyboard.press(String(key));
    await expect(readout(page), `key ${key}: ${name}`).toHaveText(`W: ${width} L: ${center}`);
  }
}

/** Opens the shortcut sheet, checks the preset rows against `expected`, and returns the rows' texts for keys 1–9. */
async function checkSheet(page: Page, expected: readonly Expected[], caption: string): Promise<string[]> {
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  const table = sheet.getByRole('table', { name: caption });
  await expect(table).toBeVisible();
  for (const [key, name, width, center] of expected) {
    await expect(table.getByRole('row', { name: new RegExp(`^${key}\\s+${name} \\(W ${width} L ${center}\\)$`) })).toBeVisible();
  }
  const rows = await table.locator('tbody tr').allTextContents();
  expect(rows).toHaveLength(9);
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  return rows;
}

test('on the CT chest, keys 1–9 follow the header windows and the chest presets; the sheet and the menu name them', async ({ page, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  const viewport = await openStudy(page, chest.studyInstanceUID);
  await pressPresets(page, viewport, CHEST_KEYS);

  const rows = await checkSheet(page, CHEST_KEYS, 'Window presets for this image (chest, from Body Part Examined)');
  expect(rows.join('\n')).not.toMatch(/Brain|Subdural|Stroke/);
  // Key 5 is the image's full range; keys 6–9 have nothing to apply on this image and change nothing.
  const full = /^5\s*Full range \(W (-?[\d.]+) L (-?[\d.]+)\)$/.exec(rows[4]!);
  expect(full, rows[4]).not.toBeNull();
  expect(rows.slice(5).every((r) => /No preset for this image$/.test(r))).toBe(true);
  await viewport.click();
  await page.keyboard.press('5');
  await expect(readout(page)).toHaveText(`W: ${Math.round(Number(full![1]))} L: ${Math.round(Number(full![2]))}`);
  const afterFull = await readout(page).textContent();
  for (const key of ['6', '9']) {
    await page.keyboard.press(key);
    await expect(readout(page)).toHaveText(afterFull!);
  }

  // The menu shows the key beside each keyed preset, in key order; other built-in presets have none.
  const menu = page.getByRole('combobox', { name: 'Window preset' });
  await menu.focus();
  const options = await menu.locator('option:not([disabled])').allTextContents();
  expect(options.slice(0, 4)).toEqual(CHEST_KEYS.map(([key, name, width, center]) => `${key}: ${name} (W ${width} L ${center})`));
  expect(options[4]).toMatch(/^5: Full range/);
  await expect(menu.locator('optgroup[label="Other built-in (no key)"] option', { hasText: 'Brain' })).toHaveText('Brain (W 80 L 40)');
  await menu.selectOption({ label: 'Brain (W 80 L 40)' });
  await expect(readout(page)).toHaveText('W: 80 L: 40');
});

test('on the CT head, keys 1–9 follow the head presets', async ({ page, stack }) => {
  const head = studyByKey(stack.manifestPath, 'ct-head');
  expect(head.series[0]!.modality).toBe('CT');
  const viewport = await openStudy(page, head.studyInstanceUID);
  await pressPresets(page, viewport, HEAD_KEYS);
  const rows = await checkSheet(page, HEAD_KEYS, 'Window presets for this image (head, from Body Part Examined)');
  expect(rows[5]).toMatch(/^6\s*Full range/);
  expect(rows.join('\n')).not.toMatch(/Lung|Mediastinum/);
});

test('the reading toolbar is one row of named icon buttons at 1600 px, each tooltip naming its key', async ({ page, stack }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  const chest = currentCtChest(readManifest(stack.manifestPath));
  await openStudy(page, chest.studyInstanceUID);
  const toolbar = page.getByRole('toolbar', { name: 'Reading tools' });
  const length = toolbar.getByRole('button', { name: 'Length', exact: true });
  const bar = (await toolbar.boundingBox())!;
  const button = (await length.boundingBox())!;
  // One row: the bar is less than two buttons high (and within 48 px).
  expect(bar.height, `toolbar ${bar.height} px, a button ${button.height} px`).toBeLessThan(2 * button.height);
  expect(bar.height).toBeLessThanOrEqual(48);
  await toolbar.screenshot({ path: test.info().outputPath('reading-toolbar-1600.png') });
  const buttons = toolbar.getByRole('button');
  for (const b of await buttons.all()) {
    expect((await b.boundingBox())!.y, (await b.getAttribute('aria-label')) ?? '').toBeLessThan(bar.y + button.height);
    await expect(b).toHaveAccessibleName(/\S/);
  }
  for (const group of ['Navigation', 'Measurement', 'Window', 'View', 'Annotations']) await expect(toolbar.getByRole('group', { name: group })).toBeVisible();

  // Every tool and view action: its name, and a tooltip (title, also its description) naming its key.
  const named: ReadonlyArray<readonly [string, string]> = [
    ['Window/level', 'tool.windowLevel'],
    ['Pan', 'tool.pan'],
    ['Zoom', 'tool.zoom'],
    ['Scroll', 'tool.scroll'],
    ['Length', 'tool.length'],
    ['Angle', 'tool.angle'],
    ['Rectangle ROI', 'tool.rectangleRoi'],
    ['Ellipse ROI', 'tool.ellipseRoi'],
    ['Arrow', 'tool.arrow'],
    ['Probe', 'tool.probe'],
    ['Invert', 'view.invert'],
    ['Rotate 90°', 'view.rotate'],
    ['Flip horizontal', 'view.flipH'],
    ['Flip vertical', 'view.flipV'],
    ['Reset view', 'view.reset'],
    ['Undo', 'history.undo'],
    ['Redo', 'history.redo'],
    ['Delete annotation', 'annotation.delete'],
    ['Save annotations', 'annotations.save'],
    ['Shortcuts', 'help.shortcuts'],
  ];
  for (const [label, action] of named) {
    const key = displayChord(KEYMAP.find((k) => k.action === action)!.keys[0]!);
    const b = toolbar.getByRole('button', { name: label, exact: true });
    await expect(b).toHaveAttribute('title', `${label} (${key})`);
    await expect(b).toHaveAccessibleDescription(`${label} (${key})`);
  }
  // Icons, not words: the buttons have no visible text.
  await expect(length).toHaveText('');
  // The pressed tool is shown with aria-pressed.
  await length.click();
  await expect(length).toHaveAttribute('aria-pressed', 'true');
  await expect(toolbar.getByRole('button', { name: 'Window/level' })).toHaveAttribute('aria-pressed', 'false');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  test('the toolbar wraps inside the screen with touch targets of at least 40 px', async ({ page, stack }) => {
    const chest = currentCtChest(readManifest(stack.manifestPath));
    await page.goto(`/viewer?StudyInstanceUIDs=${chest.studyInstanceUID}&hangingProtocol=single`);
    const toolbar = page.getByRole('toolbar', { name: 'Reading tools' });
    await expect(toolbar).toBeVisible({ timeout: 30_000 });
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    const width = page.viewportSize()!.width;
    await toolbar.screenshot({ path: test.info().outputPath('reading-toolbar-phone.png') });
    for (const b of await toolbar.getByRole('button').all()) {
      const box = (await b.boundingBox())!;
      const name = await b.getAttribute('aria-label');
      expect(box.width, `${name} width`).toBeGreaterThanOrEqual(40);
      expect(box.height, `${name} height`).toBeGreaterThanOrEqual(40);
      expect(box.x + box.width, `${name} inside the screen`).toBeLessThanOrEqual(width);
    }
  });
});

/** Mean luminance of an element's pixels on screen, decoded in the page from a screenshot. */
async function screenLuminance(page: Page, element: Locator): Promise<number> {
  const png = (await element.screenshot()).toString('base64');
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += 0.2126 * d[i]! + 0.7152 * d[i + 1]! + 0.0722 * d[i + 2]!;
    return sum / (d.length / 4);
  }, png);
}

test('the overlay corner text keeps a dark outline and backdrop over a bright (inverted) image', async ({ page, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  const viewport = await openStudy(page, chest.studyInstanceUID);
  const box = (await viewport.boundingBox())!;
  // Zoom (right button, drag down) until the image covers the viewport's width, so the corners show the image.
  const zoomReadout = page.getByTestId('zoom-readout').first();
  const zoom = async () => Number(/Zoom ([\d.]+)/.exec((await zoomReadout.textContent()) ?? '')?.[1] ?? 1);
  const target = (box.width / box.height) * 1.1;
  const c = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  for (let i = 0; i < 8 && (await zoom()) < target; i++) {
    await page.mouse.move(c.x, c.y);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(c.x, c.y + box.height * 0.08, { steps: 6 });
    await page.mouse.up({ button: 'right' });
    await expect.poll(zoom).toBeGreaterThan(1);
  }
  expect(await zoom()).toBeGreaterThanOrEqual(target);
  await viewport.focus();
  await page.keyboard.press('i');
  // The patient's name (top left) lies over air in front of the body: white once inverted.
  const line = page.getByTestId('viewport-overlay').first().locator('.corner.top-left > div').first();
  await expect(line).toHaveText(/\S/);
  const at = (await line.boundingBox())!;
  await expect.poll(() => canvasMean(viewport, at.x + at.width / 2, at.y + at.height / 2, 4)).toBeGreaterThan(220);

  for (const l of [line, readout(page)]) {
    const style = await l.evaluate((el) => {
      const s = getComputedStyle(el);
      return { background: s.backgroundColor, shadow: s.textShadow };
    });
    const bg = /rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)/.exec(style.background)!;
    expect(Number(bg[1]) + Number(bg[2]) + Number(bg[3]), style.background).toBeLessThan(60);
    expect(Number(bg[4] ?? 1), style.background).toBeGreaterThanOrEqual(0.4);
    // An outline: dark shadows offset in all four diagonal directions, without blur.
    const hard = style.shadow.match(/rgb\(0, 0, 0\) -?1px -?1px 0px/g) ?? [];
    expect(hard.length, style.shadow).toBe(4);
  }
  await viewport.screenshot({ path: test.info().outputPath('overlay-inverted.png') });
  // And on screen: the name's box is clearly darker than the white image around it.
  expect(await screenLuminance(page, line)).toBeLessThan(170);
});
