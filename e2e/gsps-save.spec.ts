import type { Locator, Page } from '@playwright/test';
import { restartStackArchive, stackArchive, stopStackArchive } from './support/archive.ts';
import { ellipseAxes, rectanglePolyline } from '../src/gsps/graphics.ts';
import { readGsps } from '../src/gsps/read-gsps.ts';
import type { GspsContent, Point } from '../src/gsps/types.ts';
import { test, expect } from './support/fixtures.ts';
import { deleteSeries, prSeries, storedDrafts, type StoredDraft } from './support/presentation-states.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { drag, imagePixelToPage, openStudy } from './support/viewer.ts';

/**
 * Saving annotations as GSPS: draw one of each on the CT chest, change the view, save; the archive has a
 * new PR series whose presentation state carries the same geometry, texts, window and transform. The
 * second test saves through an archive outage and a reload. Every PR series stored here is deleted at
 * the end (the specs share one archive).
 */

const stack = readStackState();
const chest = currentCtChest(readManifest(stack.manifestPath));
const archive = stackArchive(stack);
const storedSeries: string[] = [];

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;

test.afterAll(async () => {
  await deleteSeries(stack, storedSeries);
});

async function draftOfChest(page: Page, count: number): Promise<StoredDraft> {
  await expect.poll(async () => (await storedDrafts(page)).find((d) => d.studyInstanceUID === chest.studyInstanceUID)?.annotations.length ?? 0).toBe(count);
  return (await storedDrafts(page)).find((d) => d.studyInstanceUID === chest.studyInstanceUID)!;
}

const chestPrSeries = (page: Page) => prSeries(page.request, chest.studyInstanceUID);

/** The one presentation state of a PR series, as stored (Orthanc's REST API on loopback). */
async function storedPresentation(seriesInstanceUID: string): Promise<GspsContent> {
  const [series] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: seriesInstanceUID })).json()) as Array<{ ID: string }>;
  const instances = (await (await archive.adminFetch(`/series/${series!.ID}/instances`)).json()) as Array<{ ID: string }>;
  expect(instances).toHaveLength(1);
  return readGsps(await (await archive.adminFetch(`/instances/${instances[0]!.ID}/file`)).arrayBuffer());
}

