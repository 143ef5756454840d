import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { ArchiveClient } from '../scripts/archive/archive-client.ts';
import { stackArchive } from './support/archive.ts';
import { watchConsole } from './support/console-watch.ts';
import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { canvasLine, canvasMean, drag, openStudy } from './support/viewer.ts';

// Three planes side by side need room: each must show at least one screen pixel per voxel to aim at one.
test.use({ viewport: { width: 1600, height: 1100 } });
// Aiming at voxels through the readout takes many pointer moves.
test.describe.configure({ timeout: 180_000 });

interface Readout {
  x: number;
  y: number;
  slice: number;
  value: number;
  text: string;
}
type Field = 'x' | 'y' | 'slice';

const READOUT = /^X: (\d+) Y: (\d+) Slice: (\d+) Value: (-?[\d.]+) HU$/;

function plane(page: Page, name: 'Axial' | 'Coronal' | 'Sagittal'): Locator {
  return page.getByRole('img', { name: `${name} plane, viewport 1` });
}

/** The pixel readout of a plane (each plane has its own, in its corner). */
function readoutOf(planeElement: Locator): Locator {
  return planeElement.locator('xpath=..').getByTestId('pixel-readout');
}

/**
 * Moves the pointer to a page point over a plane (whole CSS pixels: Cornerstone's tools take mouse events at
 * whole pixels, so the readout and a click must be at the same one) and returns what its readout then names.
 */
async function readAt(page: Page, planeElement: Locator, x: number, y: number): Promise<Readout | undefined> {
  await page.mouse.move(Math.round(x), Math.round(y));
  // The readout is set on the pointer's move and drawn on the next frames.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const text = (await readoutOf(planeElement).textContent()) ?? '';
  const m = READOUT.exec(text);
  return m ? { x: Number(m[1]), y: Number(m[2]), slice: Number(m[3]), value: Number(m[4]), text } : undefined;
}

/**
 * The page point (whole pixels) of a plane where the readout names the wanted voxel (`h` changes along the
 * screen's horizontal, `v` along its vertical), in the middle of the pixels that name it: the
 * screen-to-voxel scale is measured from the readout, the pointer put on the voxel and moved until the
 * readout names exactly it, then centred between the voxel's edges.
 */
