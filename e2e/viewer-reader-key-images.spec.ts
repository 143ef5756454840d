import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { deleteSeries, prSeries, storedDrafts } from './support/presentation-states.ts';
import { readManifest } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { drag, goToImage, imagePixelToPage, openStudy } from './support/viewer.ts';
import { slot, studyByKey } from './support/viewer-layout.ts';

/**
 * The reader's key images: two images marked (the K key, and the star under the viewport), a Length drawn
 * on one, saved; after a reload the series panel lists "Key images — Of Interest" with those two images,
 * and the annotated one is shown with the presentation state saved with it. On the CT chest "same name"
 * study, which other specs only find by its patient (never by its series); what this spec stores is
 * deleted at the end (the specs share one archive).
 */

const stack = readStackState();
const study = studyByKey(readManifest(stack.manifestPath), 'ct-chest-same-name');
const [axial] = study.series;
const stored: string[] = [];

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;

test.afterAll(async () => {
  await deleteSeries(stack, stored);
});

async function koSeries(page: Page): Promise<string[]> {
  const res = await page.request.get(`/dicom-web/studies/${study.studyInstanceUID}/series?Modality=KO`, { headers: { Accept: 'application/dicom+json' } });
  expect(res.ok()).toBe(true);
  const text = await res.text();
  return ((text.trim() ? JSON.parse(text) : []) as DicomJson[]).map((r) => String(r['0020000E']?.Value?.[0]));
}

async function seriesMetadata(page: Page, seriesUID: string): Promise<DicomJson[]> {
  const res = await page.request.get(`/dicom-web/studies/${study.studyInstanceUID}/series/${seriesUID}/metadata`, {
    headers: { Accept: 'application/dicom+json' },
  });
  expect(res.ok()).toBe(true);
  return (await res.json()) as DicomJson[];
}

const items = (ds: DicomJson | undefined, tag: string) => (ds?.[tag]?.Value ?? []) as DicomJson[];
const value = (ds: DicomJson | undefined, tag: string) => ds?.[tag]?.Value?.[0];

