import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/**
 * Opens a study by launch URL and waits until its first viewport shows image 1. Specs about one study
 * ask for `hangingProtocol=single` (the default here): a study with priors would otherwise be hung
 * beside its most relevant prior. `clip`: a multi-frame clip with a Frame Time plays on open, so by the
 * time it is looked at it may show any of its frames.
 */
export async function openStudy(
  page: Page,
  studyInstanceUID: string,
  hangingProtocol: 'single' | 'compare' = 'single',
  options: { clip?: boolean } = {},
): Promise<Locator> {
  await page.goto(`/viewer?StudyInstanceUIDs=${studyInstanceUID}&hangingProtocol=${hangingProtocol}`);
  const viewport = page.getByTestId('viewport').first();
  // The viewer's chunk is megabytes: on a busy machine it takes a while to load and parse.
  await expect(viewport).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('image-index').first()).toHaveText(options.clip ? /^Image \d+ \/ \d+$/ : /^Image 1 \/ \d+$/, { timeout: 30_000 });
  await expect(page.getByTestId('voi-readout').first()).toHaveText(/W: -?\d+ L: -?\d+/);
  return viewport;
}

/** Scrolls the viewport with the wheel until it shows the 0-based image `index`. */
export async function goToImage(page: Page, viewport: Locator, index: number): Promise<void> {
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const indexText = page.getByTestId('image-index').first();
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = Number(/Image (\d+)/.exec((await indexText.textContent()) ?? '')![1]) - 1;
    if (current === index) return;
    const steps = Math.abs(index - current);
    for (let i = 0; i < steps; i++) await page.mouse.wheel(0, index > current ? 100 : -100);
    await page.waitForTimeout(150);
  }
  await expect(indexText).toHaveText(new RegExp(`^Image ${index + 1} / `));
}

/**
 * The page point over the centre of image pixel (column, row) with the viewport's initial display:
 * Cornerstone fits the whole image into the element and centres it. Computed from sizes only, so
 * the app's own coordinate code is checked rather than trusted.
 */
export async function imagePixelToPage(viewport: Locator, columns: number, rows: number, column: number, row: number): Promise<{ x: number; y: number }> {
  const box = (await viewport.boundingBox())!;
  const scale = Math.min(box.width / columns, box.height / rows);
  return {
    x: box.x + box.width / 2 + (column + 0.5 - columns / 2) * scale,
    y: box.y + box.height / 2 + (row + 0.5 - rows / 2) * scale,
  };
}

/**
 * Moves the pointer over an image pixel and returns the pixel readout's text once it names that pixel.
 * With `tolerance` (image pixels), a readout naming a pixel that near is accepted: where one screen pixel
 * covers several image pixels (a large image fitted small), the pointer cannot aim at one of them.
 */
export async function readPixel(
  page: Page,
  viewport: Locator,
  size: { columns: number; rows: number },
  column: number,
  row: number,
  tolerance = 0,
): Promise<string> {
  const p = await imagePixelToPage(viewport, size.columns, size.rows, column, row);
  await page.mouse.move(p.x, p.y);
  const readout = page.getByTestId('pixel-readout').first();
  await expectReadoutAt(readout, column, row, tolerance);
  return (await readout.textContent())!;
}

/** Waits until a pixel readout names the image pixel (column, row), or one within `tolerance` pixels of it. */
export async function expectReadoutAt(readout: Locator, column: number, row: number, tolerance = 0): Promise<void> {
  if (tolerance === 0) {
    await expect(readout).toHaveText(new RegExp(`^X: ${column} Y: ${row} `));
    return;
  }
  await expect
    .poll(
      async () => {
        const named = /^X: (\d+) Y: (\d+) /.exec((await readout.textContent()) ?? '');
        return named !== null && Math.abs(Number(named[1]) - column) <= tolerance && Math.abs(Number(named[2]) - row) <= tolerance;
      },
      { message: `pixel readout within ${tolerance} pixel(s) of X: ${column} Y: ${row}` },
    )
    .toBe(true);
}