async function aim(
  page: Page,
  planeElement: Locator,
  h: Field,
  wantH: number,
  v: Field,
  wantV: number,
): Promise<{ x: number; y: number; readout: Readout; voxelsPerPixel: number }> {
  const box = (await planeElement.boundingBox())!;
  const c = { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
  const d = Math.round(Math.min(box.width, box.height) * 0.3);
  const r0 = (await readAt(page, planeElement, c.x, c.y))!;
  const rH = (await readAt(page, planeElement, c.x + d, c.y))!;
  const rV = (await readAt(page, planeElement, c.x, c.y + d))!;
  const kH = (rH[h] - r0[h]) / d;
  const kV = (rV[v] - r0[v]) / d;
  expect(Math.abs(kH), `${h} changes along the horizontal`).toBeGreaterThan(0);
  expect(Math.abs(kV), `${v} changes along the vertical`).toBeGreaterThan(0);
  // At most one voxel per screen pixel, or some voxels could not be aimed at.
  expect(Math.abs(kH)).toBeLessThanOrEqual(1);
  expect(Math.abs(kV)).toBeLessThanOrEqual(1);
  let p = { x: Math.round(c.x + (wantH - r0[h]) / kH), y: Math.round(c.y + (wantV - r0[v]) / kV) };
  for (let attempt = 0; attempt < 12; attempt++) {
    const r = (await readAt(page, planeElement, p.x, p.y))!;
    expect(r, `a readout at ${p.x}, ${p.y}`).toBeDefined();
    if (r[h] === wantH && r[v] === wantV) return { ...(await centred(page, planeElement, p)), voxelsPerPixel: Math.max(Math.abs(kH), Math.abs(kV)) };
    const step = (want: number, got: number, k: number) =>
      want === got ? 0 : Math.sign((want - got) / k) * Math.max(1, Math.floor(Math.abs((want - got) / k)));
    p = { x: p.x + step(wantH, r[h], kH), y: p.y + step(wantV, r[v], kV) };
  }
  throw new Error(`No point of the plane names ${h} ${wantH}, ${v} ${wantV}`);
}

/** The middle pixel of those around `p` that name the same voxel as `p`. */
async function centred(page: Page, planeElement: Locator, p: { x: number; y: number }): Promise<{ x: number; y: number; readout: Readout }> {
  const named = (await readAt(page, planeElement, p.x, p.y))!;
  const same = (r: Readout | undefined) => r?.x === named.x && r.y === named.y && r.slice === named.slice;
  const edge = async (dx: number, dy: number) => {
    let k = 0;
    while (k < 10 && same(await readAt(page, planeElement, p.x + (k + 1) * dx, p.y + (k + 1) * dy))) k++;
    return k;
  };
  const [left, right, up, down] = [await edge(-1, 0), await edge(1, 0), await edge(0, -1), await edge(0, 1)];
  const c = { x: p.x + Math.round((right - left) / 2), y: p.y + Math.round((down - up) / 2) };
  const readout = (await readAt(page, planeElement, c.x, c.y))!;
  expect(same(readout)).toBe(true);
  return { ...c, readout };
}

async function openChestMpr(page: Page, manifestPath: string, sliceIndex: number) {
  const manifest = readManifest(manifestPath);
  const chest = currentCtChest(manifest);
  const series = chest.series.find((s) => s.modality === 'CT')!;
  const viewport = await openStudy(page, chest.studyInstanceUID);
  // The image grid takes the whole width.
  await page.getByRole('button', { name: 'Series', exact: true }).click();
  await page.getByRole('button', { name: 'Priors', exact: true }).click();
  // By the slice slider: wheeling through a hundred slices is slow on a busy machine.
  await page.getByRole('slider', { name: 'Image in viewport 1' }).fill(String(sliceIndex + 1));
  await expect(page.getByTestId('image-index').first()).toHaveText(`Image ${sliceIndex + 1} / ${series.instances.length}`);
  const button = page.getByRole('button', { name: 'MPR' });
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(plane(page, 'Axial')).toBeVisible();
  // The volume fills from the stack's loading; the test reads values of any slice.
  await expect(page.getByTestId('mpr-progress')).toHaveText(`Volume complete (${series.instances.length} images)`, { timeout: 240_000 });
  return { manifest, series, viewport };
}

/** Position, orientation and pixel spacing of every instance of a series, read by pydicom from the stored files. */
function pydicomGeometry(manifestPath: string, files: string[]): Map<number, { ipp: number[]; iop: number[]; spacing: number[] }> {
  const script = [
    'import json, sys, pydicom',
    'out = []',
    'for f in sys.argv[1:]:',
    '    ds = pydicom.dcmread(f, stop_before_pixels=True)',
    '    out.append({"n": int(ds.InstanceNumber), "ipp": [float(v) for v in ds.ImagePositionPatient], "iop": [float(v) for v in ds.ImageOrientationPatient], "spacing": [float(v) for v in ds.PixelSpacing]})',
    'print(json.dumps(out))',
  ].join('\n');
  const paths = files.map((f) => path.join(path.dirname(manifestPath), f));
  const rows = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as {
    n: number;
    ipp: number[];
    iop: number[];
    spacing: number[];
  }[];
  return new Map(rows.map((r) => [r.n, r]));
}

test('MPR reads the recorded HU of known voxels in the coronal and sagittal planes, and the crosshairs move the planes to the clicked point', async ({
  page,
  stack,
}) => {
  const manifest = readManifest(stack.manifestPath);
  const chest = currentCtChest(manifest);
  const known = manifest.knownPixels.filter((p) => p.seriesInstanceUID === chest.series.find((s) => s.modality === 'CT')!.seriesInstanceUID).slice(0, 2);
  expect(known.length).toBe(2);
  const { series } = await openChestMpr(page, stack.manifestPath, known[0]!.sliceIndex);
  const geometry = pydicomGeometry(
    stack.manifestPath,
    series.instances.map((i) => i.file),
  );
  const axial = plane(page, 'Axial');
  const coronal = plane(page, 'Coronal');
  const sagittal = plane(page, 'Sagittal');

  for (const p of known) {
    // Crosshairs: a click in the coronal plane at the voxel's column and slice moves the axial plane to its
    // slice; a click in the axial plane at its column and row moves the coronal and sagittal planes there.
    const onCoronal = await aim(page, coronal, 'x', p.column, 'slice', p.instanceNumber);
    await page.mouse.click(onCoronal.x, onCoronal.y);
    const onAxial = await aim(page, axial, 'x', p.column, 'y', p.row);
    expect(onAxial.readout.slice, 'the axial plane moved to the clicked slice').toBe(p.instanceNumber);
    await page.mouse.click(onAxial.x, onAxial.y);

    const expected = `X: ${p.column} Y: ${p.row} Slice: ${p.instanceNumber} Value: ${p.hu} HU`;
    expect(onAxial.readout.text, `${p.name} in the axial plane`).toBe(expected);
    const c = await aim(page, coronal, 'x', p.column, 'slice', p.instanceNumber);
    expect(c.readout.text, `${p.name} in the coronal plane`).toBe(expected);
    const s = await aim(page, sagittal, 'y', p.row, 'slice', p.instanceNumber);
    expect(s.readout.text, `${p.name} in the sagittal plane`).toBe(expected);

    // The planes pass through the clicked point: everywhere in the coronal plane the readout names the
    // clicked row, in the sagittal plane its column; pydicom's geometry puts that row and column at the
    // clicked point's patient coordinates (the generator's record of the voxel centre).
    const cBox = (await coronal.boundingBox())!;
    const sBox = (await sagittal.boundingBox())!;
    for (const f of [0.3, 0.7]) {
      expect((await readAt(page, coronal, cBox.x + cBox.width * f, cBox.y + cBox.height * (1 - f)))?.y).toBe(p.row);
      expect((await readAt(page, sagittal, sBox.x + sBox.width * f, sBox.y + sBox.height * (1 - f)))?.x).toBe(p.column);
    }
    const g = geometry.get(p.instanceNumber)!;
    const world = [0, 1, 2].map((k) => g.ipp[k]! + p.column * g.spacing[1]! * g.iop[k]! + p.row * g.spacing[0]! * g.iop[3 + k]!);
    for (const k of [0, 1, 2]) expect(Math.abs(world[k]! - p.worldMm[k]!), `patient coordinate ${k} of ${p.name}`).toBeLessThan(0.01);
  }
});

/** Voxels per screen pixel at a page point of a plane (the larger of the two screen directions). */
async function voxelsPerPixel(page: Page, planeElement: Locator, p: { x: number; y: number }, h: Field, v: Field): Promise<number> {
  const d = 40;
  const r0 = (await readAt(page, planeElement, p.x, p.y))!;
  const rH = (await readAt(page, planeElement, p.x + d, p.y))!;
  const rV = (await readAt(page, planeElement, p.x, p.y + d))!;
  return Math.max(Math.abs(rH[h] - r0[h]), Math.abs(rV[v] - r0[v])) / d;
}

/** Zooms a plane in about a page point by dragging down with the right button (the planes' zoom). */
async function zoomAbout(page: Page, planeElement: Locator, p: { x: number; y: number }): Promise<void> {
  const box = (await planeElement.boundingBox())!;
  await page.mouse.move(p.x, p.y);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(p.x, p.y + Math.round(box.height / 8), { steps: 5 });
  await page.mouse.up({ button: 'right' });
}

/**
 * From a page point inside the nodule, the last pixel along (dx, dy) whose readout still names a nodule
 * voxel (nodule +60 HU, lung −850 HU, noise ±8 HU): coarse steps to the first lung voxel, then back.
 */
async function lastInside(
  page: Page,
  planeElement: Locator,
  from: { x: number; y: number },
  dx: number,
  dy: number,
): Promise<{ x: number; y: number; readout: Readout }> {
  const inside = (r: Readout | undefined) => {
    expect(r, 'a readout inside the volume').toBeDefined();
    return r!.value > -400;
  };
  let k = 0;
  while (inside(await readAt(page, planeElement, from.x + (k + 4) * dx, from.y + (k + 4) * dy))) k += 4;
  for (let j = 4; j > 0; j--) {
    if (inside(await readAt(page, planeElement, from.x + (k + j) * dx, from.y + (k + j) * dy))) {
      k += j;
      break;
    }
  }
  const p = { x: from.x + k * dx, y: from.y + k * dy };
  return { ...p, readout: (await readAt(page, planeElement, p.x, p.y))! };
}

/** A Length drawn between two page points of a plane; returns the millimetres the viewer writes beside it. */
async function measure(page: Page, planeElement: Locator, from: { x: number; y: number }, to: { x: number; y: number }): Promise<number> {
  const texts = planeElement.locator('svg text');
  const before = await texts.allTextContents();
  await drag(page, from, to);
  await expect(texts).toHaveCount(before.length + 1);
  // What is there now less what was there before (two lines may read the same).
  const added = await texts.allTextContents();
  for (const t of before) added.splice(added.indexOf(t), 1);
  expect(added, 'the new measurement’s text').toHaveLength(1);
  const mm = /^(\d+(?:\.\d+)?) mm$/.exec(added[0]!.trim());
  expect(mm, `a length in mm: "${added[0]}"`).not.toBeNull();
  return Number(mm![1]);
}

test('the 20 mm nodule measures 20 mm ± 0.5 mm with the Length tool in the axial, coronal and sagittal planes', async ({ page, stack }) => {
  // Hundreds of pointer moves read the edges; a busy machine answers each slowly.
  test.setTimeout(420_000);
  const { centre, diameterMm, firstInstanceNumber, lastInstanceNumber } = readManifest(stack.manifestPath).knownObject;
  const { series } = await openChestMpr(page, stack.manifestPath, centre.sliceIndex);
  const geometry = pydicomGeometry(
    stack.manifestPath,
    series.instances.map((i) => i.file),
  );
  const axial = plane(page, 'Axial');
  const coronal = plane(page, 'Coronal');
  const sagittal = plane(page, 'Sagittal');
  // The crosshairs on the nodule's centre: a click in the axial plane there moves the coronal plane to
  // its row and the sagittal plane to its column.
  const onAxial = await aim(page, axial, 'x', centre.column, 'y', centre.row);
  expect(onAxial.readout.slice).toBe(centre.instanceNumber);
  await page.mouse.click(onAxial.x, onAxial.y);
  // Cornerstone holds a click back while it could become a double click: the planes move a moment later.
  const cBox = (await coronal.boundingBox())!;
  await expect.poll(async () => (await readAt(page, coronal, cBox.x + cBox.width * 0.3, cBox.y + cBox.height * 0.3))?.y).toBe(centre.row);

  await page.getByRole('button', { name: 'Length' }).click();
  await expect(page.getByRole('button', { name: 'Length' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Crosshairs' })).toHaveAttribute('aria-pressed', 'false');

  // In each plane, zoomed in on the centre until a voxel spans at least 6 screen pixels, the sphere's edges
  // along a line through its centre are where the readout turns from nodule to lung: the Length is drawn
  // from the first lung pixel on one side to the last nodule pixel on the other (each end within a pixel of
  // the edge). Along the in-plane axes (0.703 mm pixels) the sampled sphere is 29 voxels wide (20.39 mm).
  // What is compared is the text the viewer writes beside the line.
  const planes = [
    { element: axial, h: 'x', v: 'y', wantH: centre.column, wantV: centre.row },
    { element: coronal, h: 'x', v: 'slice', wantH: centre.column, wantV: centre.instanceNumber },
    { element: sagittal, h: 'y', v: 'slice', wantH: centre.row, wantV: centre.instanceNumber },
  ] as const;
  for (const { element, h, v, wantH, wantV } of planes) {
    const name = (await element.getAttribute('aria-label'))!;
    const at = await aim(page, element, h, wantH, v, wantV);
    for (let zoom = 0; zoom < 8 && (await voxelsPerPixel(page, element, at, h, v)) > 1 / 6; zoom++) await zoomAbout(page, element, at);
    const c = await aim(page, element, h, wantH, v, wantV);
    expect(c.voxelsPerPixel, `${name}: zoomed in`).toBeLessThanOrEqual(1 / 6);
    // Every readout names the centre's voxel in the two fields the plane does not change.
    expect([c.readout.x, c.readout.y, c.readout.slice], `${name}: the nodule's centre`).toEqual([centre.column, centre.row, centre.instanceNumber]);
    const left = await lastInside(page, element, c, -1, 0);
    const right = await lastInside(page, element, c, 1, 0);
    expect(right.readout[h] - left.readout[h] + 1, `${name}: voxels across the nodule`).toBe(29);
    const across = await measure(page, element, { x: left.x - 1, y: left.y }, right);
    expect(Math.abs(across - diameterMm), `${name}: ${across} mm across`).toBeLessThanOrEqual(0.5);

    if (v === 'slice') {
      // Along the table the sphere is cut by the 16 slices of 1.25 mm with |z − centre| < 10 mm (its centre
      // lies midway between two): by their edges, from pydicom's positions, 20 mm, which the length must match.
      const top = await lastInside(page, element, c, 0, -1);
      const bottom = await lastInside(page, element, c, 0, 1);
      const [first, last] = [Math.min(top.readout.slice, bottom.readout.slice), Math.max(top.readout.slice, bottom.readout.slice)];
      expect([first, last], `${name}: the nodule's first and last slices`).toEqual([firstInstanceNumber, lastInstanceNumber]);
      const [a, b] = [geometry.get(first - 1)!.ipp, geometry.get(last + 1)!.ipp];
      // From the midpoint between the first slice and the one before to the midpoint after the last one.
      const sampledHeight = Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!) * ((last - first + 1) / (last - first + 2));
      const height = await measure(page, element, { x: top.x, y: top.y - 1 }, bottom);
      expect(Math.abs(sampledHeight - diameterMm), `${name}: ${sampledHeight} mm by the slices' edges`).toBeLessThanOrEqual(0.01);
      expect(Math.abs(height - sampledHeight), `${name}: ${height} mm high, ${sampledHeight} mm sampled`).toBeLessThanOrEqual(0.5);
      expect(Math.abs(height - diameterMm), `${name}: ${height} mm high`).toBeLessThanOrEqual(0.5);
    }
  }
});

test('a MIP slab over the nodule shows the sphere where the thin slice shows lung; the window presets apply to every plane', async ({ page, stack }) => {
  const { centre, hu } = readManifest(stack.manifestPath).knownObject;
  // 15 mm below the sphere's centre (1.25 mm slices): outside the 20 mm sphere.
  const below = centre.sliceIndex + 12;
  await openChestMpr(page, stack.manifestPath, below);
  const axial = plane(page, 'Axial');
  // The sphere's centre column and row, on the slice below it: lung.
  const at = await aim(page, axial, 'x', centre.column, 'y', centre.row);
  expect(at.readout.slice).toBe(below + 1);
  expect(at.readout.value).toBeLessThan(-500);

  await page.keyboard.press('1');
  for (const name of ['Axial', 'Coronal', 'Sagittal'] as const) {
    await expect(plane(page, name).locator('xpath=..').getByTestId('voi-readout')).toHaveText('W: 400 L: 40');
  }
  // W 400 L 40: lung is black; the sphere (nominal HU ± noise) is mid-grey.
  const grey = (v: number) => ((v - (40 - 200)) / 400) * 255;
  await expect.poll(() => canvasMean(axial, at.x, at.y, 2)).toBeLessThan(20);

  await page.getByLabel('Slab (mm)').fill('40');
  await page.getByLabel('Slab mode').selectOption({ label: 'MIP (maximum)' });
  // The slab's maximum over the sphere: the sphere's values (nominal ± 8 HU noise, the highest of them).
  await expect.poll(() => canvasMean(axial, at.x, at.y, 2)).toBeGreaterThan(grey(hu - 8));
  await expect.poll(() => canvasMean(axial, at.x, at.y, 2)).toBeLessThan(grey(hu + 8) + 2);
  // The readout still names the acquired voxel under the pointer, not the projection.
  expect((await readAt(page, axial, at.x, at.y))?.text).toBe(at.readout.text);

  await page.getByLabel('Slab mode').selectOption({ label: 'None (thin slice)' });
  await expect.poll(() => canvasMean(axial, at.x, at.y, 2)).toBeLessThan(20);
});

test('MPR and back: the stack returns where the reader was; nothing is printed to the console', async ({ page, stack }) => {
  const watch = watchConsole(page);
  const { viewport } = await openChestMpr(page, stack.manifestPath, 60);
  // Scrolling, windowing and a crosshair click in MPR.
  const coronal = plane(page, 'Coronal');
  const box = (await coronal.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
  await page.mouse.wheel(0, 300);
  await page.mouse.click(box.x + box.width / 3, box.y + box.height / 2);
  await page.keyboard.press('2');
  await expect(coronal.locator('xpath=..').getByTestId('voi-readout')).toHaveText('W: 1500 L: -600');
  // The stack under the planes is out of sight, of the tab order and of the accessibility tree.
  await expect(viewport).toBeHidden();
  await expect(page.getByRole('slider', { name: 'Image in viewport 1' })).toBeHidden();
  await page.keyboard.press('Shift+M');
  await expect(page.getByTestId('mpr-view')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'MPR' })).toHaveAttribute('aria-pressed', 'false');
  await expect(viewport).toBeVisible();
  await expect(page.getByTestId('image-index').first()).toHaveText(/^Image 61 \/ 220$/);
  // Back at its size, the stack draws its image over the whole viewport again (the body's soft tissue at
  // the centre, not the black of a canvas left at no size).
  const stackBox = (await viewport.boundingBox())!;
  expect(stackBox.width).toBeGreaterThan(400);
  await expect.poll(() => canvasMean(viewport, stackBox.x + stackBox.width / 2, stackBox.y + stackBox.height / 2)).toBeGreaterThan(20);
  // And MPR again: its volume, still cached, holds every frame; the planes are set up at once.
  await page.keyboard.press('Shift+M');
  await expect(plane(page, 'Coronal').locator('xpath=..').getByTestId('voi-readout')).toHaveText(/^W: \d+ L: -?\d+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Waiting for the first images' })).toHaveCount(0);
  await expect(page.getByTestId('mpr-progress')).toHaveText('Volume complete (220 images)');
  expect(watch.problems()).toEqual({ messages: [], pageErrors: [], failedResponses: [] });
});

test('a radiograph is refused MPR, with the reason', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const dx = manifest.studies.find((s) => s.series.length === 1 && ['DX', 'CR'].includes(s.series[0]!.modality))!;
  await openStudy(page, dx.studyInstanceUID);
  const button = page.getByRole('button', { name: 'MPR' });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAccessibleDescription(/MPR is not available: .*(DX|CR) images are projections/);
  await page.keyboard.press('Shift+M');
  await expect(page.getByRole('status').filter({ hasText: /images are projections/ })).toBeVisible();
  await expect(page.getByTestId('mpr-view')).toHaveCount(0);
});

/** Stores every file of a folder in the archive (its REST API, as its admin user). */
async function storeFiles(archive: ArchiveClient, dir: string): Promise<void> {
  for (const file of readdirSync(dir)) {
    const response = await archive.adminFetch('/instances', {
      method: 'POST',
      body: readFileSync(path.join(dir, file)),
      headers: { 'content-type': 'application/dicom' },
    });
    expect(response.ok, `stored ${file}`).toBe(true);
  }
}

/** Deletes a study a test stored: the archive is shared by every spec of the run. */
async function deleteStudy(archive: ArchiveClient, studyInstanceUID: string): Promise<void> {
  const found = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: studyInstanceUID })).json()) as { ID: string; Type: string }[];
  for (const { ID, Type } of found) if (Type === 'Study') await archive.adminFetch(`/studies/${ID}`, { method: 'DELETE' });
}

