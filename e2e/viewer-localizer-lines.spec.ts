import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { readManifest, type ManifestStudy } from './support/samples.ts';
import { imagePixelToPage } from './support/viewer.ts';
import { slot, studyByKey, viewerUrl } from './support/viewer-layout.ts';

type Series = ManifestStudy['series'][number];

interface Geometry {
  ipp: number[];
  iop: number[];
  spacing: number[];
  rows: number;
  columns: number;
  frameOfReference: string;
}

/** The plane of every instance of a series, read by pydicom from the generated files (not by the app). */
function geometry(manifestPath: string, series: Series): Geometry[] {
  const script = [
    'import json, sys, pydicom',
    'out = []',
    'for f in sys.argv[1:]:',
    '    ds = pydicom.dcmread(f, stop_before_pixels=True)',
    '    out.append({"ipp": [float(v) for v in ds.ImagePositionPatient], "iop": [float(v) for v in ds.ImageOrientationPatient],',
    '                "spacing": [float(v) for v in ds.PixelSpacing], "rows": int(ds.Rows), "columns": int(ds.Columns),',
    '                "frameOfReference": str(ds.FrameOfReferenceUID)})',
    'print(json.dumps(out))',
  ].join('\n');
  const files = series.instances.map((i) => path.join(path.dirname(manifestPath), i.file));
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, ...files], { encoding: 'utf8' })) as Geometry[];
}

const point = (text: string | null) => text!.split(',').map(Number) as [number, number];

async function expectLineAtRow(page: Page, scoutSlot: Locator, scout: Geometry, row: number): Promise<void> {
  const line = scoutSlot.getByTestId('localizer-line');
  await expect(line).toHaveCount(1);
  await expect(line).toHaveAttribute('data-source-viewport', 'viewport-1');
  // Edge to edge of the scout, on the row where the slice's height lies.
  await expect.poll(async () => point(await line.getAttribute('data-from'))).toEqual([-0.5, row]);
  await expect.poll(async () => point(await line.getAttribute('data-to'))).toEqual([scout.columns - 0.5, row]);
  // And drawn there: the line's height on the page is that of the centre of the row's pixels.
  const expected = await imagePixelToPage(scoutSlot.getByTestId('viewport'), scout.columns, scout.rows, 0, row);
  const svgBox = (await scoutSlot.getByTestId('localizer-lines').boundingBox())!;
  const y1 = Number(await line.getAttribute('y1'));
  expect(Number(await line.getAttribute('y2'))).toBeCloseTo(y1, 3);
  expect(Math.abs(svgBox.y + y1 - expected.y)).toBeLessThan(1.5);
  await page.screenshot({ path: test.info().outputPath(`localizer-row-${row}.png`) });
}

/**
 * The other issuer's chest CT: its 5 mm axial series and AP scout (one frame of reference), their geometry from
 * pydicom, the slices' heights head first (the viewer's order) and the scout row of a height (row r of the
 * scout lies at z = IPPz − r × row spacing).
 */
function scoutAndSlices(manifestPath: string) {
  const study = studyByKey(readManifest(manifestPath), 'ct-chest-other-issuer');
  const axial = study.series.find((s) => s.description === 'Chest 5 mm axial')!;
  const scoutSeries = study.series.find((s) => s.description === 'Scout AP')!;
  const scout = geometry(manifestPath, scoutSeries)[0]!;
  const slices = geometry(manifestPath, axial);
  const heights = slices.map((s) => s.ipp[2]!).sort((a, b) => b - a);
  const rowOf = (z: number) => (scout.ipp[2]! - z) / scout.spacing[0]!;
  return { study, axial, scoutSeries, scout, slices, heights, rowOf };
}

