import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { readManifest, type ManifestStudy } from './support/samples.ts';
import { drag, expectReadoutAt, goToImage, imagePixelToPage } from './support/viewer.ts';
import { slot, studyByKey, viewerUrl } from './support/viewer-layout.ts';

/**
 * Reading ergonomics (issue 14): images refit when a viewport's size changes unless the reader zoomed,
 * choosing another prior leaves the current study where it was, clips play on open, and zoom/pan sync
 * is off between modalities.
 */

const imageIndex = (viewport: Locator) => viewport.getByTestId('image-index');
const zoomText = (viewport: Locator) => viewport.getByTestId('zoom-readout');

function ctSize(study: ManifestStudy): { columns: number; rows: number } {
  const { columns, rows } = study.series[0]!.instances[0]!;
  return { columns, rows };
}

/**
 * The image is fitted to the viewport as on first display: pixels near its left and right (and top and
 * bottom) edges are where a fit-and-centre computed from the sizes alone puts them, as the pixel readout
 * (the app's own mapping from pointer to image) confirms, give or take one pixel (the pointer lands on
 * whole screen pixels). A cropped or shrunken image is off by dozens of pixels and fails here.
 */
async function expectFitted(page: Page, frame: Locator, size: { columns: number; rows: number }): Promise<void> {
  await expect(zoomText(frame)).toHaveText('Zoom 1.00×');
  const viewport = frame.getByTestId('viewport');
  const readout = frame.getByTestId('pixel-readout');
  const probes: [number, number][] = [
    [3, Math.floor(size.rows / 2)],
    [size.columns - 4, Math.floor(size.rows / 2)],
    [Math.floor(size.columns / 2), 3],
    [Math.floor(size.columns / 2), size.rows - 4],
  ];
  for (const [column, row] of probes) {
    const at = await imagePixelToPage(viewport, size.columns, size.rows, column, row);
    await page.mouse.move(at.x, at.y);
    await expectReadoutAt(readout, column, row, 1);
  }
}

/** The image pixel under the viewport's centre, from the pixel readout. */
async function pixelAtCentre(page: Page, frame: Locator): Promise<[number, number]> {
  const box = (await frame.getByTestId('viewport').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const readout = frame.getByTestId('pixel-readout');
  await expect(readout).toHaveText(/^X: \d+ Y: \d+ /);
  const [, x, y] = /^X: (\d+) Y: (\d+) /.exec((await readout.textContent())!)!;
  return [Number(x), Number(y)];
}

/** Zooms with the right button (the zoom binding of every tool) in a viewport. */
async function zoomIn(page: Page, frame: Locator, pixels = 80): Promise<void> {
  const box = (await frame.getByTestId('viewport').boundingBox())!;
  const c = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(c.x, c.y);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(c.x, c.y - pixels, { steps: 10 });
  await page.waitForTimeout(150);
  await page.mouse.up({ button: 'right' });
}

test('the current CT refits when its prior is hung beside it, instead of keeping the 1×1 scale', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const current = studyByKey(manifest, 'ct-chest-current');
  const prior = studyByKey(manifest, 'ct-chest-prior');
  // The current is shown alone first; the priors are looked for once its first image is drawn.
  await page.goto(`/viewer?StudyInstanceUIDs=${current.studyInstanceUID}&hangingProtocol=compare`);
  const left = slot(page, 1);
  await expect(page.getByTestId('viewport-slot')).toHaveCount(2, { timeout: 60_000 });
  await expect(imageIndex(left)).toHaveText(`Image 1 / ${current.series[0]!.instances.length}`, { timeout: 30_000 });
  await expect(imageIndex(slot(page, 2))).toHaveText(`Image 1 / ${prior.series[0]!.instances.length}`, { timeout: 30_000 });
  await expectFitted(page, left, ctSize(current));
  await expectFitted(page, slot(page, 2), ctSize(prior));
});