/** The lung window (W 1500 L −600) from the preset menu: air dark, lung grey, soft tissue bright. */
async function chooseLungWindow(page: Page): Promise<void> {
  const menu = page.getByRole('combobox', { name: 'Window preset' });
  await menu.focus();
  const lung = menu.locator('option', { hasText: '(W 1500 L -600)' }).first();
  await menu.selectOption({ label: (await lung.textContent())! });
}

/**
 * Copies of a stored CT series written by pydicom into a new study of its own (new UIDs, another patient):
 * one with a slice left out, and one acquired with a gantry tilt: each slice's origin moves one row
 * (1.40625 mm) further along y per 5 mm slice (a 15.7° tilt) and its pixels move one row the other way, so
 * the anatomy stays where it was in the patient, as a tilted acquisition of the same body would record it.
 */
function writeIrregularSeries(manifestPath: string, files: string[], outDir: string): { studyInstanceUID: string } {
  const script = `
import os, sys, numpy, pydicom
from pydicom.uid import generate_uid
out = sys.argv[1]
files = sys.argv[2:]
study = generate_uid()
print(study)
for kind, number in (('gap', 901), ('tilt', 902)):
    series = generate_uid()
    for i, f in enumerate(files):
        if kind == 'gap' and i == len(files) // 2:
            continue
        ds = pydicom.dcmread(f)
        ds.PatientName = 'Irregular^Geometry'
        ds.PatientID = 'RR-MPR-TEST'
        ds.StudyInstanceUID = study
        ds.StudyDescription = 'MPR geometry test'
        ds.SeriesInstanceUID = series
        ds.SeriesNumber = number
        ds.SeriesDescription = 'missing slice' if kind == 'gap' else 'gantry tilt'
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        if kind == 'tilt':
            ipp = [float(v) for v in ds.ImagePositionPatient]
            ipp[1] += i * float(ds.PixelSpacing[0])
            ds.ImagePositionPatient = ipp
            pixels = ds.pixel_array
            air = round((-1000 - float(ds.RescaleIntercept)) / float(ds.RescaleSlope))
            moved = numpy.full_like(pixels, air)
            moved[: pixels.shape[0] - i] = pixels[i:]
            ds.PixelData = moved.tobytes()
            ds.GantryDetectorTilt = 15.7
        ds.save_as(os.path.join(out, '%s-%03d.dcm' % (kind, i)))
`;
  const paths = files.map((f) => path.join(path.dirname(manifestPath), f));
  const study = execFileSync('/usr/bin/python3', ['-c', script, outDir, ...paths], { encoding: 'utf8' }).trim();
  return { studyInstanceUID: study };
}

