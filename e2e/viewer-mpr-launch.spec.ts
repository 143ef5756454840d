import { watchConsole } from './support/console-watch.ts';
import { test, expect } from './support/fixtures.ts';
import { currentCtChest, readManifest } from './support/samples.ts';

// The volume of the CT chest is filled from the archive: on a busy machine that takes a while.
test.describe.configure({ timeout: 180_000 });

interface Mark {
  name: string;
  detail: { seriesInstanceUID?: string; plane?: string; n?: number };
}

test('mpr=1 opens the CT chest as MPR; the MPR timing marks name the series, a reformatted plane and every slice', async ({ page, stack }) => {
  const watch = watchConsole(page);
  const chest = currentCtChest(readManifest(stack.manifestPath));
  const series = chest.series.find((s) => s.modality === 'CT' && s.instances.length >= 200)!;
  await page.goto(`/viewer?StudyInstanceUIDs=${chest.studyInstanceUID}&hangingProtocol=single&mpr=1`);
  await expect(page.getByTestId('mpr-view')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'MPR' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('mpr-progress')).toHaveText(`Volume complete (${series.instances.length} images)`, { timeout: 150_000 });
  const marks = async () =>
    page.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('rr:mpr-'))
        .map((m) => ({ name: m.name, detail: (m as PerformanceMark).detail as Mark['detail'] })),
    );
  await expect.poll(async () => (await marks()).map((m) => m.name).sort()).toEqual(['rr:mpr-first-image', 'rr:mpr-volume-loaded']);
  const byName = new Map((await marks()).map((m) => [m.name, m.detail]));
  expect(byName.get('rr:mpr-first-image')?.seriesInstanceUID).toBe(series.seriesInstanceUID);
  expect(['coronal', 'sagittal']).toContain(byName.get('rr:mpr-first-image')?.plane);
  expect(byName.get('rr:mpr-volume-loaded')).toEqual({ seriesInstanceUID: series.seriesInstanceUID, n: series.instances.length });
  // Back to the stack by the button: the launch does not force MPR again.
  await page.getByRole('button', { name: 'MPR' }).click();
  await expect(page.getByTestId('mpr-view')).toHaveCount(0);
  expect(watch.problems()).toEqual({ messages: [], pageErrors: [], failedResponses: [] });
});
