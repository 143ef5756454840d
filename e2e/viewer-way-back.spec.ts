import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { newestFirst, shownStudyUids, uids } from './support/worklist.ts';

test('"Study not found" leads back to the worklist with the filters it had', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  await page.goto('/?sort=date&dir=desc');
  await page.getByLabel('Description', { exact: true }).fill('thorax');
  await page.getByLabel('Description', { exact: true }).press('Enter');
  const thorax = uids(newestFirst(manifest.studies.filter((s) => s.description.toLowerCase().includes('thorax'))));
  await expect.poll(() => shownStudyUids(page)).toEqual(thorax);
  await expect(page).toHaveURL(/desc=thorax/);
  const filteredUrl = new URL(page.url());

  await page.goto('/viewer?StudyInstanceUIDs=1.2.826.0.1.3680043.99999.2');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Study not found' })).toBeVisible();
  await expect(page).toHaveTitle('Study not found — Readroom');
  const back = alert.getByRole('link', { name: 'Back to the worklist' });
  await expect(back).toHaveAttribute('href', `/${filteredUrl.search}`);
  await back.focus();
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(filteredUrl.href);
  await expect(page.getByLabel('Description', { exact: true })).toHaveValue('thorax');
  await expect.poll(() => shownStudyUids(page)).toEqual(thorax);
  await expect(page).toHaveTitle('Worklist — Readroom');
});

test('the tab title names the worklist, and the patient and study once one is open', async ({ page, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  await page.goto('/');
  await expect(page).toHaveTitle('Worklist — Readroom');
  const row = page
    .getByRole('table', { name: 'Studies' })
    .getByRole('row')
    .filter({ hasText: chest.description })
    .filter({ hasText: chest.studyDate.slice(0, 4) });
  await row.getByRole('link').click();

  // "Family, Given — description — YYYY-MM-DD — Readroom", from the manifest (not from the app's formatter).
  const [family, given] = chest.patientName.split('^');
  const date = `${chest.studyDate.slice(0, 4)}-${chest.studyDate.slice(4, 6)}-${chest.studyDate.slice(6, 8)}`;
  await expect(page).toHaveTitle(`${family}, ${given} — ${chest.description} — ${date} — Readroom`);

  await page.goBack();
  await expect(page).toHaveTitle('Worklist — Readroom');
});
