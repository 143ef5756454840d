import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { HAND_BUILT, handBuiltGsps } from '../scripts/testing/gsps-handbuilt.ts';
import { buildGsps } from '../src/gsps/build-gsps.ts';
import { readPart10, writePart10, type NaturalDataset } from '../src/gsps/dcmjs.ts';
import { isoFromDicom, number, numbers, personNameText, text } from '../src/gsps/dicom-values.ts';
import type { PresentationInput, SourceImageAttributes } from '../src/gsps/types.ts';
import { newUid } from '../src/gsps/uid.ts';
import type { ArchiveClient } from '../scripts/archive/archive-client.ts';
import { stackArchive } from './support/archive.ts';
import { test, expect } from './support/fixtures.ts';
import type { SampleManifest } from '../scripts/samples/manifest.ts';
import { currentCtChest, readManifest, type ManifestStudy } from './support/samples.ts';
import { readStackState, type E2eStack } from './support/stack-state.ts';
import { canvasMean, drag, imagePixelToPage, openStudy } from './support/viewer.ts';

/**
 * Presentation states written by other tools — DCMTK's dcmpsmk, and a hand-built one with CIRCLE,
 * INTERPOLATED, DISPLAY units and bounding-box text — are listed and applied to the real CT chest.
 * They are stored straight into the archive and deleted at the end (the specs share one archive).
 */

// Read in beforeAll: the stack exists only once the global setup has run (not when tests are listed).
let stack!: E2eStack;
let manifest!: SampleManifest;
let chest!: ManifestStudy;
let ctSeries!: ManifestStudy['series'][number];
let AIR!: SampleManifest['knownPixels'][number];
let DCMTK_SLICE!: number;
let HAND_BUILT_SLICE!: number;
let mr!: ManifestStudy;
let mrFirst!: ManifestStudy['series'][number];
let mrSecond!: ManifestStudy['series'][number];
let archive!: ArchiveClient;
let dir!: string;
const HAND_BUILT_CREATED = new Date(2024, 2, 15, 9, 30, 0);
const MR_INDEX = 5;
const MR_LENGTH = [
  [64.5, 100.25],
  [190, 150],
] as const;
const storedSeries: string[] = [];
let dcmtkCreated = '';

function readSetup(): void {
  stack = readStackState();
  manifest = readManifest(stack.manifestPath);
  chest = currentCtChest(manifest);
  ctSeries = chest.series.find((s) => s.modality === 'CT')!;
  const sliceOf = (name: string) => manifest.knownPixels.find((p) => p.name === name)!;
  AIR = sliceOf('air outside body');
  DCMTK_SLICE = sliceOf('aorta').sliceIndex;
  HAND_BUILT_SLICE = sliceOf('heart').sliceIndex;
  mr = manifest.studies.find((s) => s.key === 'mr-brain')!;
  [mrFirst, mrSecond] = [...mr.series].sort((a, b) => a.seriesNumber - b.seriesNumber) as [typeof mrFirst, typeof mrSecond];
  archive = stackArchive(stack);
  dir = mkdtempSync(path.join(tmpdir(), 'readroom-gsps-e2e-'));
}

function instanceFile(sliceIndex: number): string {
  const pixel = manifest.knownPixels.find((p) => p.sliceIndex === sliceIndex)!;
  const instance = ctSeries.instances.find((i) => i.sopInstanceUID === pixel.sopInstanceUID)!;
  return path.join(path.dirname(stack.manifestPath), instance.file);
}

const toArrayBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

async function store(bytes: Uint8Array): Promise<void> {
  const res = await archive.adminFetch('/instances', { method: 'POST', body: toArrayBuffer(bytes) });
  expect(res.status, await res.clone().text()).toBe(200);
  const { ParentSeries } = (await res.json()) as { ParentSeries: string };
  storedSeries.push(ParentSeries);
}