test('the axial slice on screen is drawn on the scout of its frame of reference, and follows the scroll', async ({ page, stack }) => {
  const { study, axial, scoutSeries, scout, slices, heights, rowOf } = scoutAndSlices(stack.manifestPath);
  // The scout is a coronal image (columns to the patient's left, rows to the feet) of the slices' frame of reference.
  expect(scout.iop).toEqual([1, 0, 0, 0, 0, -1]);
  expect(slices.every((s) => s.frameOfReference === scout.frameOfReference && s.iop.join() === '1,0,0,0,1,0')).toBe(true);

  await page.goto(viewerUrl([study], [axial.seriesInstanceUID, scoutSeries.seriesInstanceUID]));
  // The viewer's chunk is megabytes and the machine may be busy: the first load gets a minute.
  await expect(page.getByTestId('viewport-slot')).toHaveCount(2, { timeout: 60_000 });
  await expect(slot(page, 1)).toHaveAttribute('data-series-uid', axial.seriesInstanceUID);
  await expect(slot(page, 2)).toHaveAttribute('data-series-uid', scoutSeries.seriesInstanceUID);
  const index = slot(page, 1).getByTestId('image-index');
  await expect(index).toHaveText(`Image 1 / ${slices.length}`, { timeout: 30_000 });
  await expect(slot(page, 2).getByTestId('image-index')).toHaveText('Image 1 / 1', { timeout: 30_000 });

  const toggle = page.getByRole('toolbar', { name: 'Reading tools' }).getByRole('button', { name: 'Localizer lines' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(rowOf(heights[0]!)).toBe(20);
  await expectLineAtRow(page, slot(page, 2), scout, rowOf(heights[0]!));
  // A scout is drawn on, never drawn from: nothing on the axial image.
  await expect(slot(page, 1).getByTestId('localizer-line')).toHaveCount(0);

  // Scroll the axial stack: the line moves to the new slice's row (5 mm = 4 rows per image).
  await slot(page, 1).getByTestId('viewport').click();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown');
  await expect(index).toHaveText(`Image 11 / ${slices.length}`);
  expect(rowOf(heights[10]!)).toBe(60);
  await expectLineAtRow(page, slot(page, 2), scout, rowOf(heights[10]!));
  await page.keyboard.press('End');
  await expect(index).toHaveText(`Image ${slices.length} / ${slices.length}`);
  await expectLineAtRow(page, slot(page, 2), scout, rowOf(heights.at(-1)!));

  // The toolbar toggle hides and shows them.
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('localizer-line')).toHaveCount(0);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expectLineAtRow(page, slot(page, 2), scout, rowOf(heights.at(-1)!));
});

test('no line is drawn across frames of reference', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const study = studyByKey(manifest, 'ct-chest-other-issuer');
  const other = studyByKey(manifest, 'ct-chest-same-name');
  const axial = study.series.find((s) => s.description === 'Chest 5 mm axial')!;
  const scoutSeries = study.series.find((s) => s.description === 'Scout AP')!;
  const otherAxial = other.series[0]!;
  await page.goto(viewerUrl([study, other], [axial.seriesInstanceUID, scoutSeries.seriesInstanceUID]));
  await expect(slot(page, 2).getByTestId('image-index')).toHaveText('Image 1 / 1', { timeout: 60_000 });
  await expect(slot(page, 2).getByTestId('localizer-line')).toHaveCount(1);

  // Another study's axial series (its own frame of reference, slices at the same heights) in viewport 1: no line.
  await slot(page, 1).getByTestId('viewport').focus();
  await page.getByRole('navigation', { name: 'Series' }).locator(`[data-series-uid="${otherAxial.seriesInstanceUID}"]`).getByRole('button').press('Enter');
  await expect(slot(page, 1)).toHaveAttribute('data-series-uid', otherAxial.seriesInstanceUID);
  await expect(slot(page, 1).getByTestId('image-index')).toHaveText(`Image 1 / ${otherAxial.instances.length}`, { timeout: 30_000 });
  await expect(page.getByTestId('localizer-line')).toHaveCount(0);
});

test('in MPR, the axial and sagittal planes are drawn on the scout where they cut it, and follow the plane moved', async ({ page, stack }) => {
  const { study, axial, scoutSeries, scout, slices, heights, rowOf } = scoutAndSlices(stack.manifestPath);
  // The MPR opens with its crosshairs at the centre voxel of the slice on screen: column columns / 2.
  const first = slices[0]!;
  const centreX = first.ipp[0]! + Math.floor(first.columns / 2) * first.spacing[1]!;
  const columnOf = (x: number) => (x - scout.ipp[0]!) / scout.spacing[1]!;

  await page.goto(viewerUrl([study], [axial.seriesInstanceUID, scoutSeries.seriesInstanceUID]));
  await expect(slot(page, 2).getByTestId('image-index')).toHaveText('Image 1 / 1', { timeout: 60_000 });
  await page.getByRole('slider', { name: 'Image in viewport 1' }).fill('11');
  await expect(slot(page, 1).getByTestId('image-index')).toHaveText(`Image 11 / ${slices.length}`);
  await slot(page, 1).getByTestId('viewport').click();
  await page.getByRole('button', { name: 'MPR' }).click();
  await expect(page.getByRole('img', { name: 'Axial plane, viewport 1' })).toBeVisible();

  const lines = slot(page, 2).getByTestId('localizer-line');
  const lineOf = (source: string) => slot(page, 2).locator(`[data-testid="localizer-line"][data-source-viewport="${source}"]`);
  // Two lines: the axial plane's across the scout at its slice's height, the sagittal plane's down it at
  // the centre column; the coronal plane is parallel to the scout and cuts it nowhere. The stack under the
  // MPR is not a source while the MPR covers it.
  await expect(lines).toHaveCount(2);
  expect(rowOf(heights[10]!)).toBe(60);
  await expect.poll(async () => point(await lineOf('viewport-1-axial').getAttribute('data-from'))).toEqual([-0.5, 60]);
  await expect.poll(async () => point(await lineOf('viewport-1-axial').getAttribute('data-to'))).toEqual([scout.columns - 0.5, 60]);
  const column = columnOf(centreX);
  const sagittalFrom = point(await lineOf('viewport-1-sagittal').getAttribute('data-from'));
  const sagittalTo = point(await lineOf('viewport-1-sagittal').getAttribute('data-to'));
  expect(sagittalFrom[0]).toBeCloseTo(column, 2);
  expect(sagittalTo[0]).toBeCloseTo(column, 2);
  expect([sagittalFrom[1], sagittalTo[1]]).toEqual([-0.5, scout.rows - 0.5]);
  await expect(slot(page, 2).getByTestId('localizer-lines')).toHaveAttribute('aria-label', 'Localizer lines: viewport 1 axial, viewport 1 sagittal');

  // One slice further in the axial plane: its line moves one slice step (5 mm = 4 rows).
  await page.getByRole('img', { name: 'Axial plane, viewport 1' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => Math.abs(point(await lineOf('viewport-1-axial').getAttribute('data-from'))[1] - 60)).toBe(4);

  // Back to the stack: its slice is the source again.
  await page.getByRole('button', { name: 'MPR' }).click();
  await expect(page.getByTestId('mpr-view')).toHaveCount(0);
  await expectLineAtRow(page, slot(page, 2), scout, 60);
});
