import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { buildGsps } from '../src/gsps/build-gsps.ts';
import { readPart10, writePart10, type NaturalDataset } from '../src/gsps/dcmjs.ts';
import { number, personNameText, text } from '../src/gsps/dicom-values.ts';
import type { Annotation, PresentationInput, SourceImageAttributes } from '../src/gsps/types.ts';
import { newUid } from '../src/gsps/uid.ts';
import { stackArchive } from './support/archive.ts';
import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest, type ManifestStudy } from './support/samples.ts';
import { readStackState, type E2eStack } from './support/stack-state.ts';
import { drag, imagePixelToPage, openStudy } from './support/viewer.ts';

/**
 * The layout of a re-opened presentation state over the viewport: its label clear of the patient line and
 * the orientation markers, statistics wrapped and inside the viewport, arrows with their head, texts next
 * to their shapes. One state is stored as another tool (and Readroom's writer) would, one saved by the
 * viewer; every PR series added here is deleted at the end.
 */

type Box = { x: number; y: number; width: number; height: number };
type Xy = { x: number; y: number };

// Read in beforeAll: the stack exists only once the global setup has run (not when tests are listed).
let stack!: E2eStack;
let chest!: ManifestStudy;
let ctSeries!: ManifestStudy['series'][number];
const SLICE = 12;
let before: string[] = [];

const STATS = 'Area: 3500 mm², Mean: 41.2 HU, Max: 80 HU, Min: -12 HU, Std Dev: 12.5 HU';
const ROI: [readonly [number, number], readonly [number, number]] = [
  [420, 430],
  [490, 480],
];
const ARROW = { head: [200, 150], tail: [260, 100] } as const;
const OTHER_ANCHOR = [350, 250] as const;

const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const within = (inner: Box, outer: Box, slack = 1) =>
  inner.x >= outer.x - slack &&
  inner.y >= outer.y - slack &&
  inner.x + inner.width <= outer.x + outer.width + slack &&
  inner.y + inner.height <= outer.y + outer.height + slack;
/** Distance between two boxes (0 when they touch or overlap). */
const gap = (a: Box, b: Box) =>
  Math.hypot(Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width)), Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height)));
const pointBox = (p: Xy): Box => ({ x: p.x, y: p.y, width: 0, height: 0 });

/** Page position of a GSPS pixel-space point (corner origin) on the initial, fitted display. */
const pixelToPage = (viewport: Locator, [c, r]: readonly number[]) => imagePixelToPage(viewport, 512, 512, c! - 0.5, r! - 0.5);

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
  ] as const;
  const source = Object.fromEntries(keys.filter((k) => image[k] !== undefined).map((k) => [k, image[k]])) as unknown as SourceImageAttributes;
  source.PatientName = personNameText(image['PatientName']);
  return source;
}

/** A state as another tool writes one: Readroom's writer plus a text that points at its anchor without a box. */
function storedState(image: NaturalDataset): NaturalDataset {
  const on = text(image['SOPInstanceUID']);
  const annotations: Annotation[] = [
    {
      kind: 'rectangleRoi',
      referencedSopInstanceUID: on,
      points: ROI,
      text: STATS,
      textBox: [
        [495, 470],
        [640, 486],
      ],
    },
    {
      kind: 'arrow',
      referencedSopInstanceUID: on,
      points: [ARROW.head, ARROW.tail],
      text: 'Nodule',
      textBox: [
        [262, 88],
        [310, 104],
      ],
    },
  ];
  const input: PresentationInput = {
    creatorName: 'Tool^Other',
    label: 'LAYOUT',
    description: 'Layout check',
    now: new Date(2024, 2, 15, 9, 30, 0),
    uids: { seriesInstanceUID: newUid(), sopInstanceUID: newUid() },
    instanceNumber: 1,
    seriesNumber: 9301,
    referencedImages: [
      {
        sopClassUID: text(image['SOPClassUID']),
        sopInstanceUID: on,
        seriesInstanceUID: text(image['SeriesInstanceUID']),
        rows: number(image['Rows'])!,
        columns: number(image['Columns'])!,
        photometricInterpretation: text(image['PhotometricInterpretation']),
        rescale: { slope: number(image['RescaleSlope']) ?? 1, intercept: number(image['RescaleIntercept']) ?? 0, type: 'HU' },
      },
    ],
    spatial: { rotation: 0, horizontalFlip: false },
    invert: false,
    annotations,
    source: sourceOf(image),
  };
  const dataset = buildGsps(input);
  const [item] = dataset['GraphicAnnotationSequence'] as Array<Record<string, unknown[]>>;
  item!['TextObjectSequence']!.push({
    UnformattedTextValue: 'Other tool note',
    AnchorPointAnnotationUnits: 'PIXEL',
    AnchorPoint: [...OTHER_ANCHOR],
    AnchorPointVisibility: 'Y',
  });
  return dataset;
}

