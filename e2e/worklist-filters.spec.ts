import { CATALOGUE } from '../scripts/samples/catalogue.ts';
import { test, expect } from './support/fixtures.ts';
import { readManifest, type ManifestStudy } from './support/samples.ts';
import { modalitiesOf, newestFirst, shownStudyUids, uids } from './support/worklist.ts';

const referringOf = (s: ManifestStudy) => CATALOGUE.find((c) => c.key === s.key)?.referringPhysician ?? '';

test('every filter narrows the list to the expected seeded studies', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const all = manifest.studies;
  const expectShown = async (keep: (s: ManifestStudy) => boolean) => {
    const expected = uids(newestFirst(all.filter(keep)));
    expect(expected.length, 'a filter case must expect at least one study').toBeGreaterThan(0);
    expect(expected.length, 'a filter case must leave something out').toBeLessThan(all.length);
    await expect.poll(() => shownStudyUids(page)).toEqual(expected);
  };
  const search = async (label: string, value: string) => {
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => shownStudyUids(page)).toHaveLength(all.length);
    await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByLabel(label, { exact: true }).press('Enter');
  };

  await page.goto('/?sort=date&dir=desc');
  await expect.poll(() => shownStudyUids(page)).toEqual(uids(newestFirst(all)));

  // Names: the non-ASCII name typed as "Family, Given", the spaced name in lower case, a ^ name.
  await search('Patient name', 'Müller, Jürgen');
  await expectShown((s) => s.patientName === 'Müller^Jürgen');
  await expect(page).toHaveURL(/name=M%C3%BCller%2C\+J%C3%BCrgen/);
  await search('Patient name', 'van der berg');
  await expectShown((s) => s.patientName === 'van der Berg^Anna Maria');
  await search('Patient name', 'okafor^chin');
  await expectShown((s) => s.patientName === 'Okafor^Chinedu');
  await search('Patient name', 'Müller');
  await expectShown((s) => s.patientName.startsWith('Müller'));

  const mueller = all.find((s) => s.patientName.startsWith('Müller'))!;
  await search('Patient ID', mueller.patientId);
  await expectShown((s) => s.patientId === mueller.patientId);

  await search('Accession number', 'ACC202403');
  await expectShown((s) => s.accessionNumber.startsWith('ACC202403'));

  await search('Description', 'thorax');
  await expectShown((s) => s.description.toLowerCase().includes('thorax'));

  await search('Referring physician', 'schneider');
  await expectShown((s) => referringOf(s).toLowerCase().startsWith('schneider'));

  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByLabel('Study date from').fill('2024-03-10');
  await page.getByLabel('Study date to').fill('2024-03-13');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expectShown((s) => s.studyDate >= '20240310' && s.studyDate <= '20240313');

  // Modality chips apply at once.
  await page.getByRole('button', { name: 'Clear' }).click();
  const modality = page.getByRole('group', { name: 'Modality' });
  await modality.getByRole('checkbox', { name: 'MR', exact: true }).check();
  await modality.getByRole('checkbox', { name: 'DX', exact: true }).check();
  await expect(page).toHaveURL(/mod=MR%2CDX|mod=MR,DX/);
  await expectShown((s) => modalitiesOf(s).some((m) => m === 'MR' || m === 'DX'));

  // Empty state names the active filters.
  await search('Patient name', 'Nobody-by-this-name');
  await expect(page.getByRole('status').filter({ hasText: 'No studies match' })).toContainText('patient name “Nobody-by-this-name”');
  await expect(page.getByRole('table', { name: 'Studies' })).toHaveCount(0);

  // "Any" clears the dates; "Today" narrows to today's studies (none in the samples).
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByRole('button', { name: 'Today' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No studies match' })).toContainText('study date from');
  await page.getByRole('button', { name: 'Any' }).click();
  await expect.poll(() => shownStudyUids(page)).toHaveLength(all.length);
});