test('layout changes refit a fitted image; a zoom the reader chose is kept, and Reset fits again', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const current = studyByKey(manifest, 'ct-chest-current');
  const size = ctSize(current);
  await page.goto(`/viewer?StudyInstanceUIDs=${current.studyInstanceUID}&hangingProtocol=single`);
  const first = slot(page, 1);
  await expect(imageIndex(first)).toHaveText(`Image 1 / ${current.series[0]!.instances.length}`, { timeout: 30_000 });
  await expectFitted(page, first, size);

  const layouts = page.getByRole('group', { name: 'Layout' });
  for (const layout of ['1×2', '2×2', '2×1', '1×1']) {
    await layouts.getByRole('button', { name: `Layout ${layout}` }).click();
    await expect(layouts.getByRole('button', { name: `Layout ${layout}` })).toHaveAttribute('aria-pressed', 'true');
    await expectFitted(page, first, size);
  }

  // The reader zooms: the zoom (relative to the fit) and the image point at the centre survive layouts.
  await zoomIn(page, first);
  await expect(zoomText(first)).not.toHaveText('Zoom 1.00×');
  const zoomed = (await zoomText(first).textContent())!;
  const [cx, cy] = await pixelAtCentre(page, first);
  for (const layout of ['2×2', '1×2']) {
    await layouts.getByRole('button', { name: `Layout ${layout}` }).click();
    await expect(layouts.getByRole('button', { name: `Layout ${layout}` })).toHaveAttribute('aria-pressed', 'true');
    await expect(zoomText(first)).toHaveText(zoomed);
    const [x, y] = await pixelAtCentre(page, first);
    expect(Math.abs(x - cx), `centre column after ${layout}`).toBeLessThanOrEqual(1);
    expect(Math.abs(y - cy), `centre row after ${layout}`).toBeLessThanOrEqual(1);
  }

  // Reset (Space) shows the image as first displayed; the next layout change fits it again.
  await first.getByTestId('viewport').focus();
  await page.keyboard.press(' ');
  await expect(zoomText(first)).toHaveText('Zoom 1.00×');
  await layouts.getByRole('button', { name: 'Layout 1×1' }).click();
  await expectFitted(page, first, size);
});

