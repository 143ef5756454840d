import { test, expect } from './support/fixtures.ts';
import { storeKeyObject } from './support/key-objects.ts';
import { deleteSeries } from './support/presentation-states.ts';
import { readManifest } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { openStudy } from './support/viewer.ts';
import { slot, studyByKey } from './support/viewer-layout.ts';

/**
 * Key-image sets: a Key Object Selection document in the study (written with pydicom, stored in the
 * archive) is listed in the series panel as "Key images — <title>", never as an image series, and shows
 * exactly the images it selects — across series, in its order — as one stack.
 */

const stack = readStackState();
const study = studyByKey(readManifest(stack.manifestPath), 'mr-brain');
const [t1, t2] = study.series;
const stored: string[] = [];

test.afterAll(async () => {
  await deleteSeries(stack, stored);
});

test('a KOS in the study is a selectable key-image set showing exactly its images as a stack', async ({ page }) => {
  test.setTimeout(120_000);
  expect(t1!.instances.length).toBeGreaterThanOrEqual(3);
  const picked = [t1!.instances[2]!, t1!.instances[0]!, t2!.instances[1]!];
  const kos = await storeKeyObject(stack, {
    studyInstanceUID: study.studyInstanceUID,
    patientId: study.patientId,
    patientName: study.patientName,
    accessionNumber: study.accessionNumber,
    title: { code: '113008', meaning: 'For Peer Review' },
    images: picked.map((instance, i) => ({
      seriesInstanceUID: i < 2 ? t1!.seriesInstanceUID : t2!.seriesInstanceUID,
      sopClassUID: instance.sopClassUID,
      sopInstanceUID: instance.sopInstanceUID,
    })),
  });
  stored.push(kos.seriesInstanceUID);

  await openStudy(page, study.studyInstanceUID);
  const seriesPanel = page.getByRole('navigation', { name: 'Series' });
  // The KO series is no image series: the cards are the study's image series only.
  await expect(seriesPanel.getByTestId('series-card')).toHaveCount(study.series.length);
  const set = seriesPanel.getByRole('button', { name: /^Key images — For Peer Review, 3 images\./ });
  await expect(set).toBeVisible({ timeout: 30_000 });
  await expect(set).toHaveAttribute('aria-pressed', 'false');

  await set.click();
  const viewport = slot(page, 1);
  await expect(viewport).toHaveAttribute('aria-label', /Key images — For Peer Review/);
  await expect(set).toHaveAttribute('aria-pressed', 'true');
  const index = viewport.getByTestId('image-index');
  const overlay = viewport.getByTestId('viewport-overlay');
  await expect(index).toHaveText('Image 1 / 3', { timeout: 30_000 });
  await expect(viewport.getByTestId('viewport-error')).toHaveCount(0);
  // In the document's order: two T1 images (the third slice first), then the T2 one.
  await expect(overlay).toContainText(t1!.description);
  await viewport.getByTestId('viewport').click();
  await page.keyboard.press('End');
  await expect(index).toHaveText('Image 3 / 3');
  await expect(overlay).toContainText(t2!.description);
  await page.keyboard.press('Home');
  await expect(index).toHaveText('Image 1 / 3');
  await expect(overlay).toContainText(t1!.description);
});
