import { test, expect } from './support/fixtures.ts';
import { readManifest } from './support/samples.ts';
import { studyByKey } from './support/viewer-layout.ts';

/**
 * Links to studies other than the CT chest, opened one after the other in fresh browsers: each shows its
 * own study, and the viewer asks the gateway for nothing outside the link (a refused request would leave
 * the recipient without an image).
 */
test.describe.configure({ timeout: 180_000 });

for (const key of ['ct-chest-current', 'dx-chest'] as const) {
  test(`a link to ${key} opens that study, and nothing outside the link is asked for`, async ({ page, browser, stack }) => {
    const study = studyByKey(readManifest(stack.manifestPath), key);
    const created = await page.request.post('/api/shares', { data: { studyInstanceUids: [study.studyInstanceUID], recipient: 'GP' } });
    expect(created.status()).toBe(201);
    const { url } = (await created.json()) as { url: string };

    const context = await browser.newContext({ baseURL: stack.baseURL, storageState: { cookies: [], origins: [] } });
    try {
      const recipient = await context.newPage();
      const refused: string[] = [];
      recipient.on('response', (response) => {
        if (response.status() >= 400) refused.push(`${response.status()} ${new URL(response.url()).pathname}`);
      });
      await recipient.goto(url);
      await recipient.getByRole('button', { name: 'Open' }).click();
      await expect(recipient.getByTestId('image-index').first()).toHaveText(new RegExp(`^Image 1 / ${study.series[0]!.instances.length}$`), {
        timeout: 60_000,
      });
      await expect(recipient.getByTestId('viewport-slot').first()).toHaveAttribute('data-series-uid', study.series[0]!.seriesInstanceUID);
      expect(refused).toEqual([]);
    } finally {
      await context.close();
    }
  });
}