test('marked key images are saved as a KOS "Of Interest" with their presentation state and come back as a key-image set', async ({ page }) => {
  test.setTimeout(300_000);
  const instances = axial!.instances;
  expect(instances.length).toBeGreaterThanOrEqual(8);
  const { rows, columns } = instances[0]!;
  const viewport = await openStudy(page, study.studyInstanceUID);
  const panel = slot(page, 1);
  const marker = panel.getByRole('note', { name: 'Marked as key image' });
  const toggle = page.getByRole('button', { name: 'Mark key image in viewport 1' });
  // The slice location line of the overlay names the image shown.
  const location = panel.locator('.corner.bottom-left > div', { hasText: /^Loc/ });
  const prBefore = await prSeries(page.request, study.studyInstanceUID);
  const koBefore = await koSeries(page);

  // The third image, marked with the shortcut.
  await goToImage(page, viewport, 2);
  await expect(marker).toHaveCount(0);
  await page.keyboard.press('k');
  await expect(marker).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const firstLocation = await location.innerText();

  // The seventh, with a Length on it, marked with the button.
  await goToImage(page, viewport, 6);
  await expect(marker).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('l');
  await drag(page, await imagePixelToPage(viewport, columns, rows, 60, 80), await imagePixelToPage(viewport, columns, rows, 180, 150));
  await expect(viewport.locator('svg text')).toHaveCount(1);
  await toggle.click();
  await expect(marker).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const secondLocation = await location.innerText();
  expect(secondLocation).not.toBe(firstLocation);

  // The marks are in the reader's draft with the annotation, in marking order.
  const imageIdOf = (i: number) => expect.stringContaining(`/instances/${instances[i]!.sopInstanceUID}/frames/1`);
  await expect
    .poll(
      async () => ((await storedDrafts(page)).find((d) => d.studyInstanceUID === study.studyInstanceUID) as { keyImages?: string[] } | undefined)?.keyImages,
    )
    .toEqual([imageIdOf(2), imageIdOf(6)]);

  await page.getByRole('button', { name: 'Save annotations' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Saved 2 key images as series \d+ “Of Interest” \(1 with its presentation state\)/ })).toBeVisible({
    timeout: 30_000,
  });
  const newPr = (await prSeries(page.request, study.studyInstanceUID)).filter((uid) => !prBefore.includes(uid));
  const newKo = (await koSeries(page)).filter((uid) => !koBefore.includes(uid));
  stored.push(...newPr, ...newKo);
  expect(newPr).toHaveLength(1);
  expect(newKo).toHaveLength(1);

  // As stored: title 113000, the two images in marking order, the annotated one naming the new GSPS.
  const [pr] = await seriesMetadata(page, newPr[0]!);
  const prUid = String(value(pr, '00080018'));
  const [kos] = await seriesMetadata(page, newKo[0]!);
  expect(value(items(kos, '0040A043')[0], '00080100')).toBe('113000');
  const refs = items(kos, '0040A730').map((item) => items(item, '00081199')[0]);
  expect(refs.map((r) => value(r, '00081155'))).toEqual([instances[2]!.sopInstanceUID, instances[6]!.sopInstanceUID]);
  expect(refs.map((r) => value(items(r, '00081199')[0], '00081155'))).toEqual([undefined, prUid]);

  // A new session of the study: the set is there, with exactly the marked images.
  await page.reload();
  // A fresh load of the viewer's chunk: slow on a busy machine.
  await expect(page.getByTestId('image-index').first()).toHaveText(/^Image 1 \/ \d+$/, { timeout: 90_000 });
  const set = page.getByRole('navigation', { name: 'Series' }).getByRole('button', { name: /^Key images — Of Interest, 2 images\./ });
  await expect(set).toBeVisible({ timeout: 60_000 });
  await set.click();
  await expect(viewport).toHaveAttribute('aria-label', /Key images — Of Interest/);
  const index = panel.getByTestId('image-index');
  await expect(index).toHaveText('Image 1 / 2', { timeout: 30_000 });
  await expect(location).toHaveText(firstLocation);
  // The first was saved without annotations: no presentation state on it.
  await expect(panel.getByTestId('gsps-overlay')).toHaveCount(0);

  await viewport.focus();
  await page.keyboard.press('End');
  await expect(index).toHaveText('Image 2 / 2');
  await expect(location).toHaveText(secondLocation);
  const overlay = panel.getByTestId('gsps-overlay');
  await expect(overlay).toHaveAttribute('data-sop-instance-uid', prUid, { timeout: 30_000 });
  await expect(overlay.getByRole('note')).not.toContainText('not on this image');
  await expect(overlay.getByTestId('gsps-graphic')).toHaveCount(1);
  await expect(overlay.getByTestId('gsps-text')).toContainText(/mm/);

  await page.keyboard.press('Home');
  await expect(index).toHaveText('Image 1 / 2');
  await expect(panel.getByTestId('gsps-overlay')).toHaveCount(0);
});

test('leaving a study with only unsaved key-image marks asks first; discarding forgets them', async ({ page }) => {
  const viewport = await openStudy(page, study.studyInstanceUID);
  const marker = slot(page, 1).getByRole('note', { name: 'Marked as key image' });
  await goToImage(page, viewport, 3);
  await page.keyboard.press('k');
  await expect(marker).toBeVisible();

  await page.getByRole('link', { name: 'Readroom' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave this study?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('1 key-image mark is not saved');
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(marker).toBeVisible();

  await page.getByRole('link', { name: 'Readroom' }).click();
  await page.getByRole('dialog', { name: 'Leave this study?' }).getByRole('button', { name: 'Discard key-image marks and leave' }).click();
  await expect(page).not.toHaveURL(/\/viewer/);
  await expect.poll(async () => (await storedDrafts(page)).length).toBe(0);
  // Back in the study: nothing marked, nothing asked.
  const again = await openStudy(page, study.studyInstanceUID);
  await goToImage(page, again, 3);
  await expect(page.getByRole('button', { name: 'Mark key image in viewport 1' })).toHaveAttribute('aria-pressed', 'false');
  await expect(marker).toHaveCount(0);
});