test('choosing another prior keeps the current study on its image, zoom and window', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const current = studyByKey(manifest, 'ct-chest-current');
  const prior = studyByKey(manifest, 'ct-chest-prior');
  const older = studyByKey(manifest, 'ct-chest-older');
  const cr = studyByKey(manifest, 'cr-chest-prior');
  await page.goto(`/viewer?StudyInstanceUIDs=${current.studyInstanceUID}&hangingProtocol=compare`);
  const left = slot(page, 1);
  const right = slot(page, 2);
  const total = current.series[0]!.instances.length;
  await expect(right).toHaveAttribute('data-series-uid', prior.series[0]!.seriesInstanceUID, { timeout: 60_000 });
  await expect(imageIndex(right)).toHaveText(`Image 1 / ${prior.series[0]!.instances.length}`, { timeout: 30_000 });

  // Image 40, a zoom and a window of the reader's own in the current viewport.
  await goToImage(page, left.getByTestId('viewport'), 39);
  await expect(imageIndex(left)).toHaveText(`Image 40 / ${total}`);
  await zoomIn(page, left);
  await expect(zoomText(left)).not.toHaveText('Zoom 1.00×');
  const box = (await left.getByTestId('viewport').boundingBox())!;
  const c = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const voi = left.getByTestId('voi-readout');
  const windowBefore = (await voi.textContent())!;
  await drag(page, c, { x: c.x + 70, y: c.y + 30 });
  await expect(voi).not.toHaveText(windowBefore);
  const zoom = (await zoomText(left).textContent())!;
  const window = (await voi.textContent())!;
  const centre = await pixelAtCentre(page, left);

  // Another prior from the priors panel.
  const others = page.getByRole('region', { name: 'Priors' }).getByRole('list', { name: 'Other studies of this patient' });
  await others.locator(`[data-study-uid="${older.studyInstanceUID}"]`).getByRole('link').click();
  await expect(right).toHaveAttribute('data-series-uid', older.series[0]!.seriesInstanceUID);
  await expect(right.getByTestId('comparison-label')).toHaveText('PRIOR 2020-09-15');
  await expect(imageIndex(right)).toHaveText(new RegExp(`^Image \\d+ / ${older.series[0]!.instances.length}$`), { timeout: 30_000 });
  await expect(right.getByTestId('voi-readout')).toHaveText(window);
  // The current viewport is where the reader left it; the new prior follows it (same modality: zoom and window synced).
  await expect(imageIndex(left)).toHaveText(`Image 40 / ${total}`);
  await expect(zoomText(left)).toHaveText(zoom);
  await expect(voi).toHaveText(window);
  await expect(zoomText(right)).toHaveText(zoom);
  expect(await pixelAtCentre(page, left)).toEqual(centre);

  // A radiograph beside the CT: window and zoom/pan sync are off (different modalities); the CT stays.
  const heightOf = async (s: typeof left) => Math.round((await s.getByTestId('viewport').boundingBox())!.height);
  const ctHeight = await heightOf(left);
  await others.locator(`[data-study-uid="${cr.studyInstanceUID}"]`).getByRole('link').click();
  await expect(right).toHaveAttribute('data-series-uid', cr.series[0]!.seriesInstanceUID);
  await expect(imageIndex(right)).toHaveText('Image 1 / 1', { timeout: 30_000 });
  // Neither image jumps: the control row under a viewport keeps one height (cine controls, one image's slider, loading).
  expect(await heightOf(left)).toBe(ctHeight);
  expect(await heightOf(right)).toBe(ctHeight);
  const group = page.getByRole('group', { name: 'Comparison sync' });
  for (const name of [/Sync window/, /Sync zoom\/pan/]) {
    await expect(group.getByRole('button', { name })).toBeDisabled();
    await expect(group.getByRole('button', { name })).toHaveAttribute('aria-pressed', 'false');
  }
  await expect(imageIndex(left)).toHaveText(`Image 40 / ${total}`);
  await expect(zoomText(left)).toHaveText(zoom);
  await expect(voi).toHaveText(window);
  // The radiograph keeps its own fit: the CT's zoom is not pushed onto it.
  await expect(zoomText(right)).toHaveText('Zoom 1.00×');
  await zoomIn(page, left, 40);
  await expect(zoomText(left)).not.toHaveText(zoom);
  await expect(zoomText(right)).toHaveText('Zoom 1.00×');
});

test('a multi-frame clip with a Frame Time plays on open; a single radiograph has no cine controls', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const palette = studyByKey(manifest, 'us-palette');
  const clip = palette.series.find((s) => s.instances[0]!.frames >= 10)!;
  await page.goto(viewerUrl([palette], [clip.seriesInstanceUID]) + '&hangingProtocol=single');
  const frame = slot(page, 1);
  await expect(frame).toHaveAttribute('data-series-uid', clip.seriesInstanceUID, { timeout: 60_000 });
  const pause = frame.getByRole('button', { name: 'Pause cine in viewport 1' });
  await expect(pause).toHaveAttribute('aria-pressed', 'true', { timeout: 90_000 });
  // 40 ms Frame Time: 25 frames per second.
  await expect(frame.getByRole('spinbutton', { name: 'Cine frames per second in viewport 1' })).toHaveValue('25');
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        seen.add((await imageIndex(frame).textContent()) ?? '');
        return seen.size;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(3);
  // The reader stops it by key.
  await frame.getByTestId('viewport').focus();
  await page.keyboard.press('c');
  const play = frame.getByRole('button', { name: 'Play cine in viewport 1' });
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  const stopped = (await imageIndex(frame).textContent())!;
  await page.waitForTimeout(500);
  await expect(imageIndex(frame)).toHaveText(stopped);

  const dx = studyByKey(manifest, 'dx-chest');
  await page.goto(viewerUrl([dx]) + '&hangingProtocol=single');
  await expect(imageIndex(slot(page, 1))).toHaveText('Image 1 / 1', { timeout: 30_000 });
  await expect(slot(page, 1).getByRole('button', { name: /cine/i })).toHaveCount(0);
  await expect(slot(page, 1).getByRole('spinbutton', { name: /cine/i })).toHaveCount(0);
});