/** Orthanc ids of the study's PR series (lookup and series list: what the locked archive allows its admin). */
async function prSeriesOf(studyInstanceUID: string): Promise<string[]> {
  const archive = stackArchive(stack);
  const [study] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: studyInstanceUID })).json()) as Array<{ ID: string }>;
  if (!study) return [];
  const series = (await (await archive.adminFetch(`/studies/${study.ID}/series`)).json()) as Array<{ ID: string; MainDicomTags: { Modality?: string } }>;
  return series.filter((s) => s.MainDicomTags.Modality === 'PR').map((s) => s.ID);
}

test.beforeAll(async () => {
  stack = readStackState();
  chest = currentCtChest(readManifest(stack.manifestPath));
  ctSeries = chest.series.find((s) => s.modality === 'CT')!;
  before = await prSeriesOf(chest.studyInstanceUID);
  const file = path.join(path.dirname(stack.manifestPath), ctSeries.instances[SLICE]!.file);
  const bytes = readFileSync(file);
  const image = readPart10(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer).dataset;
  const dataset = storedState(image);
  const part10 = writePart10(dataset, { MediaStorageSOPClassUID: dataset['SOPClassUID'], MediaStorageSOPInstanceUID: dataset['SOPInstanceUID'] });
  const res = await stackArchive(stack).adminFetch('/instances', { method: 'POST', body: part10 });
  expect(res.status, await res.clone().text()).toBe(200);
});

test.afterAll(async () => {
  if (!stack || !chest) return;
  for (const id of await prSeriesOf(chest.studyInstanceUID))
    if (!before.includes(id)) await stackArchive(stack).adminFetch(`/series/${id}`, { method: 'DELETE' });
});

/** The image point (fractional pixels) under a page point of a fitted, centred 512 × 512 image. */
async function pageToImagePixel(viewport: Locator, x: number, y: number): Promise<{ column: number; row: number }> {
  const box = (await viewport.boundingBox())!;
  const scale = Math.min(box.width / 512, box.height / 512);
  return { column: (x - box.x - box.width / 2) / scale + 256 - 0.5, row: (y - box.y - box.height / 2) / scale + 256 - 0.5 };
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  expect(box, 'an element on screen').not.toBeNull();
  return box!;
}

/** The label: clear of the patient line and of every orientation marker. */
async function expectLabelClear(page: Page) {
  const overlay = page.getByTestId('viewport-overlay').first();
  const label = await boxOf(page.getByTestId('gsps-overlay').getByRole('note'));
  const patientLine = await boxOf(overlay.locator('.corner.top-left > div').first());
  await expect(overlay.locator('.corner.top-left > div').first()).toHaveText(/\S/);
  expect(intersects(label, patientLine), `label ${JSON.stringify(label)} over the patient line ${JSON.stringify(patientLine)}`).toBe(false);
  for (const side of ['top', 'bottom', 'left', 'right']) {
    const marker = await boxOf(page.getByTestId(`marker-${side}`).first());
    expect(intersects(label, marker), `label ${JSON.stringify(label)} over the ${side} marker ${JSON.stringify(marker)}`).toBe(false);
  }
  expect(within(label, await boxOf(page.getByTestId('viewport').first()))).toBe(true);
}

async function tipOf(head: Locator): Promise<Xy> {
  const origin = await boxOf(head.page().getByTestId('gsps-overlay').locator('svg'));
  const [x, y] = ((await head.getAttribute('data-tip')) ?? '').split(',').map(Number);
  return { x: origin.x + x!, y: origin.y + y! };
}

function expectNear(actual: Xy, expected: Xy, what: string, tolerance = 1.5) {
  expect(Math.hypot(actual.x - expected.x, actual.y - expected.y), `${what}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`).toBeLessThan(tolerance);
}

