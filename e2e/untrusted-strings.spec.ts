import { formatPersonName } from '../src/dicomweb/dicom-json.ts';
import { test, expect } from './support/fixtures.ts';
import { readManifest } from './support/samples.ts';

test('DICOM strings with markup are shown as text and run nothing', async ({ page, stack }) => {
  const manifest = readManifest(stack.manifestPath);
  const hostile = manifest.studies.find((s) => s.patientName.includes('<') && s.description.includes('<'));
  expect(hostile, 'the sample data has a patient whose name and description carry markup').toBeDefined();
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });

  await page.goto('/');
  const row = page.getByRole('table', { name: 'Studies' }).getByRole('row').filter({ hasText: hostile!.description });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('link')).toHaveText(formatPersonName(hostile!.patientName));
  await expect(row.locator('img')).toHaveCount(0);
  await expect(row.locator('script')).toHaveCount(0);

  await row.getByRole('link').click();
  await expect(page.getByTestId('viewport')).toBeVisible();
  await expect(page.getByText(hostile!.description).first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toBe(0);
});
