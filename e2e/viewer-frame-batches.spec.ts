import type { Page, Request } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { timingMarks } from './support/viewer-layout.ts';
import { goToImage, openStudy, readPixel } from './support/viewer.ts';

/** Background prefetch asks the gateway for frame batches; what they bring is decoded like any frame. */

const isBatch = (r: Request) => r.url().includes('/frames-batch?');
const isSingleFrame = (r: Request) => /\/instances\/[^/]+\/frames\/\d+$/.test(new URL(r.url()).pathname);

function recordFrameRequests(page: Page): { batches: string[]; singles: string[] } {
  const seen = { batches: [] as string[], singles: [] as string[] };
  page.on('request', (r) => {
    if (isBatch(r)) seen.batches.push(r.url());
    else if (isSingleFrame(r)) seen.singles.push(r.url());
  });
  return seen;
}

async function expectSeriesLoaded(page: Page, seriesInstanceUID: string, n: number): Promise<void> {
  await expect.poll(async () => (await timingMarks(page, 'rr:series-loaded')).map((m) => m.detail), { timeout: 60_000 }).toEqual([{ seriesInstanceUID, n }]);
}

test('the CT series is prefetched in batches, and the slices they bring show the recorded HU', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const chest = currentCtChest(manifest);
  const series = chest.series.find((s) => s.modality === 'CT')!;
  const size = { columns: series.instances[0]!.columns, rows: series.instances[0]!.rows };
  const requests = recordFrameRequests(page);
  const viewport = await openStudy(page, chest.studyInstanceUID);
  await expectSeriesLoaded(page, series.seriesInstanceUID, series.instances.length);

  // Every frame came in a batch of at most 32, the image on screen first in the launch's own batch
  // (src/imaging/early-frames.ts); none was asked for twice, none alone.
  expect(requests.singles).toHaveLength(0);
  const batches = requests.batches.map((url) => new URL(url).searchParams.getAll('frame'));
  expect(batches.every((frames) => frames.length <= 32)).toBe(true);
  expect(batches[0]![0]).toBe(`${series.instances[0]!.sopInstanceUID}:1`);
  const batched = batches.flat();
  expect(batched).toHaveLength(series.instances.length);
  expect(new Set(batched).size).toBe(series.instances.length);

  const pixels = manifest.knownPixels.filter((p) => p.seriesInstanceUID === series.seriesInstanceUID && p.sliceIndex > 0);
  expect(pixels.length).toBeGreaterThan(3);
  for (const p of [...pixels].sort((a, b) => a.sliceIndex - b.sliceIndex)) {
    await goToImage(page, viewport, p.sliceIndex);
    expect(await readPixel(page, viewport, size, p.column, p.row), `${p.name} at slice ${p.sliceIndex}`).toBe(`X: ${p.column} Y: ${p.row} Value: ${p.hu} HU`);
  }
  // Every slice shown came from the cache the batches filled.
  expect(requests.singles).toHaveLength(0);
});

test('frames a batch answer did not bring are fetched one by one', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const chest = currentCtChest(manifest);
  const series = chest.series.find((s) => s.modality === 'CT')!;
  const size = { columns: series.instances[0]!.columns, rows: series.instances[0]!.rows };
  const pixel = manifest.knownPixels.find((p) => p.seriesInstanceUID === series.seriesInstanceUID)!;
  const target = `${series.instances[pixel.sliceIndex]!.sopInstanceUID}:1`;
  // Fault injection on the real gateway's answer: the batch with the known pixel's slice is cut short
  // in the middle of that slice's part.
  let cut: string[] = [];
  await page.route('**/frames-batch?*', async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    const frames = new URL(route.request().url()).searchParams.getAll('frame');
    const k = frames.indexOf(target);
    if (k === -1) return route.fulfill({ response, body });
    const boundary = /boundary=([^;]+)/.exec(response.headers()['content-type']!)![1]!;
    let at = -1;
    for (let i = 0; i <= k; i++) at = body.indexOf(`--${boundary}`, at + 1);
    cut = frames.slice(k);
    return route.fulfill({ response, body: body.subarray(0, at + 400) });
  });
  const requests = recordFrameRequests(page);
  const viewport = await openStudy(page, chest.studyInstanceUID);
  await expectSeriesLoaded(page, series.seriesInstanceUID, series.instances.length);

  expect(cut).toContain(target);
  const fetchedAlone = requests.singles.map((url) => /instances\/([^/]+)\/frames\/(\d+)$/.exec(url)!.slice(1).join(':'));
  expect(fetchedAlone.sort()).toEqual([...cut].sort());
  await goToImage(page, viewport, pixel.sliceIndex);
  expect(await readPixel(page, viewport, size, pixel.column, pixel.row)).toBe(`X: ${pixel.column} Y: ${pixel.row} Value: ${pixel.hu} HU`);
});
