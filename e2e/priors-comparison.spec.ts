import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { readManifest, seriesGeometry, type ManifestStudy } from './support/samples.ts';
import { drag } from './support/viewer.ts';
import { slot, studyByKey } from './support/viewer-layout.ts';

const imageIndex = (viewport: Locator) => viewport.getByTestId('image-index');

async function shownIndex(viewport: Locator): Promise<number> {
  return Number(/Image (\d+)/.exec((await imageIndex(viewport).textContent()) ?? '')![1]) - 1;
}

/** Positions along the slice normal (mm) of a study's first series, in instance order (the viewer's order here). */
function positions(manifestPath: string, study: ManifestStudy): number[] {
  return seriesGeometry(manifestPath, study.series[0]!).map(({ ipp, iop }) => {
    const [rx, ry, rz, cx, cy, cz] = iop as [number, number, number, number, number, number];
    const n = [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
    return ipp[0]! * n[0]! + ipp[1]! * n[1]! + ipp[2]! * n[2]!;
  });
}

/** Scrolls one viewport of the pair with the wheel until it shows the 0-based image `index`. */
async function wheelTo(page: Page, slotLocator: Locator, index: number): Promise<void> {
  const box = (await slotLocator.getByTestId('viewport').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let attempt = 0; attempt < 20; attempt++) {
    const shown = await shownIndex(slotLocator);
    if (shown === index) return;
    for (let i = 0; i < Math.abs(index - shown); i++) await page.mouse.wheel(0, index > shown ? 100 : -100);
    await page.waitForTimeout(150);
  }
  await expect(imageIndex(slotLocator)).toHaveText(new RegExp(`^Image ${index + 1} / `));
}

function nearest(list: readonly number[], target: number): number {
  let best = 0;
  list.forEach((p, i) => {
    if (Math.abs(p - target) < Math.abs(list[best]! - target) - 1e-9) best = i;
  });
  return best;
}

async function openComparison(page: Page, url: string, current: ManifestStudy, prior: ManifestStudy): Promise<[Locator, Locator]> {
  await page.goto(url);
  const left = slot(page, 1);
  const right = slot(page, 2);
  await expect(imageIndex(left)).toHaveText(`Image 1 / ${current.series[0]!.instances.length}`, { timeout: 30_000 });
  await expect(imageIndex(right)).toHaveText(`Image 1 / ${prior.series[0]!.instances.length}`, { timeout: 30_000 });
  return [left, right];
}

test('comparing the current CT chest hangs the prior CT chest beside it, labelled CURRENT and PRIOR with their dates', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const current = studyByKey(manifest, 'ct-chest-current');
  const prior = studyByKey(manifest, 'ct-chest-prior');
  const [left, right] = await openComparison(page, `/viewer?StudyInstanceUIDs=${current.studyInstanceUID}&hangingProtocol=compare`, current, prior);

  await expect(page.getByTestId('viewport-slot')).toHaveCount(2);
  await expect(left).toHaveAttribute('data-series-uid', current.series[0]!.seriesInstanceUID);
  await expect(right).toHaveAttribute('data-series-uid', prior.series[0]!.seriesInstanceUID);
  await expect(left.getByTestId('comparison-label')).toHaveText('CURRENT 2024-03-14');
  await expect(right.getByTestId('comparison-label')).toHaveText('PRIOR 2023-03-02');
  await expect(left).toHaveAccessibleName(/^Viewport 1 \(CURRENT 2024-03-14\)/);
  await expect(right).toHaveAccessibleName(/^Viewport 2 \(PRIOR 2023-03-02\)/);
  await expect(left).toHaveClass(/comparison-current/);
  await expect(right).toHaveClass(/comparison-prior/);
  await expect(page.getByRole('group', { name: 'Comparison sync' }).getByRole('button', { name: /Sync scroll/ })).toHaveAttribute('aria-pressed', 'true');

  // The priors panel: the patient's other studies, most relevant first; possible matches apart.
  const panel = page.getByRole('region', { name: 'Priors' });
  const others = panel.getByRole('list', { name: 'Other studies of this patient' }).getByRole('listitem');
  const expectedOrder = ['ct-chest-prior', 'ct-chest-older', 'cr-chest-prior', 'ct-head-prior'].map((k) => studyByKey(manifest, k).studyInstanceUID);
  await expect.poll(() => others.evaluateAll((items) => items.map((i) => i.getAttribute('data-study-uid')))).toEqual(expectedOrder);
  await expect(others.first()).toContainText('2023-03-02');
  await expect(others.first()).toContainText('1 y 0 m ago');
  await expect(others.first()).toContainText('Relevant: same region and modality');
  await expect(others.nth(2)).toContainText('CR');
  const matches = panel.getByRole('list', { name: 'Possible matches — not verified' }).getByRole('listitem');
  await expect(matches).toHaveCount(1);
  await expect(matches.first()).toHaveAttribute('data-study-uid', studyByKey(manifest, 'ct-chest-same-name').studyInstanceUID);
  await expect(matches.first()).toContainText('possible match — not verified');
  await expect(matches.first().getByRole('link')).toHaveCount(0);
  // The same Patient ID under another issuer is another patient: not listed at all.
  await expect(panel.locator(`[data-study-uid="${studyByKey(manifest, 'ct-chest-other-issuer').studyInstanceUID}"]`)).toHaveCount(0);

  // Clicking another study opens it for comparison instead.
  await others.nth(2).getByRole('link').click();
  const cr = studyByKey(manifest, 'cr-chest-prior');
  await expect(right).toHaveAttribute('data-series-uid', cr.series[0]!.seriesInstanceUID);
  await expect(right.getByTestId('comparison-label')).toHaveText('PRIOR 2023-11-20');
  await expect(left.getByTestId('comparison-label')).toHaveText('CURRENT 2024-03-14');
});

