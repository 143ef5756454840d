import { formatPersonName } from '../src/dicomweb/dicom-json.ts';
import { test, expect } from './support/fixtures.ts';
import { readManifest } from './support/samples.ts';
import { newestFirst, shownStudyUids, uids } from './support/worklist.ts';

test('pages forward and back in global newest-first order, and the URL survives a reload', async ({ page, stack }) => {
  const expected = uids(newestFirst(readManifest(stack.manifestPath).studies));
  const size = 5;
  expect(expected.length, 'the samples fill more than one small page').toBeGreaterThan(size);
  await page.goto('/');
  await page.getByLabel('Page size').selectOption(String(size));
  await expect(page).toHaveURL(/size=5/);
  await expect.poll(() => shownStudyUids(page)).toEqual(expected.slice(0, size));
  await expect(page.getByRole('button', { name: 'Previous page' })).toBeDisabled();

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect.poll(() => shownStudyUids(page)).toEqual(expected.slice(size, 2 * size));
  await expect(page.getByText('Page 2', { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/after=\d{8}\.\d+/);
  if (expected.length <= 2 * size) await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();

  await page.reload();
  await expect.poll(() => shownStudyUids(page)).toEqual(expected.slice(size, 2 * size));
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect.poll(() => shownStudyUids(page)).toEqual(expected.slice(0, size));
  await page.goBack();
  await expect.poll(() => shownStudyUids(page)).toEqual(expected.slice(size, 2 * size));
  await page.goBack();
  await expect.poll(() => shownStudyUids(page)).toEqual(expected.slice(0, size));
});

test('sorting by patient name sorts the fetched page, and the choice is in the URL', async ({ page, stack }) => {
  const studies = readManifest(stack.manifestPath).studies;
  await page.goto('/');
  await page.getByLabel('Sort by').selectOption({ label: 'Patient name Z–A' });
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const shownNames = async () => (await shownStudyUids(page)).map((uid) => studies.find((s) => s.studyInstanceUID === uid)!.patientName);
  // The previous page stays on screen while the sorted one loads: wait for the sorted list, not any list.
  await expect.poll(async () => (await shownStudyUids(page)).length).toBe(studies.length);
  await expect.poll(async () => { const shown = await shownNames(); return shown.join('|') === [...shown].sort((a, b) => collator.compare(b, a)).join('|'); }).toBe(true);
  const names = await shownNames();
  expect(names).toEqual([...names].sort((a, b) => collator.compare(b, a)));
  await expect(page.getByText(/this order applies to the studies on this page only/)).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Patient name' })).toHaveAttribute('aria-sort', 'descending');
  await page.reload();
  await expect(page.getByLabel('Sort by')).toHaveValue('name-desc');
  const first = studies.find((s) => s.studyInstanceUID === (names[0] ? studies.find((x) => x.patientName === names[0])!.studyInstanceUID : ''))!;
  await expect(page.getByRole('table', { name: 'Studies' }).getByRole('row').nth(1)).toContainText(formatPersonName(first.patientName));
});