test('a stored state: label clear of the corner text and markers, statistics wrapped inside, arrows with heads, texts by their shapes', async ({ page }) => {
  const viewport = await openStudy(page, chest.studyInstanceUID);
  await page
    .getByRole('region', { name: 'Presentation states' })
    .getByRole('button', { name: /^LAYOUT, by Tool, Other/ })
    .click();
  await expect(page.getByTestId('image-index').first()).toHaveText(`Image ${SLICE + 1} / ${ctSeries.instances.length}`);
  const overlay = page.getByTestId('gsps-overlay');
  await expect(overlay.getByTestId('gsps-graphic')).toHaveCount(2);
  await expectLabelClear(page);
  const view = await boxOf(viewport);

  // Statistics: several lines, all of the text, inside the viewport, beside the rectangle.
  const stats = overlay.getByTestId('gsps-text').filter({ hasText: 'Mean' });
  await expect(stats).toHaveText(STATS);
  expect(await stats.locator('tspan').count()).toBeGreaterThan(1);
  const statsBox = await boxOf(stats);
  expect(within(statsBox, view), `statistics ${JSON.stringify(statsBox)} inside ${JSON.stringify(view)}`).toBe(true);
  const roi = await boxOf(overlay.locator('polygon[data-graphic-type="POLYLINE"]'));
  expect(gap(statsBox, roi)).toBeLessThanOrEqual(30);

  // Arrows: a head at each pointed-at anchor (the arrow's head, the other tool's anchor).
  const heads = overlay.getByTestId('gsps-arrowhead');
  await expect(heads).toHaveCount(2);
  const tips = await Promise.all((await heads.all()).map(tipOf));
  const arrowHead = await pixelToPage(viewport, ARROW.head);
  const otherAnchor = await pixelToPage(viewport, OTHER_ANCHOR);
  expectNear(
    tips.reduce((a, b) => (Math.hypot(a.x - arrowHead.x, a.y - arrowHead.y) < Math.hypot(b.x - arrowHead.x, b.y - arrowHead.y) ? a : b)),
    arrowHead,
    'arrow head',
  );
  expectNear(
    tips.reduce((a, b) => (Math.hypot(a.x - otherAnchor.x, a.y - otherAnchor.y) < Math.hypot(b.x - otherAnchor.x, b.y - otherAnchor.y) ? a : b)),
    otherAnchor,
    'other tool anchor',
  );
  for (const head of await heads.all()) expect((await boxOf(head)).width).toBeGreaterThan(3);

  // Texts next to their shapes.
  const nodule = await boxOf(overlay.getByTestId('gsps-text').filter({ hasText: 'Nodule' }));
  expect(gap(nodule, pointBox(await pixelToPage(viewport, ARROW.tail)))).toBeLessThanOrEqual(30);
  const other = await boxOf(overlay.getByTestId('gsps-text').filter({ hasText: 'Other tool note' }));
  expect(gap(other, pointBox(otherAnchor))).toBeLessThanOrEqual(30);
  await page.screenshot({ path: test.info().outputPath('gsps-overlay-layout.png') });
});

test('a state saved by Readroom keeps its arrowhead and its statistics inside the viewport', async ({ page }) => {
  const viewport = await openStudy(page, chest.studyInstanceUID);
  const at = (c: number, r: number) => imagePixelToPage(viewport, 512, 512, c, r);
  const head = await at(150, 200);
  await page.keyboard.press('t');
  await drag(page, head, await at(220, 140));
  const editor = page.getByRole('dialog', { name: 'Arrow text' });
  await editor.getByLabel('Text').fill('Finding');
  await editor.getByRole('button', { name: 'OK' }).click();
  // Where the reader saw the text (Cornerstone puts it beside the arrow), as an image point: the page's
  // layout changes before the saved state is shown.
  const drawnText = await boxOf(viewport.locator('svg text', { hasText: 'Finding' }));
  const drawnAt = await pageToImagePixel(viewport, drawnText.x, drawnText.y);
  await page.keyboard.press('b');
  // Near the image's right edge: Cornerstone puts the statistics to its right.
  await drag(page, await at(440, 440), await at(505, 500));
  await expect(viewport.locator('svg text', { hasText: 'Mean' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Save annotations' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved 2 annotations' })).toBeVisible();

  const state = page.getByRole('region', { name: 'Presentation states' }).getByRole('button', { name: /^ANNOTATIONS, by / });
  await expect(state).toHaveCount(1);
  await state.click();
  const overlay = page.getByTestId('gsps-overlay');
  await expect(overlay.getByTestId('gsps-graphic')).toHaveCount(2);
  await expectLabelClear(page);

  const heads = overlay.getByTestId('gsps-arrowhead');
  await expect(heads).toHaveCount(1);
  // Drawn with its head where the drag started (Cornerstone's arrowFirst); the tip is at that image point,
  // computed again now: the list of saved states changed the page's layout since the drag.
  expectNear(await tipOf(heads), await at(150, 200), 'arrow head', 2);
  const stats = overlay.getByTestId('gsps-text').filter({ hasText: 'Mean' });
  expect(await stats.locator('tspan').count()).toBeGreaterThan(1);
  const view = await boxOf(viewport);
  const statsBox = await boxOf(stats);
  expect(within(statsBox, view), `statistics ${JSON.stringify(statsBox)} inside ${JSON.stringify(view)}`).toBe(true);
  const roi = await boxOf(overlay.locator('polygon[data-graphic-type="POLYLINE"]'));
  expect(gap(statsBox, roi)).toBeLessThanOrEqual(30);
  // The text is shown where it was drawn (its box is stored as displayed), a line's height at most away.
  const finding = await boxOf(overlay.getByTestId('gsps-text').filter({ hasText: 'Finding' }));
  expectNear(finding, await at(drawnAt.column, drawnAt.row), 'arrow text', 16);
  await page.screenshot({ path: test.info().outputPath('gsps-overlay-layout-readroom.png') });
});
