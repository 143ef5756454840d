import { formatPersonName } from '../src/dicomweb/dicom-json.ts';
import { test, expect } from './support/fixtures.ts';
import { readManifest } from './support/samples.ts';
import { newestFirst, shownStudyUids, uids } from './support/worklist.ts';

test('name search ignores accents: "muller" finds Müller, a name nobody has finds nothing', async ({ page, stack }) => {
  const studies = readManifest(stack.manifestPath).studies;
  const mullers = uids(newestFirst(studies.filter((s) => s.patientName.startsWith('Müller^'))));
  expect(mullers.length, 'the samples have a patient named Müller').toBeGreaterThan(0);
  expect(mullers.length).toBeLessThan(studies.length);
  const archiveQueries: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/studies?')) archiveQueries.push(r.url());
  });
  const search = async (name: string) => {
    const field = page.getByLabel('Patient name', { exact: true });
    await field.fill(name);
    await field.press('Enter');
  };

  await page.goto('/?sort=date&dir=desc');
  await expect.poll(() => shownStudyUids(page)).toHaveLength(studies.length);

  await search('muller');
  await expect(page).toHaveURL(/name=muller/);
  await expect.poll(() => shownStudyUids(page)).toEqual(mullers);
  const table = page.getByRole('table', { name: 'Studies' });
  await expect(table.getByRole('link', { name: formatPersonName('Müller^Jürgen') }).first()).toBeVisible();
  // The archive was not asked for the name (it cannot fold accents); the name was matched here.
  expect(archiveQueries.length).toBeGreaterThan(0);
  expect(archiveQueries.filter((url) => /PatientName=/i.test(url))).toEqual([]);

  // Both ways and in any case: plain letters find the accented name, accents find it too.
  await search('MULLER, jurgen');
  await expect.poll(() => shownStudyUids(page)).toEqual(mullers);
  await search('Müller');
  await expect.poll(() => shownStudyUids(page)).toEqual(mullers);

  // A name nobody has: the empty state, and no table.
  await search('mullerova');
  await expect(page.getByRole('status').filter({ hasText: 'No studies match' })).toContainText('patient name “mullerova”');
  await expect(table).toHaveCount(0);

  // The search survives a reload (the URL holds it).
  await search('muller');
  await expect.poll(() => shownStudyUids(page)).toEqual(mullers);
  await page.reload();
  await expect.poll(() => shownStudyUids(page)).toEqual(mullers);
});
