import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { canvasStats } from './support/canvas.ts';
import { centreOf, expectImageFullWidth, Fingers, PHONE_LANDSCAPE, PHONE_PORTRAIT, TABLET_LANDSCAPE } from './support/touch.ts';
import { expectReadoutAt, imagePixelToPage, openStudy } from './support/viewer.ts';
import { studyByKey } from './support/viewer-layout.ts';

/** The 1-based image number of the first viewport's overlay ("Image 12 / 240"). */
async function imageNumber(page: Page): Promise<number> {
  return Number(/Image (\d+)/.exec((await page.getByTestId('image-index').first().textContent()) ?? '')?.[1]);
}

/** The value of the first viewport's zoom overlay ("Zoom 1.35×"). */
async function zoomValue(page: Page): Promise<number> {
  return Number(/Zoom ([\d.]+)/.exec((await page.getByTestId('zoom-readout').first().textContent()) ?? '')?.[1]);
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every pair of overlay blocks (corner texts, orientation markers) that overlap on screen, by name. */
async function overlappingOverlays(viewportSlot: Locator): Promise<string[]> {
  const named: [string, Locator][] = [
    ['top-left', viewportSlot.locator('.viewport-overlay .top-left')],
    ['top-right', viewportSlot.locator('.viewport-overlay .top-right')],
    ['bottom-left', viewportSlot.locator('.viewport-overlay .bottom-left')],
    ['bottom-right', viewportSlot.locator('.viewport-overlay .bottom-right')],
    ...(['top', 'bottom', 'left', 'right'] as const).map((side): [string, Locator] => [`marker-${side}`, viewportSlot.getByTestId(`marker-${side}`)]),
  ];
  const boxes: [string, Box][] = [];
  for (const [name, locator] of named) {
    const box = await locator.boundingBox();
    if (box && box.width > 0 && box.height > 0) boxes.push([name, box]);
  }
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i]![1], boxes[j]![1])) found.push(`${boxes[i]![0]} × ${boxes[j]![0]}`);
  return found;
}

/** A point of the pixel readout's value ("X: 20 Y: 21 Value: -1000 HU" → -1000). */
async function readoutValue(page: Page): Promise<number> {
  return Number(/Value: (-?\d+)/.exec((await page.getByTestId('pixel-readout').first().textContent()) ?? '')?.[1]);
}