test('a series with a missing slice is refused MPR with its reason; a gantry-tilted one is resampled, each slice where it was acquired', async ({
  page,
  stack,
}) => {
  const manifest = readManifest(stack.manifestPath);
  const older = manifest.studies.find((s) => s.key === 'ct-chest-older')!.series[0]!;
  // Instance order along the table: the stored files by Instance Number.
  const files = older.instances.map((i) => i.file);
  const dir = mkdtempSync(path.join(tmpdir(), 'readroom-mpr-'));
  const archive = stackArchive(stack);
  const { studyInstanceUID } = writeIrregularSeries(stack.manifestPath, files, dir);
  try {
    await storeFiles(archive, dir);
    await page.goto(`/viewer?StudyInstanceUIDs=${studyInstanceUID}&hangingProtocol=single`);
    const button = page.getByRole('button', { name: 'MPR' });
    const showSeries = async (description: string) => {
      await page
        .getByRole('button', { name: new RegExp(description) })
        .first()
        .click();
      await expect(page.getByTestId('viewport-slot').first()).toHaveAttribute('aria-label', new RegExp(description));
      await expect(page.getByTestId('image-index').first()).toHaveText(/^Image \d+ \/ \d+$/, { timeout: 30_000 });
    };

    await showSeries('missing slice');
    const gap = /Slices are missing: a gap of 10 mm between instance \d+ and instance \d+, where the slices are 5 mm apart\./;
    await expect(button).toBeDisabled();
    await expect(button).toHaveAccessibleDescription(gap);
    await page.keyboard.press('Shift+M');
    await expect(page.getByRole('status').filter({ hasText: gap })).toBeVisible();
    await expect(page.getByTestId('mpr-view')).toHaveCount(0);

    await showSeries('gantry tilt');
    await expect(button).toBeEnabled();
    await button.click();
    await expect(page.getByTestId('mpr-resampled')).toHaveText('Resampled for a gantry tilt of 15.7°');
    await expect(page.getByTestId('mpr-progress')).toHaveText(`Volume complete (${files.length} images)`, { timeout: 120_000 });
    // Lung window: air outside the body dark, the body wall bright.
    await chooseLungWindow(page);
    await expect(page.getByTestId('voi-readout').first()).toHaveText(/W: 1500 L: -600/);

    // In the sagittal plane, the body's outline on screen must be where the acquired voxels named by the
    // readout change from air to body, at slices far from the first (each shifted 1 row more per slice): drawn
    // unresampled, the slices would stand up to 39 rows off their place.
    const sagittal = plane(page, 'Sagittal');
    const box = (await sagittal.boundingBox())!;
    const cx = Math.round(box.x + box.width / 2);
    const cy = Math.round(box.y + box.height / 2);
    const r0 = (await readAt(page, sagittal, cx, cy))!;
    const r1 = (await readAt(page, sagittal, cx, cy + 40))!;
    const slicesPerPixel = (r1.slice - r0.slice) / 40;
    expect(Math.abs(slicesPerPixel)).toBeGreaterThan(0);
    const checked: string[] = [];
    for (const instance of [20, 30, 37]) {
      // The screen row of the instance: estimated from the scale, then moved until the readout names it.
      let y = Math.round(cy + (instance - r0.slice) / slicesPerPixel);
      for (let step = 0; step < 40; step++) {
        const named = (await readAt(page, sagittal, cx, y))?.slice;
        if (named === instance) break;
        y += named === undefined ? -Math.sign(instance - r0.slice) * Math.sign(slicesPerPixel) : Math.sign((instance - named) / slicesPerPixel);
      }
      expect((await readAt(page, sagittal, cx, y))?.slice, `the row of instance ${instance}`).toBe(instance);
      const row = await canvasLine(sagittal, { y });
      // The outermost screen pixels where the grey crosses mid-grey, from the left and from the right.
      const bright = (x: number) => row[x]! > 128;
      const left = row.findIndex((_, x) => x > 0 && !bright(x - 1) && bright(x));
      let right = row.length - 2;
      while (right > 0 && !(bright(right) && !bright(right + 1))) right--;
      expect(left, `a body outline on the row of instance ${instance}`).toBeGreaterThan(0);
      expect(right).toBeGreaterThan(left);
      for (const [edge, outside, inside] of [
        [left, -6, 6],
        [right, 6, -6],
      ] as const) {
        const air = await readAt(page, sagittal, box.x + edge + outside, y);
        const body = await readAt(page, sagittal, box.x + edge + inside, y);
        expect(air?.value, `acquired air just outside the drawn outline (${air?.text})`).toBeLessThan(-600);
        expect(body?.value, `acquired body just inside the drawn outline (${body?.text})`).toBeGreaterThan(-600);
        checked.push(`${instance}:${edge}`);
      }
    }
    expect(checked).toHaveLength(6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await deleteStudy(archive, studyInstanceUID);
  }
});

/**
 * Slices of the sample chest (1.25 mm apart) copied by pydicom into a study of their own, unevenly spaced:
 * from the nodule's slice up every third slice (3.75 mm), down every fourth (5 mm). Each keeps its own
 * position, so the anatomy is where it was; stacked at one average spacing (as a plain volume would be),
 * the slices at the nodule would stand 18 mm off their place.
 */
function writeUnevenSeries(manifestPath: string, files: string[], noduleIndex: number, outDir: string): { studyInstanceUID: string; noduleSlice: number } {
  const up = Array.from({ length: 31 }, (_, k) => noduleIndex - 3 * (30 - k));
  const down = Array.from({ length: 28 }, (_, k) => noduleIndex + 4 * (k + 1));
  const chosen = [...up, ...down];
  const script = `
import os, sys, pydicom
from pydicom.uid import generate_uid
out = sys.argv[1]
study, series = generate_uid(), generate_uid()
print(study)
for i, f in enumerate(sys.argv[2:]):
    ds = pydicom.dcmread(f)
    ds.PatientName = 'Uneven^Spacing'
    ds.PatientID = 'RR-MPR-UNEVEN'
    ds.StudyInstanceUID = study
    ds.StudyDescription = 'MPR spacing test'
    ds.SeriesInstanceUID = series
    ds.SeriesNumber = 903
    ds.SeriesDescription = 'uneven spacing'
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.save_as(os.path.join(out, 'uneven-%03d.dcm' % i))
`;
  const paths = chosen.map((index) => path.join(path.dirname(manifestPath), files[index]!));
  const study = execFileSync('/usr/bin/python3', ['-c', script, outDir, ...paths], { encoding: 'utf8' }).trim();
  return { studyInstanceUID: study, noduleSlice: up.length - 1 };
}

test('an unevenly spaced series is interpolated to even slices: the nodule is drawn where its acquired slices put it', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const chest = currentCtChest(manifest);
  const series = chest.series.find((s) => s.modality === 'CT')!;
  const { centre } = manifest.knownObject;
  const dir = mkdtempSync(path.join(tmpdir(), 'readroom-mpr-'));
  const archive = stackArchive(stack);
  const files = series.instances.map((i) => i.file);
  const { studyInstanceUID, noduleSlice } = writeUnevenSeries(stack.manifestPath, files, centre.sliceIndex, dir);
  try {
    await storeFiles(archive, dir);
    const count = readdirSync(dir).length;
    await page.goto(`/viewer?StudyInstanceUIDs=${studyInstanceUID}&hangingProtocol=single`);
    await expect(page.getByTestId('image-index').first()).toHaveText(`Image 1 / ${count}`, { timeout: 30_000 });
    await page.getByRole('slider', { name: 'Image in viewport 1' }).fill(String(noduleSlice + 1));
    await expect(page.getByTestId('image-index').first()).toHaveText(`Image ${noduleSlice + 1} / ${count}`);
    await page.getByRole('button', { name: 'MPR' }).click();
    // 252.5 mm from the first slice to the last in 67 steps of about the smallest acquired one.
    await expect(page.getByTestId('mpr-resampled')).toHaveText('Resampled for slices 3.75–5 mm apart, interpolated to 3.77 mm');
    await expect(page.getByTestId('mpr-progress')).toHaveText(`Volume complete (${count} images)`, { timeout: 120_000 });
    await chooseLungWindow(page);
    await expect(page.getByTestId('voi-readout').first()).toHaveText(/W: 1500 L: -600/);

    // The coronal plane through the nodule's centre (a crosshairs click on it in the axial plane).
    const axial = plane(page, 'Axial');
    const coronal = plane(page, 'Coronal');
    const onAxial = await aim(page, axial, 'x', centre.column, 'y', centre.row);
    await page.mouse.click(onAxial.x, onAxial.y);
    const at = await aim(page, coronal, 'x', centre.column, 'slice', onAxial.readout.slice);
    expect(at.readout.y).toBe(centre.row);
    expect(at.readout.value, 'the nodule at its centre').toBeGreaterThan(-600);

    // Up and down from its centre, where the drawn nodule ends (its grey crosses mid-grey), the acquired
    // voxels named by the readout must change too: nodule 8 screen pixels inside, lung 8 pixels outside.
    const box = (await coronal.boundingBox())!;
    const column = await canvasLine(coronal, { x: at.x });
    const y0 = Math.round(at.y - box.y);
    expect(column[y0], 'the nodule drawn bright at its centre').toBeGreaterThan(128);
    let top = y0;
    while (top > 0 && column[top - 1]! > 128) top--;
    let bottom = y0;
    while (bottom < column.length - 1 && column[bottom + 1]! > 128) bottom++;
    for (const [edge, out] of [
      [top, -1],
      [bottom, 1],
    ] as const) {
      const lungOutside = await readAt(page, coronal, at.x, box.y + edge + out * 8);
      const noduleInside = await readAt(page, coronal, at.x, box.y + edge - out * 8);
      expect(lungOutside?.value, `acquired lung just outside the drawn nodule (${lungOutside?.text})`).toBeLessThan(-600);
      expect(noduleInside?.value, `acquired nodule just inside the drawn nodule (${noduleInside?.text})`).toBeGreaterThan(-600);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await deleteStudy(archive, studyInstanceUID);
  }
});

test('the navigation keys move the MPR plane the reader is in, one slice per key, and not the stack underneath', async ({ page, stack }) => {
  // The whole volume is awaited first; on a busy machine that alone takes minutes.
  test.setTimeout(420_000);
  const { centre } = readManifest(stack.manifestPath).knownObject;
  await openChestMpr(page, stack.manifestPath, centre.sliceIndex);
  const stackIndex = page.getByTestId('image-index').first();
  const stackIndexText = await stackIndex.textContent();
  const axial = plane(page, 'Axial');
  const coronal = plane(page, 'Coronal');
  const sagittal = plane(page, 'Sagittal');
  const pointIn = async (element: Locator) => {
    const box = (await element.boundingBox())!;
    return { x: Math.round(box.x + box.width * 0.4), y: Math.round(box.y + box.height * 0.5) };
  };
  const [a, c, s] = [await pointIn(axial), await pointIn(coronal), await pointIn(sagittal)];
  // The readout follows the pointer's moves: a pixel aside and back reads the point again.
  const reread = async (element: Locator, p: { x: number; y: number }) => {
    await readAt(page, element, p.x + 1, p.y);
    return (await readAt(page, element, p.x, p.y))!;
  };

  const axialBefore = (await readAt(page, axial, a.x, a.y))!;
  // The pointer over the coronal plane makes it the one the keys move: a row per key, the same column and slice.
  const coronalBefore = (await readAt(page, coronal, c.x, c.y))!;
  await expect(coronal).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => Math.abs((await reread(coronal, c)).y - coronalBefore.y)).toBe(1);
  const oneDown = await reread(coronal, c);
  expect([oneDown.x, oneDown.slice]).toEqual([coronalBefore.x, coronalBefore.slice]);
  const direction = oneDown.y - coronalBefore.y;
  await page.keyboard.press('PageDown');
  await expect.poll(async () => (await reread(coronal, c)).y).toBe(coronalBefore.y + 11 * direction);
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await reread(coronal, c)).y).toBe(coronalBefore.y + 10 * direction);
  // Home and End: the first and last rows.
  await page.keyboard.press('Home');
  await expect.poll(async () => (await reread(coronal, c)).y).toBe(direction > 0 ? 0 : 511);
  await page.keyboard.press('End');
  await expect.poll(async () => (await reread(coronal, c)).y).toBe(direction > 0 ? 511 : 0);

  // The axial plane stayed on its slice, and the stack under the MPR did not move.
  expect((await readAt(page, axial, a.x, a.y))!.slice).toBe(axialBefore.slice);
  await expect(stackIndex).toHaveText(stackIndexText!);

  // By the keyboard alone: the focused plane is the one the keys move.
  const sagittalBefore = (await readAt(page, sagittal, s.x, s.y))!;
  await page.mouse.move(a.x, a.y);
  await expect(axial).toHaveAttribute('aria-current', 'true');
  await sagittal.focus();
  await expect(sagittal).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('ArrowDown');
  const sagittalAfter = (await readAt(page, sagittal, s.x, s.y))!;
  expect(Math.abs(sagittalAfter.x - sagittalBefore.x)).toBe(1);
  expect([sagittalAfter.y, sagittalAfter.slice]).toEqual([sagittalBefore.y, sagittalBefore.slice]);
  expect((await readAt(page, axial, a.x, a.y))!.slice).toBe(axialBefore.slice);
});