function sourceOf(image: NaturalDataset): SourceImageAttributes {
  const keys = [
    'SpecificCharacterSet',
    'PatientID',
    'IssuerOfPatientID',
    'PatientBirthDate',
    'PatientSex',
    'StudyInstanceUID',
    'StudyDate',
    'StudyTime',
    'StudyID',
    'AccessionNumber',
    'StudyDescription',
    'BodyPartExamined',
  ] as const;
  const source = Object.fromEntries(keys.filter((k) => image[k] !== undefined).map((k) => [k, image[k]])) as unknown as SourceImageAttributes;
  source.PatientName = personNameText(image['PatientName']);
  source.ReferringPhysicianName = personNameText(image['ReferringPhysicianName']);
  return source;
}

function referencedImageOf(image: NaturalDataset) {
  return {
    sopClassUID: text(image['SOPClassUID']),
    sopInstanceUID: text(image['SOPInstanceUID']),
    seriesInstanceUID: text(image['SeriesInstanceUID']),
    rows: number(image['Rows'])!,
    columns: number(image['Columns'])!,
    photometricInterpretation: text(image['PhotometricInterpretation']),
  };
}

/** Readroom's own writer: a length on an MR T2 image, magnified 2× on the middle of the image. */
function mrInput(image: NaturalDataset): PresentationInput {
  const ref = referencedImageOf(image);
  return {
    creatorName: 'Reader^Rita',
    label: 'MR LENGTH',
    description: '',
    now: new Date(2024, 1, 21, 8, 5, 0),
    uids: { seriesInstanceUID: newUid(), sopInstanceUID: newUid() },
    instanceNumber: 1,
    seriesNumber: 9202,
    referencedImages: [
      { ...ref, voi: { center: 1000, width: 2000 }, displayedArea: { tlhc: [65, 65], brhc: [192, 192], sizeMode: 'MAGNIFY', magnification: 2 } },
    ],
    spatial: { rotation: 0, horizontalFlip: false },
    invert: false,
    annotations: [{ kind: 'length', referencedSopInstanceUID: ref.sopInstanceUID, points: [MR_LENGTH[0], MR_LENGTH[1]], text: '117.2 mm' }],
    source: sourceOf(image),
  };
}

function handBuiltInput(image: NaturalDataset): PresentationInput {
  return {
    creatorName: 'Tool^Other',
    label: 'HANDBUILT',
    description: 'Written by hand, as another tool would',
    now: HAND_BUILT_CREATED,
    uids: { seriesInstanceUID: newUid(), sopInstanceUID: newUid() },
    instanceNumber: 1,
    seriesNumber: 9201,
    referencedImages: [
      {
        ...referencedImageOf(image),
        rescale: { slope: number(image['RescaleSlope']) ?? 1, intercept: number(image['RescaleIntercept']) ?? 0, type: 'HU' },
        voi: { center: -600, width: 1500, explanation: 'LUNG', function: 'SIGMOID' },
      },
    ],
    // Rotated a quarter turn clockwise, then mirrored: the image is shown transposed.
    spatial: { rotation: 90, horizontalFlip: true },
    invert: true,
    annotations: [],
    source: sourceOf(image),
  };
}

test.beforeAll(async () => {
  readSetup();
  const dcmtkPs = path.join(dir, 'dcmpsmk-ps.dcm');
  execFileSync('dcmpsmk', ['+Vw', '+te', instanceFile(DCMTK_SLICE), dcmtkPs]);
  const dcmtk = readFileSync(dcmtkPs);
  const written = readPart10(toArrayBuffer(dcmtk)).dataset;
  dcmtkCreated = isoFromDicom(text(written['PresentationCreationDate']), text(written['PresentationCreationTime'])).slice(0, 16).replace('T', ' ');
  await store(dcmtk);

  const image = readPart10(toArrayBuffer(readFileSync(instanceFile(HAND_BUILT_SLICE)))).dataset;
  const dataset = handBuiltGsps(handBuiltInput(image), { tlhc: [1, 1], brhc: [512, 512], sizeMode: 'SCALE TO FIT' });
  await store(new Uint8Array(writePart10(dataset, { MediaStorageSOPClassUID: dataset['SOPClassUID'], MediaStorageSOPInstanceUID: dataset['SOPInstanceUID'] })));

  const mrFile = path.join(path.dirname(stack.manifestPath), mrSecond!.instances[MR_INDEX]!.file);
  const mrPs = buildGsps(mrInput(readPart10(toArrayBuffer(readFileSync(mrFile))).dataset));
  await store(new Uint8Array(writePart10(mrPs, { MediaStorageSOPClassUID: mrPs['SOPClassUID'], MediaStorageSOPInstanceUID: mrPs['SOPInstanceUID'] })));
});