/** Saves and returns the new PR series (and remembers it for deletion). */
async function saveAndFindSeries(page: Page, count: number, before: readonly string[]): Promise<string> {
  await page.getByRole('button', { name: 'Save annotations' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved ${count} annotation` })).toBeVisible();
  const created = (await chestPrSeries(page)).filter((uid) => !before.includes(uid));
  storedSeries.push(...created);
  expect(created).toHaveLength(1);
  return created[0]!;
}

async function at(viewport: Locator, column: number, row: number) {
  return imagePixelToPage(viewport, 512, 512, column, row);
}

async function drawAll(page: Page, viewport: Locator): Promise<void> {
  const svgTexts = viewport.locator('svg text');
  await page.keyboard.press('l');
  await drag(page, await at(viewport, 60, 60), await at(viewport, 140, 100));
  await expect(svgTexts).toHaveCount(1);

  const areaTexts = async () => (await svgTexts.allTextContents()).filter((t) => t.startsWith('Area')).length;
  await page.keyboard.press('b');
  await drag(page, await at(viewport, 320, 60), await at(viewport, 400, 120));
  await expect.poll(areaTexts).toBe(1);

  await page.keyboard.press('e');
  await drag(page, await at(viewport, 100, 300), await at(viewport, 140, 330));
  await expect.poll(areaTexts).toBe(2);

  await page.keyboard.press('t');
  await drag(page, await at(viewport, 300, 300), await at(viewport, 360, 360));
  const editor = page.getByRole('dialog', { name: 'Arrow text' });
  await editor.getByLabel('Text').fill('Nodule');
  await editor.getByRole('button', { name: 'OK' }).click();
  await expect(viewport.locator('svg text', { hasText: 'Nodule' })).toHaveCount(1);

  await page.keyboard.press('o');
  const probe = await at(viewport, 450, 200);
  await page.mouse.click(probe.x, probe.y);
  await expect(viewport.locator('svg text', { hasText: /^\(\d+, \d+\) -?\d+ HU$/ })).toHaveCount(1);

  // The angle last: three clicks, the vertex in the middle.
  await page.keyboard.press('a');
  for (const [c, r] of [
    [200, 60],
    [260, 60],
    [260, 120],
  ] as const) {
    const p = await at(viewport, c, r);
    await page.mouse.move(p.x, p.y, { steps: 5 });
    await page.mouse.click(p.x, p.y);
  }
  await expect(viewport.locator('svg text', { hasText: /°/ })).toHaveCount(1);
}

/** World (patient mm) to GSPS pixel space for an axial slice, from its own header: an independent check of the viewer's conversion. */
async function toPixelSpace(page: Page, imageId: string): Promise<(world: number[]) => Point> {
  const url = imageId.replace(/^wadors:/, '').replace(/\/frames\/\d+$/, '/metadata');
  const [ds] = (await (await page.request.get(url, { headers: { Accept: 'application/dicom+json' } })).json()) as DicomJson[];
  const ipp = ds!['00200032']!.Value!.map(Number);
  const iop = ds!['00200037']!.Value!.map(Number);
  const [rowSpacing, columnSpacing] = ds!['00280030']!.Value!.map(Number) as [number, number];
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
  return (world) => {
    const d = world.map((v, i) => v - ipp[i]!);
    return [dot(d, iop.slice(0, 3)) / columnSpacing + 0.5, dot(d, iop.slice(3, 6)) / rowSpacing + 0.5];
  };
}

function expectPoints(actual: readonly Point[], expected: readonly Point[], what: string) {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((p, i) => {
    expect(Math.abs(p[0] - expected[i]![0]), `${what} point ${i} column`).toBeLessThanOrEqual(0.01);
    expect(Math.abs(p[1] - expected[i]![1]), `${what} point ${i} row`).toBeLessThanOrEqual(0.01);
  });
}

const box = (points: readonly Point[]): [Point, Point] => [
  [Math.min(...points.map((p) => p[0])), Math.min(...points.map((p) => p[1]))],
  [Math.max(...points.map((p) => p[0])), Math.max(...points.map((p) => p[1]))],
];

test('every annotation, the window, the transform and the zoom are saved as a new GSPS series', async ({ page }) => {
  const viewport = await openStudy(page, chest.studyInstanceUID);
  const before = await chestPrSeries(page);
  await drawAll(page, viewport);
  const draft = await draftOfChest(page, 6);
  const shownTexts = await viewport.locator('svg text').allTextContents();

  // Change the window (a preset), zoom with the right button, rotate and flip.
  await page.keyboard.press('4');
  const box0 = (await viewport.boundingBox())!;
  await page.mouse.move(box0.x + box0.width / 2, box0.y + box0.height / 2);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(box0.x + box0.width / 2, box0.y + box0.height / 2 + 80, { steps: 10 });
  await page.mouse.up({ button: 'right' });
  await page.keyboard.press('r');
  await page.keyboard.press('h');
  const zoomText = (await page.getByTestId('zoom-readout').first().textContent()) ?? '';
  const zoom = Number(/Zoom ([\d.]+)/.exec(zoomText)?.[1]);
  expect(zoom, zoomText).not.toBeCloseTo(1, 1);
  const [, width, center] = /W: (-?[\d.]+) L: (-?[\d.]+)/.exec((await page.getByTestId('voi-readout').first().textContent()) ?? '')!.map(Number);

  const series = await saveAndFindSeries(page, 6, before);
  // A successful save clears the draft.
  await expect.poll(async () => (await storedDrafts(page)).length).toBe(0);

  const ps = await storedPresentation(series);
  expect(ps.studyInstanceUID).toBe(chest.studyInstanceUID);
  expect(ps.label).toBe('ANNOTATIONS');
  // The author is the signed-in reader (the radiologist demo account, Ada Radiologist).
  expect(ps.creator).toBe('Radiologist^Ada');
  expect(ps.spatial).toEqual({ rotation: 90, horizontalFlip: true });
  expect(Math.abs(ps.voi[0]!.width - width!)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(ps.voi[0]!.center - center!)).toBeLessThanOrEqual(0.5);
  const area = ps.displayedAreas[0]!;
  expect(area.sizeMode).toBe('SCALE TO FIT');
  expect(Math.abs(area.brhc[0] - area.tlhc[0] + 1 - 512 / zoom)).toBeLessThanOrEqual(2);
  expect(Math.abs(area.brhc[1] - area.tlhc[1] + 1 - 512 / zoom)).toBeLessThanOrEqual(2);

  // Geometry: each drawn annotation, converted from the viewer's world coordinates with the slice's own header.
  const toPixel = await toPixelSpace(page, draft.annotations[0]!.imageId);
  const expected = new Map<string, { type: string; points: Point[] }>();
  for (const a of draft.annotations) {
    const points = a.points.map(toPixel);
    const shape =
      a.toolName === 'RectangleROI'
        ? { type: 'POLYLINE', points: rectanglePolyline(box(points)) }
        : a.toolName === 'EllipticalROI'
          ? { type: 'ELLIPSE', points: ellipseAxes(box(points)) }
          : a.toolName === 'Probe'
            ? { type: 'POINT', points }
            : { type: 'POLYLINE', points };
    expected.set(a.toolName, shape);
  }
  expect(ps.graphics).toHaveLength(6);
  for (const [tool, shape] of expected) {
    const match = ps.graphics.find(
      (g) =>
        g.type === shape.type &&
        g.points.length === shape.points.length &&
        Math.abs(g.points[0]![0] - shape.points[0]![0]) < 0.5 &&
        Math.abs(g.points[0]![1] - shape.points[0]![1]) < 0.5,
    );
    expect(match, `${tool} in the presentation state`).toBeDefined();
    expectPoints(match!.points, shape.points, tool);
  }

  // Texts: the viewer's own lines, one text object per annotation.
  expect(ps.texts).toHaveLength(6);
  const texts = ps.texts.map((t) => t.text);
  expect(texts).toContain('Nodule');
  // The viewer draws an ROI's lines as tspans of one text element; the GSPS joins them with ", ".
  for (const text of texts) expect(shownTexts).toContain(text.replace(/, (?=[A-Z])/g, ''));
  expect(texts.filter((t) => /^Area: .* mm², Mean: .* HU/.test(t))).toHaveLength(2);
  expect(texts.some((t) => /^[\d.]+ mm$/.test(t))).toBe(true);
  expect(texts.some((t) => /^90(\.0+)? °$/.test(t))).toBe(true);

  // Saving again makes another, newer presentation state; the first one stays.
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('status').filter({ hasText: /Saved 6 annotations .* series \d+/ })).toBeVisible();
  const again = (await chestPrSeries(page)).filter((uid) => !before.includes(uid));
  storedSeries.push(...again.filter((uid) => !storedSeries.includes(uid)));
  expect(again).toHaveLength(2);
  expect(again).toContain(series);
});

test('annotations survive an archive outage and a reload, and are saved when the archive is back', async ({ page }) => {
  const viewport = await openStudy(page, chest.studyInstanceUID);
  const before = await chestPrSeries(page);
  await page.keyboard.press('l');
  await drag(page, await at(viewport, 60, 60), await at(viewport, 140, 100));
  await page.keyboard.press('o');
  const probe = await at(viewport, 450, 200);
  await page.mouse.click(probe.x, probe.y);
  await expect(viewport.locator('svg text')).toHaveCount(2);
  await draftOfChest(page, 2);

  await stopStackArchive(stack);
  let restarted = false;
  try {
    await page.getByRole('button', { name: 'Save annotations' }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'The annotations could not be saved' });
    await expect(failure).toBeVisible();
    await expect(failure).toContainText(/not reachable|unavailable|failed/i);
    await expect(failure.getByRole('button', { name: 'Retry' })).toBeVisible();
    // The failed save kept the draft.
    expect((await draftOfChest(page, 2)).annotations.map((a) => a.toolName).sort()).toEqual(['Length', 'Probe']);

    // Reload: the browser asks first (unsaved annotations); the archive is still down.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.reload();
    await expect(page.getByRole('alert').filter({ hasText: 'The study could not be opened' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('status').filter({ hasText: /^2 unsaved annotations from \d\d:\d\d are kept in this browser/ })).toBeVisible();

    await restartStackArchive(stack);
    restarted = true;
  } finally {
    if (!restarted) await restartStackArchive(stack);
  }

  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Restored 2 unsaved annotations from \d\d:\d\d$/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('image-index').first()).toHaveText(/^Image 1 \//, { timeout: 30_000 });
  await expect(page.getByTestId('viewport').first().locator('svg text')).toHaveCount(2);

  const series = await saveAndFindSeries(page, 2, before);
  const ps = await storedPresentation(series);
  expect(ps.graphics.map((g) => g.type).sort()).toEqual(['POINT', 'POLYLINE']);
  expect(ps.texts).toHaveLength(2);
  expect(ps.texts.map((t) => t.text).join(' ')).toMatch(/mm/);
  await expect.poll(async () => (await storedDrafts(page)).length).toBe(0);
});

test('leaving a study with unsaved annotations asks first', async ({ page }) => {
  const viewport = await openStudy(page, chest.studyInstanceUID);
  await page.getByRole('button', { name: 'Save annotations' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Nothing to save' })).toBeVisible();

  await page.keyboard.press('l');
  await drag(page, await at(viewport, 60, 60), await at(viewport, 140, 100));
  await expect(viewport.locator('svg text')).toHaveCount(1);

  await page.getByRole('link', { name: 'Readroom' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave this study?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('1 annotation is not saved');
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(viewport.locator('svg text')).toHaveCount(1);

  await page.getByRole('link', { name: 'Readroom' }).click();
  await page.getByRole('dialog', { name: 'Leave this study?' }).getByRole('button', { name: 'Discard annotations and leave' }).click();
  await expect(page).not.toHaveURL(/\/viewer/);
  await expect.poll(async () => (await storedDrafts(page)).length).toBe(0);
});
