import { formatPersonName } from '../src/dicomweb/dicom-json.ts';
import { compareNewestFirst } from '../src/worklist/date-window-paging.ts';
import { test, expect } from './support/fixtures.ts';
import { readManifest } from './support/samples.ts';
import { newestFirst, shownStudyUids, uids } from './support/worklist.ts';

test('pages forward and back in global newest-first order, and the URL survives a reload', async ({ page, stack }) => {
  const expected = uids(newestFirst(readManifest(stack.manifestPath).studies));
  const size = 5;
  expect(expected.length, 'the samples fill more than one small page').toBeGreaterThan(size);
  // The default order is the reading order (e2e/reading-shift.spec.ts); newest first is chosen.
  await page.goto('/?sort=date&dir=desc');
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

test('a column header sorts every matching study, not one page: pages follow the global order, and the sort is in the URL', async ({ page, stack }) => {
  const studies = readManifest(stack.manifestPath).studies;
  const size = 5;
  expect(studies.length, 'the samples fill more than one small page').toBeGreaterThan(size);
  // The app's order: names compared ignoring case and accents, ties newest first.
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const byName = [...studies].sort((a, b) => collator.compare(a.patientName, b.patientName) || compareNewestFirst(a, b));
  const az = uids(byName);
  const za = uids([...studies].sort((a, b) => collator.compare(b.patientName, a.patientName) || compareNewestFirst(a, b)));

  await page.goto(`/?sort=date&dir=desc&size=${size}`);
  await expect.poll(() => shownStudyUids(page)).toEqual(expected(studies).slice(0, size));
  const header = page.getByRole('columnheader', { name: 'Patient name' });
  await expect(header).not.toHaveAttribute('aria-sort');
  await expect(page.getByRole('columnheader', { name: 'Study date' })).toHaveAttribute('aria-sort', 'descending');

  // Keyboard: the header's button.
  await header.getByRole('button', { name: 'Patient name' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/sort=name&dir=asc/);
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => shownStudyUids(page)).toEqual(az.slice(0, size));
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect.poll(() => shownStudyUids(page)).toEqual(az.slice(size, 2 * size));
  await expect(page.getByText(/sorted by patient name, A–Z over all matching studies/)).toBeVisible();

  // A second click reverses and starts again at page 1; a reload keeps it.
  await header.getByRole('button').click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  await expect(page).not.toHaveURL(/page=/);
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => shownStudyUids(page)).toEqual(za.slice(0, size));
  await page.reload();
  await expect(page.getByRole('columnheader', { name: 'Patient name' })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => shownStudyUids(page)).toEqual(za.slice(0, size));
  const first = byName.find((s) => s.studyInstanceUID === za[0])!;
  await expect(page.getByRole('table', { name: 'Studies' }).getByRole('row').nth(1)).toContainText(formatPersonName(first.patientName));

  // Study date: oldest first is the exact reverse of newest first; its header names the direction.
  await page.getByRole('columnheader', { name: 'Study date' }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: 'Study date' })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => shownStudyUids(page)).toEqual(expected(studies).slice(0, size));
  await page.getByRole('columnheader', { name: 'Study date' }).getByRole('button').click();
  await expect(page).toHaveURL(/sort=date&dir=asc/);
  await expect(page.getByRole('columnheader', { name: 'Study date' })).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => shownStudyUids(page)).toEqual([...expected(studies)].reverse().slice(0, size));

  // Columns that are not sortable have no button.
  await expect(page.getByRole('columnheader', { name: 'Referring physician' }).getByRole('button')).toHaveCount(0);
});

const expected = (studies: Parameters<typeof newestFirst>[0]) => uids(newestFirst(studies));