/** Orthanc ids of the PR series of a study (the samples have none; every one is this spec's). */
async function prSeriesOf(studyInstanceUID: string): Promise<string[]> {
  const [study] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: studyInstanceUID })).json()) as Array<{ ID: string }>;
  if (!study) return [];
  const series = (await (await archive.adminFetch(`/studies/${study.ID}/series`)).json()) as Array<{ ID: string; MainDicomTags: { Modality?: string } }>;
  return series.filter((s) => s.MainDicomTags.Modality === 'PR').map((s) => s.ID);
}

test.afterAll(async () => {
  if (chest) storedSeries.push(...(await prSeriesOf(chest.studyInstanceUID)).filter((id) => !storedSeries.includes(id)));
  for (const id of storedSeries) await archive.adminFetch(`/series/${id}`, { method: 'DELETE' });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const markers = async (page: Page) => ({
  top: await page.getByTestId('marker-top').first().textContent(),
  bottom: await page.getByTestId('marker-bottom').first().textContent(),
  left: await page.getByTestId('marker-left').first().textContent(),
  right: await page.getByTestId('marker-right').first().textContent(),
});

type Xy = { x: number; y: number };

/** Page position of a GSPS pixel-space point (corner origin) on the transposed display, by the test's own geometry. */
async function transposedToPage(viewport: Locator, [x, y]: readonly number[]): Promise<Xy> {
  // imagePixelToPage takes pixel indices (it adds the half pixel to reach a centre); transposed, x and y swap.
  return imagePixelToPage(viewport, 512, 512, y! - 0.5, x! - 0.5);
}

/** The page positions of SVG user-space coordinates (the overlay has no viewBox: user units are CSS pixels). */
async function svgToPage(page: Page, points: Array<[number, number]>): Promise<Xy[]> {
  const box = (await page.getByTestId('gsps-overlay').locator('svg').boundingBox())!;
  return points.map(([x, y]) => ({ x: box.x + x, y: box.y + y }));
}

const numbersIn = (value: string | null) => (value ?? '').match(/-?\d+(\.\d+)?/g)!.map(Number);
const pairs = (values: number[]): Array<[number, number]> =>
  Array.from({ length: Math.floor(values.length / 2) }, (_, i) => [values[2 * i]!, values[2 * i + 1]!]);

function expectNear(actual: Xy, expected: Xy, what: string) {
  expect(Math.abs(actual.x - expected.x), `${what}: x ${actual.x} vs ${expected.x}`).toBeLessThan(1);
  expect(Math.abs(actual.y - expected.y), `${what}: y ${actual.y} vs ${expected.y}`).toBeLessThan(1);
}

test('presentation states from other tools are listed, applied and drawn read-only where they belong', async ({ page }) => {
  const viewport = await openStudy(page, chest.studyInstanceUID);
  const states = page.getByRole('region', { name: 'Presentation states' });
  await expect(states.getByRole('button')).toHaveCount(3);
  const none = states.getByRole('button', { name: 'None' });
  const handBuilt = states.getByRole('button', { name: 'HANDBUILT, by Tool, Other, 2024-03-15 09:30' });
  const dcmtk = states.getByRole('button', { name: `UNNAMED, by unknown author, ${dcmtkCreated}` });
  await expect(none).toHaveAttribute('aria-pressed', 'true');
  await expect(handBuilt).toContainText('Written by hand, as another tool would');
  // The PR series are not image series.
  await expect(page.getByTestId('series-card')).toHaveCount(1);

  // The hand-built state: its image, window (with its VOI LUT function), inversion, rotation and flip.
  await handBuilt.click();
  await expect(handBuilt).toHaveAttribute('aria-pressed', 'true');
  await expect(none).toHaveAttribute('aria-pressed', 'false');
  const overlay = page.getByTestId('gsps-overlay');
  await expect(overlay.getByRole('note')).toHaveText('GSPS: HANDBUILT — Tool, Other, 2024-03-15 09:30 (read-only)');
  await expect(page.getByTestId('image-index').first()).toHaveText(`Image ${HAND_BUILT_SLICE + 1} / ${ctSeries.instances.length}`);
  await expect(page.getByTestId('voi-readout').first()).toHaveText('W: 1500 L: -600');
  await expect(page.getByTestId('viewport-overlay').first()).toContainText('VOI LUT SIGMOID');
  await expect.poll(() => markers(page)).toEqual({ top: 'R', bottom: 'L', left: 'A', right: 'P' });
  // INVERSE: air (−1000 HU, dark in a lung window) is light.
  const air = await transposedToPage(viewport, [AIR.column + 0.5, AIR.row + 0.5]);
  await expect.poll(() => canvasMean(viewport, air.x, air.y, 3)).toBeGreaterThan(150);

  // Graphics: every type, where the image puts them.
  const graphics = overlay.getByTestId('gsps-graphic');
  await expect(graphics).toHaveCount(5);
  const byType = (type: string) => overlay.locator(`[data-graphic-type="${type}"]`);
  const box = (await viewport.boundingBox())!;
  const side = Math.min(box.width, box.height);
  const scale = side / 512;

  const circle = byType('CIRCLE');
  await expect(circle).toHaveAttribute('fill', 'currentColor'); // GraphicFilled Y
  const [cx, cy, rx, ry] = await Promise.all(['cx', 'cy', 'rx', 'ry'].map(async (a) => Number(await circle.getAttribute(a))));
  expectNear((await svgToPage(page, [[cx!, cy!]]))[0]!, await transposedToPage(viewport, HAND_BUILT.circle.center), 'circle centre');
  expect(Math.abs(rx! - 20 * scale)).toBeLessThan(1);
  expect(Math.abs(ry! - 20 * scale)).toBeLessThan(1);

  // INTERPOLATED: a smooth curve through every point (the Bézier segments' end points).
  const d = numbersIn(await byType('INTERPOLATED').getAttribute('d'));
  const through = pairs(d).filter((_, i) => i === 0 || i % 3 === 0);
  expect(through).toHaveLength(HAND_BUILT.interpolated.length);
  expect((await byType('INTERPOLATED').getAttribute('d'))!).toMatch(/^M [-\d.]+ [-\d.]+ C /);
  const throughPage = await svgToPage(page, through);
  for (const [i, p] of HAND_BUILT.interpolated.entries()) expectNear(throughPage[i]!, await transposedToPage(viewport, p), `curve point ${i}`);

  // POLYLINE in DISPLAY units: the displayed area's diagonal, corner to corner of the fitted square.
  const polylines = byType('POLYLINE');
  await expect(polylines).toHaveCount(2);
  const diagonal = await svgToPage(page, pairs(numbersIn(await overlay.locator('polyline[data-graphic-type="POLYLINE"]').getAttribute('points'))));
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  expectNear(diagonal[0]!, { x: centre.x - side / 2, y: centre.y - side / 2 }, 'display (0,0)');
  expectNear(diagonal[1]!, { x: centre.x + side / 2, y: centre.y + side / 2 }, 'display (1,1)');
  const closed = await svgToPage(page, pairs(numbersIn(await overlay.locator('polygon[data-graphic-type="POLYLINE"]').getAttribute('points'))));
  expect(closed).toHaveLength(3);
  for (const [i, p] of HAND_BUILT.closedPolyline.slice(0, 3).entries())
    expectNear(closed[i]!, await transposedToPage(viewport, p), `closed polyline point ${i}`);
  const point = byType('POINT');
  expectNear(
    (await svgToPage(page, [[Number(await point.getAttribute('cx')), Number(await point.getAttribute('cy'))]]))[0]!,
    await transposedToPage(viewport, HAND_BUILT.point),
    'point',
  );

  // Texts: in their bounding boxes as displayed, or beside their anchor.
  const texts = overlay.getByTestId('gsps-text');
  await expect(texts).toHaveText([HAND_BUILT.pixelBox.text, HAND_BUILT.anchorText.text, HAND_BUILT.displayBox.text]);
  const displayBox = texts.filter({ hasText: HAND_BUILT.displayBox.text });
  const [bx, by, bw, bh] = numbersIn(await displayBox.getAttribute('data-box'));
  const [boxTopLeft] = await svgToPage(page, [[bx!, by!]]);
  expectNear(boxTopLeft!, { x: centre.x - side / 2 + 0.1 * side, y: centre.y - side / 2 + 0.1 * side }, 'DISPLAY box corner');
  expect(Math.abs(bw! - 0.4 * side)).toBeLessThan(1);
  expect(Math.abs(bh! - 0.1 * side)).toBeLessThan(1);
  const pixelBox = texts.filter({ hasText: HAND_BUILT.pixelBox.text });
  const [px, py] = numbersIn(await pixelBox.getAttribute('data-box'));
  // Transposed, the box's rows 5–20 run across and its columns 5–60 down.
  expectNear((await svgToPage(page, [[px!, py!]]))[0]!, await transposedToPage(viewport, [5, 5]), 'PIXEL box corner');
  await expect(pixelBox).toHaveAttribute('text-anchor', 'middle');
  const anchorLine = overlay.locator('line.gsps-anchor-line');
  const anchorEnd = await svgToPage(page, [[Number(await anchorLine.getAttribute('x2')), Number(await anchorLine.getAttribute('y2'))]]);
  expectNear(anchorEnd[0]!, await transposedToPage(viewport, HAND_BUILT.anchorText.anchor), 'text anchor');

  // Only on the image they apply to.
  await viewport.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('image-index').first()).toHaveText(`Image ${HAND_BUILT_SLICE + 2} / ${ctSeries.instances.length}`);
  await expect(graphics).toHaveCount(0);
  await expect(overlay.getByRole('note')).toContainText('not on this image');
  await page.keyboard.press('ArrowUp');
  await expect(graphics).toHaveCount(5);
  // They follow the view: zooming the viewport moves them with the image.
  const before = await circle.getAttribute('rx');
  await page.keyboard.press('z');
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  await page.mouse.move(centre.x, centre.y + 100, { steps: 5 });
  await page.mouse.up();
  await expect(circle).not.toHaveAttribute('rx', before!);

  // Reset view (Space) with a SIGMOID window and INVERSE applied: the image's own display, the state stays drawn.
  await viewport.focus();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('voi-readout').first()).toHaveText('W: 400 L: 40');
  await expect(page.getByTestId('viewport-overlay').first()).not.toContainText('VOI LUT');
  await expect.poll(() => markers(page)).toEqual({ top: 'A', bottom: 'P', left: 'R', right: 'L' });
  const airReset = await imagePixelToPage(viewport, 512, 512, AIR.column, AIR.row);
  await expect.poll(() => canvasMean(viewport, airReset.x, airReset.y, 3)).toBeLessThan(30);
  await expect(graphics).toHaveCount(5);

  // DCMTK's state: back to the original orientation, its window, no graphics; identity Presentation LUT.
  await dcmtk.click();
  await expect(overlay.getByRole('note')).toHaveText(`GSPS: UNNAMED — unknown author, ${dcmtkCreated} (read-only)`);
  await expect(page.getByTestId('image-index').first()).toHaveText(`Image ${DCMTK_SLICE + 1} / ${ctSeries.instances.length}`);
  await expect(page.getByTestId('voi-readout').first()).toHaveText('W: 400 L: 40');
  await expect(page.getByTestId('viewport-overlay').first()).not.toContainText('VOI LUT');
  await expect(page.getByTestId('zoom-readout').first()).toHaveText('Zoom 1.00×');
  await expect.poll(() => markers(page)).toEqual({ top: 'A', bottom: 'P', left: 'R', right: 'L' });
  await expect(graphics).toHaveCount(0);
  const airAgain = await imagePixelToPage(viewport, 512, 512, AIR.column, AIR.row);
  await expect.poll(() => canvasMean(viewport, airAgain.x, airAgain.y, 3)).toBeLessThan(30);

  // None: the overlay goes and the view is the image's own again.
  await none.click();
  await expect(none).toHaveAttribute('aria-pressed', 'true');
  await expect(overlay).toHaveCount(0);
  await expect(page.getByTestId('voi-readout').first()).toHaveText('W: 400 L: 40');
});