test.describe('phone, portrait (390 × 844, touch)', () => {
  test.use(PHONE_PORTRAIT);

  test('the first image fills the width; swipe scrolls, pinch zooms, two fingers pan; the drawer lists the series', async ({ page, stack }) => {
    const manifest = readManifest(stack.manifestPath);
    const chest = currentCtChest(manifest);
    const ct = chest.series.find((s) => s.modality === 'CT' && s.instances.length >= 200)!;
    const size = { columns: ct.instances[0]!.columns, rows: ct.instances[0]!.rows };
    const viewport = await openStudy(page, chest.studyInstanceUID);
    await expectImageFullWidth(page, viewport);
    // The right image, at the right place: the readout under a corner of the image is the air outside the body.
    const corner = await imagePixelToPage(viewport, size.columns, size.rows, 21, 21);
    await page.mouse.move(corner.x, corner.y);
    await expectReadoutAt(page.getByTestId('pixel-readout').first(), 21, 21, 1);
    expect(await readoutValue(page)).toBe(-1000);
    expect(await overlappingOverlays(page.getByTestId('viewport-slot').first())).toEqual([]);
    // Cornerstone ignores a touch that comes within 2 s of a mouse event (its guard against the mouse events
    // a phone sends after a tap); the readout above was read with the mouse.
    await page.waitForTimeout(2100);

    const fingers = await Fingers.on(page);
    const c = await centreOf(viewport);

    // One finger, vertical swipe: the slice changes (down: further into the stack).
    expect(await imageNumber(page)).toBe(1);
    await fingers.swipe({ x: c.x, y: c.y - 150 }, { x: c.x, y: c.y + 150 });
    await expect.poll(() => imageNumber(page)).toBeGreaterThan(1);
    const afterSwipe = await imageNumber(page);
    await fingers.swipe({ x: c.x, y: c.y + 100 }, { x: c.x, y: c.y - 100 });
    await expect.poll(() => imageNumber(page)).toBeLessThan(afterSwipe);
    // A swipe does not window or zoom.
    await expect(page.getByTestId('zoom-readout').first()).toHaveText('Zoom 1.00×');

    // Pinch out: the zoom overlay grows; the window stays.
    const window = await page.getByTestId('voi-readout').first().textContent();
    await fingers.pinch(c, 60, 220);
    await expect.poll(() => zoomValue(page)).toBeGreaterThan(1.1);
    await expect(page.getByTestId('voi-readout').first()).toHaveText(window!);

    // Two fingers dragged together pan: the picture moves, slice, window and zoom (nearly) stay.
    const zoomBefore = await zoomValue(page);
    const slice = await imageNumber(page);
    const before = (await canvasStats(viewport)).checksum;
    await fingers.twoFingerDrag(c, 90, 0);
    await expect.poll(async () => (await canvasStats(viewport)).checksum).not.toBe(before);
    expect(Math.abs((await zoomValue(page)) - zoomBefore)).toBeLessThan(0.1);
    expect(await imageNumber(page)).toBe(slice);
    await expect(page.getByTestId('voi-readout').first()).toHaveText(window!);

    // The drawer: a labelled button, the series inside, Escape closes it and focus returns.
    const drawerButton = page.getByRole('button', { name: 'Series', exact: true });
    await expect(drawerButton).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('navigation', { name: 'Series' })).toBeHidden();
    await drawerButton.tap();
    await expect(drawerButton).toHaveAttribute('aria-expanded', 'true');
    const browser = page.getByRole('navigation', { name: 'Series' });
    await expect(browser).toBeVisible();
    await expect(browser.getByTestId('series-card')).toHaveCount(chest.series.length);
    await expect(browser.locator(`[data-series-uid="${ct.seriesInstanceUID}"]`)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Priors' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(drawerButton).toHaveAttribute('aria-expanded', 'false');
    await expect(browser).toBeHidden();
    await expect(drawerButton).toBeFocused();
  });

  test('W/L touch mode windows with one finger; presets and the other tools are reachable by touch', async ({ page, stack }) => {
    const manifest = readManifest(stack.manifestPath);
    const chest = currentCtChest(manifest);
    const ct = chest.series.find((s) => s.modality === 'CT' && s.instances.length >= 200)!;
    const size = { columns: ct.instances[0]!.columns, rows: ct.instances[0]!.rows };
    const viewport = await openStudy(page, chest.studyInstanceUID);
    const fingers = await Fingers.on(page);
    const c = await centreOf(viewport);
    const voi = page.getByTestId('voi-readout').first();
    const initialWindow = (await voi.textContent())!;

    // W/L mode: one finger windows and no longer scrolls.
    const wl = page.getByRole('button', { name: 'W/L', exact: true });
    await expect(wl).toHaveAttribute('aria-pressed', 'false');
    await wl.tap();
    await expect(wl).toHaveAttribute('aria-pressed', 'true');
    await fingers.swipe({ x: c.x - 60, y: c.y - 60 }, { x: c.x + 60, y: c.y + 60 });
    await expect(voi).not.toHaveText(initialWindow);
    expect(await imageNumber(page)).toBe(1);
    // Back to scrolling.
    await wl.tap();
    await fingers.swipe({ x: c.x, y: c.y - 150 }, { x: c.x, y: c.y + 150 });
    await expect.poll(() => imageNumber(page)).toBeGreaterThan(1);

    // The window presets: a tap opens the menu, a choice applies it.
    const presets = page.getByRole('combobox', { name: 'Window preset' });
    await expect(presets).toBeVisible();
    await presets.tap();
    await presets.selectOption({ label: '2: LUNG (W 1500 L -600)' });
    await expect(voi).toHaveText('W: 1500 L: -600');

    // Reset is at hand; every other tool is under "More tools" (Escape closes it, focus returns).
    await page.getByRole('button', { name: 'Reset view' }).tap();
    await expect(voi).toHaveText(initialWindow);
    const more = page.getByRole('button', { name: 'More tools' });
    await expect(page.getByRole('button', { name: 'Length', exact: true })).toBeHidden();
    await more.tap();
    await expect(more).toHaveAttribute('aria-expanded', 'true');
    for (const name of ['Length', 'Invert', 'Rotate 90°', 'Undo', 'Shortcuts']) await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(more).toHaveAttribute('aria-expanded', 'false');
    await expect(more).toBeFocused();
    // Choosing a tool there closes the menu and puts the tool on the finger: a length is drawn by touch.
    await more.tap();
    await page.getByRole('button', { name: 'Length', exact: true }).tap();
    await expect(more).toHaveAttribute('aria-expanded', 'false');
    const from = await imagePixelToPage(viewport, size.columns, size.rows, 150, 256);
    const to = await imagePixelToPage(viewport, size.columns, size.rows, 350, 256);
    const index = await imageNumber(page);
    await fingers.swipe(from, to);
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-testid="viewport"] svg text').length)).toBeGreaterThan(0);
    expect(await imageNumber(page)).toBe(index);
  });

  test('a study and its prior are compared one above the other, each across the width', async ({ page, stack }) => {
    const chest = currentCtChest(readManifest(stack.manifestPath));
    await openStudy(page, chest.studyInstanceUID, 'compare');
    await expect(page.getByRole('button', { name: 'Layout 2×1' })).toHaveAttribute('aria-pressed', 'true', { timeout: 60_000 });
    const slots = page.getByTestId('viewport-slot');
    await expect(slots).toHaveCount(2);
    await expect(slots.nth(1).getByTestId('image-index')).toHaveText(/^Image 1 \/ \d+$/, { timeout: 30_000 });
    const [top, bottom] = [(await slots.nth(0).boundingBox())!, (await slots.nth(1).boundingBox())!];
    expect(bottom.y).toBeGreaterThanOrEqual(top.y + top.height - 4);
    for (const box of [top, bottom]) expect(box.width).toBeGreaterThan(390 - 8);
  });

  test('a single radiograph: one finger pans it, or windows it in W/L mode', async ({ page, stack }) => {
    const dx = studyByKey(readManifest(stack.manifestPath), 'dx-chest');
    const viewport = await openStudy(page, dx.studyInstanceUID);
    await expectImageFullWidth(page, viewport);
    const fingers = await Fingers.on(page);
    const c = await centreOf(viewport);
    const voi = page.getByTestId('voi-readout').first();
    const window = (await voi.textContent())!;

    // One finger pans: the picture moves, window and zoom stay (there is no slice to scroll to).
    const before = (await canvasStats(viewport)).checksum;
    await fingers.swipe({ x: c.x - 40, y: c.y - 80 }, { x: c.x + 40, y: c.y + 80 });
    await expect.poll(async () => (await canvasStats(viewport)).checksum).not.toBe(before);
    await expect(voi).toHaveText(window);
    await expect(page.getByTestId('zoom-readout').first()).toHaveText('Zoom 1.00×');

    // W/L mode: the same drag windows.
    await page.getByRole('button', { name: 'W/L', exact: true }).tap();
    await fingers.swipe({ x: c.x - 40, y: c.y - 80 }, { x: c.x + 40, y: c.y + 80 });
    await expect(voi).not.toHaveText(window);
  });
});