test('scroll sync: scrolling the current moves the prior to the slice nearest the same position', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const current = studyByKey(manifest, 'ct-chest-current');
  const prior = studyByKey(manifest, 'ct-chest-prior');
  const zc = positions(stack.manifestPath, current);
  const zp = positions(stack.manifestPath, prior);
  const [left, right] = await openComparison(page, `/viewer?StudyInstanceUIDs=${current.studyInstanceUID}&hangingProtocol=compare`, current, prior);
  // Different frames of reference: aligned at the first images until the reader aligns.
  await expect(page.getByTestId('sync-alignment')).toContainText('first images are paired');
  let offset = zc[0]! - zp[0]!;

  for (const n of [37, 81]) {
    await wheelTo(page, left, n);
    const target = zc[n]! - offset;
    const expected = nearest(zp, target);
    await expect(imageIndex(right)).toHaveText(`Image ${expected + 1} / ${zp.length}`);
    expect(Math.abs(zp[expected]! - target)).toBeLessThanOrEqual(1.25 / 2);
  }

  // The reader aligns another pair of slices: scroll sync off, move the prior, Align; the offset is kept.
  const group = page.getByRole('group', { name: 'Comparison sync' });
  await group.getByRole('button', { name: /Sync scroll/ }).click();
  await expect(group.getByRole('button', { name: /Sync scroll/ })).toHaveAttribute('aria-pressed', 'false');
  const aligned = nearest(zp, zc[81]! - offset) - 3;
  await wheelTo(page, right, aligned);
  await expect(imageIndex(left)).toHaveText(`Image 82 / ${zc.length}`);
  await group.getByRole('button', { name: 'Align' }).click();
  await expect(group.getByRole('button', { name: /Sync scroll/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('sync-alignment')).toContainText('Paired by you');
  offset = zc[81]! - zp[aligned]!;
  await wheelTo(page, left, 120);
  await expect(imageIndex(right)).toHaveText(`Image ${nearest(zp, zc[120]! - offset) + 1} / ${zp.length}`);

  // Scrolling the prior drives the current to the nearest slice too.
  await wheelTo(page, right, 60);
  await expect(imageIndex(left)).toHaveText(`Image ${nearest(zc, zp[60]! + offset) + 1} / ${zc.length}`);
});

test('a prior forced through the URL is compared, and thin slices map to the nearest thick slice', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const current = studyByKey(manifest, 'ct-chest-current');
  const older = studyByKey(manifest, 'ct-chest-older');
  const zc = positions(stack.manifestPath, current);
  const zo = positions(stack.manifestPath, older);
  const url = `/viewer?StudyInstanceUIDs=${current.studyInstanceUID}&StudyInstanceUIDs=${older.studyInstanceUID}`;
  const [left, right] = await openComparison(page, url, current, older);
  await expect(right).toHaveAttribute('data-series-uid', older.series[0]!.seriesInstanceUID);
  await expect(right.getByTestId('comparison-label')).toHaveText('PRIOR 2020-09-15');
  await expect(left.getByTestId('comparison-label')).toHaveText('CURRENT 2024-03-14');

  const offset = zc[0]! - zo[0]!;
  await wheelTo(page, left, 50);
  const target = zc[50]! - offset;
  const expected = nearest(zo, target);
  await expect(imageIndex(right)).toHaveText(`Image ${expected + 1} / ${zo.length}`);
  // Within half the prior's 5 mm slice thickness.
  expect(Math.abs(zo[expected]! - target)).toBeLessThanOrEqual(2.5);

  // hangingProtocol=single shows the current study alone.
  await page.goto(`/viewer?StudyInstanceUIDs=${current.studyInstanceUID}&hangingProtocol=single`);
  await expect(imageIndex(slot(page, 1))).toHaveText(`Image 1 / ${zc.length}`, { timeout: 30_000 });
  await expect(page.getByTestId('viewport-slot')).toHaveCount(1);
  await expect(page.getByTestId('comparison-label')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Priors' }).getByRole('listitem').first()).toBeVisible();
});

test('window sync follows the current viewport when on, and not when off; zoom follows with zoom/pan sync', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const current = studyByKey(manifest, 'ct-chest-current');
  const prior = studyByKey(manifest, 'ct-chest-prior');
  const [left, right] = await openComparison(page, `/viewer?StudyInstanceUIDs=${current.studyInstanceUID}&hangingProtocol=compare`, current, prior);
  const leftReadout = left.getByTestId('voi-readout');
  const rightReadout = right.getByTestId('voi-readout');
  await expect(leftReadout).toHaveText(/W: -?\d+ L: -?\d+/);
  const box = (await left.getByTestId('viewport').boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

  const before = await leftReadout.textContent();
  await drag(page, centre, { x: centre.x + 80, y: centre.y + 40 });
  await expect(leftReadout).not.toHaveText(before!);
  const synced = (await leftReadout.textContent())!;
  await expect(rightReadout).toHaveText(synced);

  const toggle = page.getByRole('group', { name: 'Comparison sync' }).getByRole('button', { name: /Sync window/ });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(toggle).toHaveText('Sync window: off');
  await drag(page, centre, { x: centre.x - 60, y: centre.y + 70 });
  await expect(leftReadout).not.toHaveText(synced);
  await expect(rightReadout).toHaveText(synced);

  // Zoom (right button) follows too while zoom/pan sync is on.
  const leftZoom = left.getByTestId('zoom-readout');
  const rightZoom = right.getByTestId('zoom-readout');
  const zoomBefore = (await leftZoom.textContent())!;
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(centre.x, centre.y - 80, { steps: 10 });
  await page.mouse.up({ button: 'right' });
  await expect(leftZoom).not.toHaveText(zoomBefore);
  await expect(rightZoom).toHaveText((await leftZoom.textContent())!);
});

test('priors=3 hangs the three most relevant priors beside the current study in 2×2', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const current = studyByKey(manifest, 'ct-chest-current');
  await page.goto(`/viewer?StudyInstanceUIDs=${current.studyInstanceUID}&priors=3`);
  await expect(page.getByTestId('viewport-slot')).toHaveCount(4);
  const expected: [string, string][] = [
    ['ct-chest-current', 'CURRENT 2024-03-14'],
    ['ct-chest-prior', 'PRIOR 2023-03-02'],
    ['ct-chest-older', 'PRIOR 2020-09-15'],
    ['cr-chest-prior', 'PRIOR 2023-11-20'],
  ];
  for (const [i, [key, label]] of expected.entries()) {
    await expect(slot(page, i + 1)).toHaveAttribute('data-series-uid', studyByKey(manifest, key).series[0]!.seriesInstanceUID);
    await expect(slot(page, i + 1).getByTestId('comparison-label')).toHaveText(label);
  }
  await expect(imageIndex(slot(page, 4))).toHaveText('Image 1 / 1', { timeout: 30_000 });
});