test('rotating the crosshairs makes the other planes oblique; Reset planes, from the keyboard, makes them orthogonal again', async ({ page, stack }) => {
  // The whole volume is awaited first; on a busy machine that alone takes minutes.
  test.setTimeout(420_000);
  const { centre } = readManifest(stack.manifestPath).knownObject;
  await openChestMpr(page, stack.manifestPath, centre.sliceIndex);
  const axial = plane(page, 'Axial');
  const coronal = plane(page, 'Coronal');
  const cBox = (await coronal.boundingBox())!;
  // Two points on one screen row of the coronal plane.
  const acrossCoronal = async (): Promise<[Readout, Readout]> => [
    (await readAt(page, coronal, cBox.x + cBox.width * 0.3, cBox.y + cBox.height * 0.5))!,
    (await readAt(page, coronal, cBox.x + cBox.width * 0.7, cBox.y + cBox.height * 0.5))!,
  ];
  const [left0, right0] = await acrossCoronal();
  // Orthogonal: one image row (the plane's), at one slice, across the screen.
  expect(right0.y).toBe(left0.y);
  expect(right0.slice).toBe(left0.slice);
  expect(right0.x).not.toBe(left0.x);

  // The coronal plane's reference line in the axial plane is that row; hovering it away from the centre shows
  // its rotation handles, and dragging one turns the line about the crosshairs' centre.
  const onLine = await aim(page, axial, 'x', Math.min(left0.x, right0.x) + Math.round(Math.abs(right0.x - left0.x) / 8), 'y', left0.y);
  const handles = axial.locator('svg circle');
  await expect.poll(() => handles.count()).toBeGreaterThan(0);
  const boxes = await Promise.all((await handles.all()).map((h) => h.boundingBox()));
  const handle = boxes
    .filter((b): b is NonNullable<typeof b> => b !== null)
    .map((b) => ({ x: Math.round(b.x + b.width / 2), y: Math.round(b.y + b.height / 2) }))
    .sort((a, b) => Math.abs(a.y - onLine.y) - Math.abs(b.y - onLine.y))[0]!;
  expect(Math.abs(handle.y - onLine.y), 'a handle on the hovered line').toBeLessThanOrEqual(3);
  await drag(page, handle, { x: handle.x, y: handle.y + 80 });

  // Oblique: along one screen row of the coronal plane the readout now crosses image rows (at one slice:
  // the plane turned about the table's axis); each point still names an acquired voxel with its value.
  await expect
    .poll(async () => {
      const [l, r] = await acrossCoronal();
      return Math.abs(l.y - r.y);
    })
    .toBeGreaterThan(5);
  const [left1, right1] = await acrossCoronal();
  expect(right1.slice).toBe(left1.slice);
  for (const r of [left1, right1]) expect(r.text).toMatch(READOUT);

  const reset = page.getByRole('button', { name: 'Reset planes' });
  await reset.focus();
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => {
      const [l, r] = await acrossCoronal();
      return [l.y, r.y, l.slice === r.slice];
    })
    .toEqual([left0.y, left0.y, true]);
});

