import { test, expect } from './support/fixtures.ts';
import { canvasStats } from './support/canvas.ts';
import { readManifest } from './support/samples.ts';
import { slot, studyByKey, timingMarks, viewerUrl } from './support/viewer-layout.ts';

test('keyboard, slider and timing marks on the CT head', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const head = studyByKey(manifest, 'ct-head');
  const series = head.series[0]!;
  const total = series.instances.length;
  // One viewport (the CT head protocol would hang the series twice, brain and bone windows).
  await page.goto(`${viewerUrl([head])}&hangingProtocol=single`);
  const index = page.getByTestId('image-index');
  const viewport = page.getByTestId('viewport');
  await expect(index).toHaveText(`Image 1 / ${total}`);
  await expect.poll(async () => (await canvasStats(viewport)).nonBlack, { timeout: 30_000 }).toBeGreaterThan(500);

  // rr:first-image names the series and its image count.
  await expect.poll(async () => (await timingMarks(page, 'rr:first-image')).length).toBe(1);
  expect((await timingMarks(page, 'rr:first-image'))[0]!.detail).toEqual({ seriesInstanceUID: series.seriesInstanceUID, total });
  // rr:series-loaded once every frame is in the cache.
  await expect
    .poll(async () => (await timingMarks(page, 'rr:series-loaded')).map((m) => m.detail), { timeout: 60_000 })
    .toEqual([{ seriesInstanceUID: series.seriesInstanceUID, n: total }]);

  // Keyboard navigation on the active viewport.
  await viewport.click();
  await page.keyboard.press('ArrowDown');
  await expect(index).toHaveText(`Image 2 / ${total}`);
  await page.keyboard.press('ArrowRight');
  await expect(index).toHaveText(`Image 3 / ${total}`);
  await page.keyboard.press('ArrowUp');
  await expect(index).toHaveText(`Image 2 / ${total}`);
  await page.keyboard.press('PageDown');
  await expect(index).toHaveText(`Image 12 / ${total}`);
  await page.keyboard.press('End');
  await expect(index).toHaveText(`Image ${total} / ${total}`);
  await page.keyboard.press('PageUp');
  await expect(index).toHaveText(`Image ${total - 10} / ${total}`);
  await page.keyboard.press('Home');
  await expect(index).toHaveText(`Image 1 / ${total}`);

  // Every new slice drawn in the active viewport is recorded, 0-based.
  const slices = (await timingMarks(page, 'rr:slice-rendered')).map((m) => m.detail);
  expect(slices).toContainEqual({ index: total - 1, total });
  expect(slices).toContainEqual({ index: 11, total });
  expect(slices.at(-1)).toEqual({ index: 0, total });

  // The slider (a labelled range input) moves through the stack too.
  const slider = slot(page, 1).getByRole('slider', { name: 'Image in viewport 1' });
  await slider.fill('20');
  await expect(index).toHaveText(`Image 20 / ${total}`);
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(index).toHaveText(`Image 21 / ${total}`);
  await expect(slider).toHaveValue('21');
});

test('the US multi-frame clip plays on open at its Frame Time rate, pauses, and plays again by button and key', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const us = studyByKey(manifest, 'us-echo');
  await page.goto(viewerUrl([us]));
  const index = page.getByTestId('image-index');
  await expect(index).toHaveText(/^Image \d+ \/ 20$/, { timeout: 30_000 });
  const fps = page.getByRole('spinbutton', { name: 'Cine frames per second in viewport 1' });
  // Frame Time 40 ms → 25 frames per second.
  await expect(fps).toHaveValue('25');

  // A clip with a Frame Time plays by itself once shown.
  const pause = page.getByRole('button', { name: 'Pause cine in viewport 1' });
  await expect(pause).toHaveAttribute('aria-pressed', 'true', { timeout: 30_000 });
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        seen.add((await index.textContent()) ?? '');
        return seen.size;
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(3);

  const play = page.getByRole('button', { name: 'Play cine in viewport 1' });
  await pause.click();
  await expect(play).toHaveAttribute('aria-pressed', 'false');
  const stopped = await index.textContent();
  await page.waitForTimeout(600);
  await expect(index).toHaveText(stopped!);

  await play.click();
  await expect(pause).toHaveAttribute('aria-pressed', 'true');
  await expect(index).not.toHaveText(stopped!, { timeout: 5_000 });
  await pause.click();
  const stoppedAgain = await index.textContent();

  // A different rate can be set; the keyboard toggles cine too.
  await fps.fill('10');
  await expect(fps).toHaveValue('10');
  await page.getByTestId('viewport').click();
  await page.keyboard.press('c');
  await expect(pause).toBeVisible();
  await expect(index).not.toHaveText(stoppedAgain!, { timeout: 5_000 });
  await page.keyboard.press('c');
  await expect(play).toBeVisible();
});