/** Reads the on-screen canvas pixel at a page point (RGB). */
export async function canvasPixel(viewport: Locator, x: number, y: number): Promise<[number, number, number]> {
  const box = (await viewport.boundingBox())!;
  return viewport
    .locator('canvas')
    .first()
    .evaluate(
      (node, at) => {
        const canvas = node as HTMLCanvasElement;
        const ratio = canvas.width / canvas.getBoundingClientRect().width;
        // A copy made for reading (see canvasStats: no readback warnings in the page's console).
        const copy = document.createElement('canvas');
        copy.width = 1;
        copy.height = 1;
        const ctx = copy.getContext('2d', { willReadFrequently: true })!;
        ctx.drawImage(canvas, Math.round(at.x * ratio), Math.round(at.y * ratio), 1, 1, 0, 0, 1, 1);
        const d = ctx.getImageData(0, 0, 1, 1).data;
        return [d[0]!, d[1]!, d[2]!] as [number, number, number];
      },
      { x: x - box.x, y: y - box.y },
    );
}

/** Mean grey (red channel) of the canvas in a small square around a page point. */
export async function canvasMean(viewport: Locator, x: number, y: number, half = 6): Promise<number> {
  const box = (await viewport.boundingBox())!;
  return viewport
    .locator('canvas')
    .first()
    .evaluate(
      (node, at) => {
        const canvas = node as HTMLCanvasElement;
        const ratio = canvas.width / canvas.getBoundingClientRect().width;
        const size = Math.max(1, Math.round(at.half * 2 * ratio));
        const copy = document.createElement('canvas');
        copy.width = size;
        copy.height = size;
        const ctx = copy.getContext('2d', { willReadFrequently: true })!;
        ctx.drawImage(canvas, Math.round((at.x - at.half) * ratio), Math.round((at.y - at.half) * ratio), size, size, 0, 0, size, size);
        const d = ctx.getImageData(0, 0, size, size).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) sum += d[i]!;
        return sum / (d.length / 4);
      },
      { x: x - box.x, y: y - box.y, half },
    );
}

/** The grey (red channel) of every screen pixel of one row (at page y) or one column (at page x) of a viewport's canvas. */
export async function canvasLine(viewport: Locator, at: { y: number } | { x: number }): Promise<number[]> {
  const box = (await viewport.boundingBox())!;
  const line = 'y' in at ? { row: true, at: at.y - box.y, length: box.width } : { row: false, at: at.x - box.x, length: box.height };
  return viewport
    .locator('canvas')
    .first()
    .evaluate((node, l) => {
      const canvas = node as HTMLCanvasElement;
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      const [width, height] = l.row ? [canvas.width, 1] : [1, canvas.height];
      const copy = document.createElement('canvas');
      copy.width = width;
      copy.height = height;
      const ctx = copy.getContext('2d', { willReadFrequently: true })!;
      const offset = Math.round(l.at * ratio);
      ctx.drawImage(canvas, l.row ? 0 : offset, l.row ? offset : 0, width, height, 0, 0, width, height);
      const d = ctx.getImageData(0, 0, width, height).data;
      return Array.from({ length: Math.floor(l.length) }, (_, i) => d[Math.round(i * ratio) * 4]!);
    }, line);
}

/** Drags with the left button from one page point to another. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  // Let the viewer handle the last moves before releasing (a busy machine delays them; Cornerstone ends a
  // drawing where the last handled move left it).
  await page.waitForTimeout(150);
  await page.mouse.move(to.x, to.y);
  await page.waitForTimeout(50);
  await page.mouse.up();
}

/**
 * Fault injection on a series' single frame requests must not be bypassed by frame batches (the launch's
 * first frames, background prefetch): the gateway's batches for that series answer 503, so every frame of
 * it takes the single-frame path (which is what a failed batch leads to anyway).
 */
export async function withoutFrameBatches(page: Page, seriesInstanceUID: string): Promise<void> {
  await page.route(`**/series/${seriesInstanceUID}/frames-batch?*`, (route) =>
    route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'injected: no batches for this series' }) }),
  );
}