/** What a plane's readout names at a page point, read again: a pixel aside and back (the readout follows the pointer's moves). */
async function rereadAt(page: Page, planeElement: Locator, p: { x: number; y: number }): Promise<Readout | undefined> {
  await readAt(page, planeElement, p.x + 1, p.y);
  return readAt(page, planeElement, p.x, p.y);
}

test('] turns the other planes 5° clockwise per key about the crosshairs’ centre: 18 in the axial plane turn the coronal plane onto the sagittal one; Reset planes undoes it', async ({
  page,
  stack,
}) => {
  // The whole volume is awaited first; on a busy machine that alone takes minutes.
  test.setTimeout(420_000);
  const { centre } = readManifest(stack.manifestPath).knownObject;
  await openChestMpr(page, stack.manifestPath, centre.sliceIndex);
  const axial = plane(page, 'Axial');
  const coronal = plane(page, 'Coronal');
  const sagittal = plane(page, 'Sagittal');
  const obliquityOf = (element: Locator) => element.locator('xpath=..').getByTestId('mpr-obliquity');
  const at = async (element: Locator, fx: number, fy: number) => {
    const box = (await element.boundingBox())!;
    return { x: Math.round(box.x + box.width * fx), y: Math.round(box.y + box.height * fy) };
  };
  const readAll = async (element: Locator, points: { x: number; y: number }[]): Promise<Readout[]> => {
    const out: Readout[] = [];
    for (const p of points) {
      const r = await rereadAt(page, element, p);
      expect(r, `a readout at ${p.x}, ${p.y}`).toBeDefined();
      out.push(r!);
    }
    return out;
  };
  // Points spread over the coronal and the sagittal plane: left to right on two screen rows.
  const spread = async (element: Locator) => {
    const points: { x: number; y: number }[] = [];
    for (const fy of [0.35, 0.65]) for (const fx of [0.15, 0.5, 0.85]) points.push(await at(element, fx, fy));
    return points;
  };
  const [coronalPoints, sagittalPoints] = [await spread(coronal), await spread(sagittal)];

  // Orthogonal: the coronal plane is one image row of the volume, the sagittal plane one column; neither says "Oblique".
  const coronal0 = await readAll(coronal, coronalPoints);
  const sagittal0 = await readAll(sagittal, sagittalPoints);
  const coronalRow = coronal0[0]!.y;
  const sagittalColumn = sagittal0[0]!.x;
  expect(new Set(coronal0.map((r) => r.y))).toEqual(new Set([coronalRow]));
  expect(new Set(sagittal0.map((r) => r.x))).toEqual(new Set([sagittalColumn]));
  for (const element of [axial, coronal, sagittal]) await expect(obliquityOf(element)).toHaveText('');

  // The axial plane is the active one; ] there turns the coronal and sagittal planes.
  const axialPoint = await at(axial, 0.4, 0.5);
  const axial0 = (await rereadAt(page, axial, axialPoint))!;
  await expect(axial).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press(']');
  await expect(obliquityOf(coronal)).toHaveText(/Oblique 5°$/);
  await expect(obliquityOf(sagittal)).toHaveText(/Oblique 5°$/);
  await expect(obliquityOf(axial)).toHaveText('');
  // Clockwise on screen: the coronal plane's line in the axial plane turns its right end down (to the back,
  // larger rows), so along a screen row of the coronal plane the rows now grow to the right.
  const [left5, , right5] = await readAll(coronal, coronalPoints.slice(0, 3));
  expect(right5!.y - left5!.y, 'rows across the coronal plane turned 5° clockwise').toBeGreaterThan(5);
  expect(right5!.slice).toBe(left5!.slice);
  // The readout moved the pointer over the coronal plane: back to the axial one, which the keys then turn about.
  await rereadAt(page, axial, axialPoint);
  await expect(axial).toHaveAttribute('aria-current', 'true');
  for (let i = 1; i < 18; i++) await page.keyboard.press(']');
  await expect(obliquityOf(coronal)).toHaveText(/Oblique 90°$/);
  await expect(obliquityOf(sagittal)).toHaveText(/Oblique 90°$/);
  await expect(obliquityOf(axial)).toHaveText('');
  await expect(page.getByRole('status').filter({ hasText: 'Coronal plane: Oblique 90°' })).toHaveCount(1);

  // Turned by 90° about the axial normal through the centre, the coronal plane is the sagittal plane: every
  // point of it names the sagittal plane's column, across the image rows. The same column at both ends of a
  // span of more than 115 rows (square voxels in the image plane) puts its normal within atan(1/115) < 0.5°
  // of the sagittal normal. The sagittal plane, turned too, is now the coronal plane's row.
  const coronal90 = await readAll(coronal, coronalPoints);
  expect(new Set(coronal90.map((r) => r.x))).toEqual(new Set([sagittalColumn]));
  const rows = coronal90.map((r) => r.y);
  expect(Math.max(...rows) - Math.min(...rows), 'the rows the turned coronal plane spans').toBeGreaterThan(115);
  const sagittal90 = await readAll(sagittal, sagittalPoints);
  expect(new Set(sagittal90.map((r) => r.y))).toEqual(new Set([coronalRow]));
  const columns = sagittal90.map((r) => r.x);
  expect(Math.max(...columns) - Math.min(...columns), 'the columns the turned sagittal plane spans').toBeGreaterThan(115);
  // The axial plane did not turn or move; the pointer over it makes it the active plane again.
  expect((await rereadAt(page, axial, axialPoint))?.text).toBe(axial0.text);
  await expect(axial).toHaveAttribute('aria-current', 'true');

  // [ turns back.
  await page.keyboard.press('[');
  await expect(obliquityOf(coronal)).toHaveText(/Oblique 85°$/);

  await page.getByRole('button', { name: 'Reset planes' }).click();
  for (const element of [axial, coronal, sagittal]) await expect(obliquityOf(element)).toHaveText('');
  expect(new Set((await readAll(coronal, coronalPoints)).map((r) => r.y))).toEqual(new Set([coronalRow]));
  expect(new Set((await readAll(sagittal, sagittalPoints)).map((r) => r.x))).toEqual(new Set([sagittalColumn]));
});