test('a state on a series that is not on screen hangs it at its image, magnified as the state says', async ({ page }) => {
  const viewport = await openStudy(page, mr.studyInstanceUID);
  const slot = page.getByTestId('viewport-slot').first();
  await expect(slot).toHaveAttribute('data-series-uid', mrFirst!.seriesInstanceUID);
  const state = page.getByRole('region', { name: 'Presentation states' }).getByRole('button', { name: 'MR LENGTH, by Reader, Rita, 2024-02-21 08:05' });
  await state.click();
  await expect(slot).toHaveAttribute('data-series-uid', mrSecond!.seriesInstanceUID);
  // The viewer stacks axial slices head first (highest z first): where the referenced slice is in that order.
  const z = (file: string) =>
    numbers(readPart10(toArrayBuffer(readFileSync(path.join(path.dirname(stack.manifestPath), file)))).dataset['ImagePositionPatient'])[2]!;
  const heights = mrSecond!.instances.map((i) => z(i.file));
  const shownAt = heights.filter((h) => h > heights[MR_INDEX]!).length;
  await expect(page.getByTestId('image-index').first()).toHaveText(`Image ${shownAt + 1} / ${mrSecond!.instances.length}`);
  await expect(page.getByTestId('voi-readout').first()).toHaveText('W: 2000 L: 1000');
  const overlay = page.getByTestId('gsps-overlay');
  await expect(overlay.getByTestId('gsps-text')).toHaveText(['117.2 mm']);

  // MAGNIFY 2: one image pixel is two CSS pixels, the displayed area's centre (pixel 128, 128) in the middle.
  const box = (await viewport.boundingBox())!;
  const magnified = ([x, y]: readonly number[]) => ({ x: box.x + box.width / 2 + (x! - 128) * 2, y: box.y + box.height / 2 + (y! - 128) * 2 });
  await expect(page.getByTestId('zoom-readout').first()).toHaveText(`Zoom ${(2 / (Math.min(box.width, box.height) / 256)).toFixed(2)}×`);
  const line = await svgToPage(page, pairs(numbersIn(await overlay.locator('polyline[data-graphic-type="POLYLINE"]').getAttribute('points'))));
  expectNear(line[0]!, magnified(MR_LENGTH[0]), 'length start');
  expectNear(line[1]!, magnified(MR_LENGTH[1]), 'length end');

  await page.getByRole('region', { name: 'Presentation states' }).getByRole('button', { name: 'None' }).click();
  await expect(overlay).toHaveCount(0);
  await expect(page.getByTestId('zoom-readout').first()).toHaveText('Zoom 1.00×');
});

