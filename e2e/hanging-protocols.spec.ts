import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { readManifest } from './support/samples.ts';
import { slot, studyByKey } from './support/viewer-layout.ts';

// Hanging protocols (docs/viewer.md#hanging-protocols): a plain launch is hung by the reader's own protocol
// for the kind of study, else by a shipped one (config/hanging-protocols/).

// Four viewports of CT load at once: on a busy machine that takes a while.
test.describe.configure({ timeout: 150_000 });

const voi = (viewport: Locator) => viewport.getByTestId('voi-readout');
const imageIndex = (viewport: Locator) => viewport.getByTestId('image-index');

async function expectHung(page: Page, series: readonly string[]): Promise<void> {
  await expect(page.getByTestId('viewport-slot')).toHaveCount(series.length, { timeout: 60_000 });
  for (const [i, uid] of series.entries()) await expect(slot(page, i + 1)).toHaveAttribute('data-series-uid', uid, { timeout: 30_000 });
}

test('a CT chest with a prior opens in mediastinum and lung windows, current above and prior below', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const current = studyByKey(manifest, 'ct-chest-current');
  const prior = studyByKey(manifest, 'ct-chest-prior');
  await page.goto(`/viewer?StudyInstanceUIDs=${current.studyInstanceUID}`);
  const [c, p] = [current.series[0]!.seriesInstanceUID, prior.series[0]!.seriesInstanceUID];
  await expectHung(page, [c, c, p, p]);
  await expect(page.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'Layout 2×2' })).toHaveAttribute('aria-pressed', 'true');
  for (const n of [1, 3]) await expect(voi(slot(page, n))).toHaveText('W: 350 L: 50', { timeout: 30_000 });
  for (const n of [2, 4]) await expect(voi(slot(page, n))).toHaveText('W: 1500 L: -600', { timeout: 30_000 });
  await expect(page.getByTestId('hanging-protocol-name')).toHaveText(/^Shipped: CT chest with prior/);
  // The labels still say which study is which.
  await expect(slot(page, 3).getByTestId('comparison-label')).toHaveText(/^PRIOR /);
});

test('a CT chest without a prior opens in mediastinum and lung windows side by side', async ({ page, stack }) => {
  const chest = studyByKey(readManifest(stack.manifestPath), 'ct-chest-other-issuer');
  await page.goto(`/viewer?StudyInstanceUIDs=${chest.studyInstanceUID}`);
  // Its scout is not what the protocol hangs.
  const axial = chest.series.find((series) => /axial/.test(series.description))!;
  const s = axial.seriesInstanceUID;
  await expectHung(page, [s, s]);
  await expect(voi(slot(page, 1))).toHaveText('W: 350 L: 50', { timeout: 30_000 });
  await expect(voi(slot(page, 2))).toHaveText('W: 1500 L: -600', { timeout: 30_000 });
  await expect(imageIndex(slot(page, 2))).toHaveText(`Image 1 / ${axial.instances.length}`);
});

test('an MR brain opens in the shipped protocol: T1, T2, FLAIR and diffusion', async ({ page, stack }) => {
  const brain = studyByKey(readManifest(stack.manifestPath), 'mr-brain');
  const byWord = (word: RegExp) => brain.series.find((s) => word.test(s.description))!.seriesInstanceUID;
  await page.goto(`/viewer?StudyInstanceUIDs=${brain.studyInstanceUID}`);
  await expectHung(page, [byWord(/^T1/), byWord(/^T2/), byWord(/FLAIR/), byWord(/DWI/)]);
  await expect(page.getByTestId('hanging-protocol-name')).toHaveText('Shipped: MR brain: T1, T2, FLAIR and diffusion');
  for (const n of [1, 2, 3, 4]) await expect(imageIndex(slot(page, n))).toHaveText(/^Image 1 \/ \d+$/, { timeout: 30_000 });
});

test.describe('a reader’s own protocol', () => {
  test.use({ signedInAs: 'radiologist2' });

  test.afterEach(async ({ page }) => {
    // Whatever happened above, the next specs find no protocol of this reader's.
    const list = (await (await page.request.get('/api/hanging-protocols')).json()) as { protocols: { id: string }[] };
    for (const { id } of list.protocols) expect((await page.request.delete(`/api/hanging-protocols/${id}`)).ok()).toBe(true);
  });

  test('is saved from what is on screen and hangs the next study of that kind', async ({ page, stack }) => {
    const manifest = readManifest(stack.manifestPath);
    const head = studyByKey(manifest, 'ct-head');
    const otherHead = studyByKey(manifest, 'ct-head-prior');
    await page.goto(`/viewer?StudyInstanceUIDs=${head.studyInstanceUID}`);
    const s = head.series[0]!.seriesInstanceUID;
    // The shipped CT head protocol: brain and bone windows side by side.
    await expectHung(page, [s, s]);
    await expect(voi(slot(page, 1))).toHaveText('W: 80 L: 40', { timeout: 30_000 });
    await expect(page.getByTestId('hanging-protocol-name')).toHaveText(/^Shipped: CT head/);

    // The reader wants one viewport in the subdural window.
    await page.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'Layout 1×1' }).click();
    await slot(page, 1).getByTestId('viewport').click();
    await page.getByRole('combobox', { name: 'Window preset' }).focus();
    const option = page.getByRole('combobox', { name: 'Window preset' }).locator('option', { hasText: /Subdural/ });
    await page.getByRole('combobox', { name: 'Window preset' }).selectOption({ label: (await option.textContent())! });
    // The readout follows the next render: wait for it rather than read it once.
    const subdural = 'W: 200 L: 75';
    await expect(voi(slot(page, 1))).toHaveText(subdural);
    await page.getByRole('button', { name: 'Save layout as my protocol' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved as your protocol for CT head studies' })).toBeVisible();
    await expect(page.getByTestId('hanging-protocol-name')).toHaveText(/^Yours: /);

    // Another patient's CT head: the reader's layout, with the window they chose.
    await page.goto(`/viewer?StudyInstanceUIDs=${otherHead.studyInstanceUID}`);
    await expect(page.getByTestId('hanging-protocol-name')).toHaveText(/^Yours: /, { timeout: 60_000 });
    await expectHung(page, [otherHead.series[0]!.seriesInstanceUID]);
    await expect(voi(slot(page, 1))).toHaveText(subdural, { timeout: 30_000 });

    // Removed: the shipped protocol hangs the next one again.
    await page.getByRole('button', { name: 'Remove my protocol' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your protocol was removed' })).toBeVisible();
    await page.goto(`/viewer?StudyInstanceUIDs=${head.studyInstanceUID}`);
    await expectHung(page, [s, s]);
    await expect(page.getByTestId('hanging-protocol-name')).toHaveText(/^Shipped: CT head/);
  });
});