test('C in MPR plays cine through the active plane, looping after its last slice, and C again stops it; opening MPR stops the stack’s cine', async ({
  page,
  stack,
}) => {
  // The whole volume is awaited first; on a busy machine that alone takes minutes.
  test.setTimeout(420_000);
  const watch = watchConsole(page);
  const { centre } = readManifest(stack.manifestPath).knownObject;
  const { series } = await openChestMpr(page, stack.manifestPath, centre.sliceIndex);
  const stackCine = page.getByTestId('cine-toggle').first();

  // The stack's cine, started under the stack, stops when MPR opens again.
  await page.keyboard.press('Shift+M');
  await expect(page.getByTestId('mpr-view')).toHaveCount(0);
  await page.keyboard.press('c');
  await expect(stackCine).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Shift+M');
  await expect(page.getByTestId('mpr-view')).toBeVisible();
  await expect(stackCine).toHaveAttribute('aria-pressed', 'false');
  const stackIndex = page.getByTestId('image-index').first();
  // A frame the stack's cine had asked for just before may still be drawn.
  await page.waitForTimeout(300);
  const stackIndexText = await stackIndex.textContent();

  const axial = plane(page, 'Axial');
  const box = (await axial.boundingBox())!;
  const a = { x: Math.round(box.x + box.width * 0.4), y: Math.round(box.y + box.height * 0.5) };
  const before = (await readAt(page, axial, a.x, a.y))!;
  expect(before, 'a readout in the axial plane').toBeDefined();
  await expect(axial).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('button', { name: 'Play cine', exact: true })).toBeVisible();

  await page.keyboard.press('c');
  await expect(page.getByRole('button', { name: 'Stop cine', exact: true })).toBeVisible();
  // One slice per frame (20 per second; fewer on a busy machine): the axial plane moves along the table,
  // the same column and row under the pointer.
  await expect.poll(async () => Math.abs((await rereadAt(page, axial, a))!.slice - before.slice), { timeout: 10_000 }).toBeGreaterThan(3);
  const playing = (await rereadAt(page, axial, a))!;
  expect([playing.x, playing.y]).toEqual([before.x, before.y]);

  await page.keyboard.press('c');
  await expect(page.getByRole('button', { name: 'Play cine', exact: true })).toBeVisible();
  const stopped = (await rereadAt(page, axial, a))!.slice;
  await page.waitForTimeout(800);
  expect((await rereadAt(page, axial, a))!.slice, 'no slice step after C stopped the cine').toBe(stopped);

  // From the last slice of the plane (End) the cine goes on from the first one: the other end of the table.
  await page.keyboard.press('End');
  await expect.poll(async () => (await rereadAt(page, axial, a))!.slice).not.toBe(stopped);
  const last = (await rereadAt(page, axial, a))!.slice;
  expect([1, series.instances.length]).toContain(last);
  await page.getByRole('button', { name: 'Play cine', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop cine', exact: true })).toBeVisible();
  await expect.poll(async () => Math.abs((await rereadAt(page, axial, a))!.slice - last), { timeout: 10_000 }).toBeGreaterThan(series.instances.length / 2);
  await page.getByRole('button', { name: 'Stop cine', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play cine', exact: true })).toBeVisible();

  // The stack under the MPR did not move; closing MPR while its cine plays leaves the stack where it was.
  await expect(stackIndex).toHaveText(stackIndexText!);
  await page.mouse.move(a.x, a.y);
  await page.keyboard.press('c');
  await expect(page.getByRole('button', { name: 'Stop cine', exact: true })).toBeVisible();
  await page.keyboard.press('Shift+M');
  await expect(page.getByTestId('mpr-view')).toHaveCount(0);
  await expect(stackCine).toHaveAttribute('aria-pressed', 'false');
  await page.waitForTimeout(500);
  await expect(stackIndex).toHaveText(stackIndexText!);
  expect(watch.problems()).toEqual({ messages: [], pageErrors: [], failedResponses: [] });
});