test.describe('phone, landscape (844 × 390, touch)', () => {
  test.use(PHONE_LANDSCAPE);

  test('the image takes the width and the height left by one toolbar row; swipe scrolls', async ({ page, stack }) => {
    const chest = currentCtChest(readManifest(stack.manifestPath));
    const viewport = await openStudy(page, chest.studyInstanceUID);
    await expectImageFullWidth(page, viewport);
    // Both toolbars share one row: the viewport keeps more than half the screen's height.
    expect((await viewport.boundingBox())!.height).toBeGreaterThan(390 / 2);
    expect(await overlappingOverlays(page.getByTestId('viewport-slot').first())).toEqual([]);
    const fingers = await Fingers.on(page);
    const c = await centreOf(viewport);
    await fingers.swipe({ x: c.x, y: c.y - 70 }, { x: c.x, y: c.y + 70 });
    await expect.poll(() => imageNumber(page)).toBeGreaterThan(1);
    await fingers.pinch(c, 60, 200);
    await expect.poll(() => zoomValue(page)).toBeGreaterThan(1.1);
  });
});

test.describe('tablet, landscape (1024 × 768, touch)', () => {
  test.use(TABLET_LANDSCAPE);

  test('the side panels collapse and the image gets their width; overlays do not overlap', async ({ page, stack }) => {
    const chest = currentCtChest(readManifest(stack.manifestPath));
    const viewport = await openStudy(page, chest.studyInstanceUID);
    const slotOne = page.getByTestId('viewport-slot').first();
    const series = page.getByRole('button', { name: 'Series', exact: true });
    const priors = page.getByRole('button', { name: 'Priors', exact: true });
    await expect(page.getByRole('navigation', { name: 'Series' })).toBeVisible();
    await expect(series).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('region', { name: 'Priors' })).toBeVisible();
    expect(await overlappingOverlays(slotOne)).toEqual([]);
    const width = async () => (await viewport.locator('canvas').first().boundingBox())!.width;
    const withPanels = await width();

    await series.tap();
    await expect(series).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('navigation', { name: 'Series' })).toBeHidden();
    await expect.poll(width).toBeGreaterThan(withPanels + 150);
    const withPriorsOnly = await width();
    await priors.tap();
    await expect(page.getByRole('region', { name: 'Priors' })).toBeHidden();
    await expect.poll(width).toBeGreaterThan(withPriorsOnly + 150);
    expect(await width()).toBeGreaterThan(1024 - 12);
    expect(await overlappingOverlays(slotOne)).toEqual([]);
    // The image is refitted, not cropped: still zoom 1 (fitted), and drawn.
    await expect(page.getByTestId('zoom-readout').first()).toHaveText('Zoom 1.00×');
    await expectImageFullWidth(page, viewport);

    // Open again: back to the width with panels.
    await series.tap();
    await priors.tap();
    await expect.poll(width).toBeLessThan(withPanels + 2);
    // The W/L touch mode is offered on a touch screen here too.
    await expect(page.getByRole('button', { name: 'W/L', exact: true })).toBeVisible();
  });
});
