import { restartStackArchive, stopStackArchive } from './support/archive.ts';
import { test, expect } from './support/fixtures.ts';

test('an archive outage shows a clear message and the app recovers when the archive is back', async ({ page, stack }) => {
  await page.goto('/');
  const table = page.getByRole('table', { name: 'Studies' });
  await expect(table).toBeVisible();

  await stopStackArchive(stack);
  try {
    await page.getByRole('button', { name: 'Refresh' }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'The worklist could not be loaded' });
    await expect(failure).toBeVisible();
    await expect(failure).toContainText(/not reachable/i);
    await expect(page.getByTestId('archive-status')).toContainText(/Archive unavailable/);
    await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
  } finally {
    await restartStackArchive(stack);
  }

  // No reload, no click: the health poll notices the archive is back and the list returns.
  await expect(page.getByTestId('archive-status')).toHaveCount(0, { timeout: 30_000 });
  await expect(table).toBeVisible();
  await expect(table.getByRole('row').nth(1)).toBeVisible();
});
