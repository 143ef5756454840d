import { test, expect } from './support/fixtures.ts';
import { readManifest } from './support/samples.ts';
import { newestFirst, shownStudyUids, studyRows } from './support/worklist.ts';

test('after load the first row has the focus: ArrowDown and Enter open the second study, no Tab needed', async ({ page, stack }) => {
  const ordered = newestFirst(readManifest(stack.manifestPath).studies);
  await page.goto('/?sort=date&dir=desc');
  await expect.poll(() => shownStudyUids(page)).toHaveLength(ordered.length);
  const rows = studyRows(page);
  await expect(rows.first()).toBeFocused();
  await expect(rows.first()).toHaveAttribute('aria-selected', 'true');

  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/viewer\\?StudyInstanceUIDs=${ordered[1]!.studyInstanceUID.replace(/\./g, '\\.')}$`));

  // Back in the worklist (once the viewer has replaced it) the table has the focus again.
  await expect(page.getByRole('table', { name: 'Studies' })).toHaveCount(0);
  await page.goBack();
  await expect.poll(() => shownStudyUids(page)).toHaveLength(ordered.length);
  await expect(studyRows(page).first()).toBeFocused();
  await page.keyboard.press('End');
  await expect(rows.last()).toBeFocused();
});

test('modality chips: a labelled group of checkboxes that apply at once, by keyboard too', async ({ page, stack }) => {
  const studies = readManifest(stack.manifestPath).studies;
  const withModality = (m: string) => newestFirst(studies.filter((s) => s.series.some((se) => se.modality === m))).map((s) => s.studyInstanceUID);
  await page.goto('/?sort=date&dir=desc');
  await expect.poll(() => shownStudyUids(page)).toHaveLength(studies.length);
  const modality = page.getByRole('group', { name: 'Modality' });
  const mr = modality.getByRole('checkbox', { name: 'MR', exact: true });
  await mr.focus();
  await page.keyboard.press('Space');
  await expect(mr).toBeChecked();
  await expect(page).toHaveURL(/mod=MR/);
  await expect.poll(() => shownStudyUids(page)).toEqual(withModality('MR'));
  // Every choice is on screen (no clipped list box).
  for (const box of await modality.getByRole('checkbox').all()) await expect(box).toBeInViewport();
  await page.keyboard.press('Space');
  await expect(mr).not.toBeChecked();
  await expect.poll(() => shownStudyUids(page)).toHaveLength(studies.length);
});

test('a clean console: loading the worklist, searching and paging print no error and meet no failed request', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    if (req.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed ${req.url()}`);
  });
  // New queries, so the gateway has no hint for them yet (it used to answer 404).
  const hintAnswers: number[] = [];
  page.on('response', (res) => {
    if (res.url().includes('/api/worklist-hints/') && res.request().method() === 'GET') hintAnswers.push(res.status());
  });
  await page.goto('/?sort=date&dir=desc&size=5&desc=a');
  await expect(page.getByRole('table', { name: 'Studies' })).toBeVisible();
  await page.getByLabel('Patient name', { exact: true }).fill('o');
  await page.getByLabel('Patient name', { exact: true }).press('Enter');
  await expect(page).toHaveURL(/name=o/);
  await expect(page.getByRole('table', { name: 'Studies' }).or(page.getByText('No studies match'))).toBeVisible();
  await page.getByLabel('Patient name', { exact: true }).fill('');
  await page.getByLabel('Patient name', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.getByRole('table', { name: 'Studies' })).toBeVisible();
  await expect.poll(() => hintAnswers.length).toBeGreaterThan(0);
  expect(hintAnswers.every((s) => s === 200)).toBe(true);
  expect(problems).toEqual([]);
});
