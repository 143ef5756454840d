import { formatPersonName } from '../src/dicomweb/dicom-json.ts';
import { test, expect } from './support/fixtures.ts';
import { readManifest } from './support/samples.ts';
import { newestFirst, shownStudyUids, uids } from './support/worklist.ts';

test('filters survive a reload; saved filter sets apply, and the default one opens the worklist', async ({ page, stack }) => {
  const studies = readManifest(stack.manifestPath).studies;
  const ct = uids(newestFirst(studies.filter((s) => s.series.some((se) => se.modality === 'CT'))));
  await page.goto('/?sort=date&dir=desc');
  await page.getByRole('group', { name: 'Modality' }).getByRole('checkbox', { name: 'CT', exact: true }).check();
  await expect(page).toHaveURL(/mod=CT/);
  await page.getByLabel('Description').fill('thorax');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const thorax = uids(newestFirst(studies.filter((s) => s.description.toLowerCase().includes('thorax') && s.series.some((se) => se.modality === 'CT'))));
  await expect.poll(() => shownStudyUids(page)).toEqual(thorax);

  await page.reload();
  await expect(page.getByLabel('Description')).toHaveValue('thorax');
  await expect.poll(() => shownStudyUids(page)).toEqual(thorax);

  await page.getByLabel('Description').fill('');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect.poll(() => shownStudyUids(page)).toEqual(ct);
  await page.getByLabel('Filter set name').fill('All CT');
  await page.getByRole('button', { name: 'Save filters' }).click();
  await page.getByRole('button', { name: 'Make default' }).click();

  await page.getByRole('button', { name: 'Clear' }).click();
  await expect.poll(() => shownStudyUids(page)).toHaveLength(studies.length);
  await page.getByLabel('Saved filters').selectOption({ label: 'All CT (default)' });
  await expect.poll(() => shownStudyUids(page)).toEqual(ct);

  // A fresh visit to the bare worklist applies the default set.
  await page.goto('/');
  await expect(page).toHaveURL(/mod=CT/);
  await expect.poll(() => shownStudyUids(page)).toEqual(ct);
});

test('keyboard: / focuses the search, arrows move the selection, Enter opens the study', async ({ page, stack }) => {
  const ordered = newestFirst(readManifest(stack.manifestPath).studies);
  await page.goto('/?sort=date&dir=desc');
  await expect.poll(() => shownStudyUids(page)).toHaveLength(ordered.length);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(page.getByLabel('Patient name')).toBeFocused();

  const rows = page.getByRole('table', { name: 'Studies' }).locator('tbody tr[data-study-uid]');
  await rows.first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(rows.nth(1)).toBeFocused();
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/viewer\\?StudyInstanceUIDs=${ordered[1]!.studyInstanceUID.replace(/\./g, '\\.')}`));
});

test('a row expands to list the patient’s other studies', async ({ page, stack }) => {
  const studies = readManifest(stack.manifestPath).studies;
  // Same patient: the same Patient ID under the same issuer (another issuer is another patient).
  const samePatient = (a: (typeof studies)[number], b: (typeof studies)[number]) => a.patientId === b.patientId && a.issuerOfPatientId === b.issuerOfPatientId;
  const withPrior = newestFirst(studies.filter((s) => studies.some((o) => o !== s && samePatient(o, s))));
  const current = withPrior[0]!;
  const others = newestFirst(studies.filter((s) => samePatient(s, current) && s !== current));
  await page.goto('/?sort=date&dir=desc');
  const row = page.locator(`tr[data-study-uid="${current.studyInstanceUID}"]`);
  const toggle = row.getByRole('button', { name: `Other studies of ${formatPersonName(current.patientName)}` });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const list = page.getByRole('list', { name: `Other studies of patient ${current.patientId}` });
  await expect(list.getByRole('listitem')).toHaveCount(others.length);
  await expect(list.getByRole('link').first()).toHaveAttribute('href', new RegExp(others[0]!.studyInstanceUID.replace(/\./g, '\\.')));
});