test('a state saved by Readroom shows the view and the measurement as the reader left them', async ({ page }) => {
  const viewport = await openStudy(page, chest.studyInstanceUID);
  const box = (await viewport.boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  // A window preset, a zoom (right button), a quarter turn and a flip; then a length drawn on that view.
  const voi = page.getByTestId('voi-readout').first();
  const initialWindow = (await voi.textContent())!;
  await viewport.focus();
  await page.keyboard.press('4');
  await expect(voi).not.toHaveText(initialWindow);
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(centre.x, centre.y + 60, { steps: 8 });
  await page.mouse.up({ button: 'right' });
  await expect(page.getByTestId('zoom-readout').first()).not.toHaveText('Zoom 1.00×');
  await page.keyboard.press('r');
  await page.keyboard.press('h');
  await expect.poll(() => markers(page)).toEqual({ top: 'R', bottom: 'L', left: 'A', right: 'P' });
  const saved = {
    window: await page.getByTestId('voi-readout').first().textContent(),
    zoom: Number(/Zoom ([\d.]+)/.exec((await page.getByTestId('zoom-readout').first().textContent()) ?? '')?.[1]),
    markers: await markers(page),
  };
  expect(saved.zoom).toBeGreaterThan(1.1);
  await page.keyboard.press('l');
  await drag(page, { x: centre.x - 90, y: centre.y - 40 }, { x: centre.x + 70, y: centre.y + 50 });
  await page.getByRole('button', { name: 'Save annotations' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved 1 annotation' })).toBeVisible();

  // The list follows the save; the view goes back to the image's own, then the saved state restores it.
  const states = page.getByRole('region', { name: 'Presentation states' });
  const state = states.getByRole('button', { name: /^ANNOTATIONS, by / });
  await expect(state).toHaveCount(1);
  await viewport.focus();
  await page.keyboard.press(' ');
  await expect(page.getByTestId('zoom-readout').first()).toHaveText('Zoom 1.00×');
  await state.click();
  await expect(page.getByTestId('voi-readout').first()).toHaveText(saved.window!);
  await expect.poll(() => markers(page)).toEqual(saved.markers);
  const zoom = Number(/Zoom ([\d.]+)/.exec((await page.getByTestId('zoom-readout').first().textContent()) ?? '')?.[1]);
  // The Displayed Area is whole pixels: the zoom comes back within a pixel over the area's width.
  expect(Math.abs(zoom - saved.zoom) / saved.zoom).toBeLessThan(0.01);
  const overlay = page.getByTestId('gsps-overlay');
  await expect(overlay.getByTestId('gsps-text')).toHaveText([/^[\d.]+ mm$/]);
  const line = await svgToPage(page, pairs(numbersIn(await overlay.locator('polyline[data-graphic-type="POLYLINE"]').getAttribute('points'))));
  // The reader's own length is still on screen, drawn by Cornerstone from its world coordinates: the saved
  // state's line lies on it (its pixel coordinates are exact; only the view came back through whole pixels).
  const layer = viewport.locator('svg.svg-layer');
  const origin = (await layer.boundingBox())!;
  const readerLines = await layer.locator('line').evaluateAll((lines) => lines.map((l) => ['x1', 'y1', 'x2', 'y2'].map((a) => Number(l.getAttribute(a)))));
  const distances = readerLines.map(([x1, y1, x2, y2]) =>
    Math.max(Math.hypot(origin.x + x1! - line[0]!.x, origin.y + y1! - line[0]!.y), Math.hypot(origin.x + x2! - line[1]!.x, origin.y + y2! - line[1]!.y)),
  );
  expect(Math.min(...distances), JSON.stringify({ line, readerLines, origin })).toBeLessThan(0.5);
  expect(Math.hypot(line[1]!.x - line[0]!.x, line[1]!.y - line[0]!.y)).toBeGreaterThan(100);
});
