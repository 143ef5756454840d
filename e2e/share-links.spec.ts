import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { canvasStats } from './support/canvas.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { openStudy } from './support/viewer.ts';
import { timingMarks } from './support/viewer-layout.ts';

/**
 * Share links end to end: a radiologist creates a link in the Share dialog; a browser that has never
 * been signed in (no cookie) opens it, gives the passcode, and sees the study in the normal viewer with
 * the token gone from the address bar; five wrong passcodes block a link; revoking a link in the dialog
 * takes the study off a recipient's open tab.
 */

// Two browsers each load the viewer's chunk (megabytes) cold: more than the default on a busy machine.
test.describe.configure({ timeout: 180_000 });

async function recipientPage(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

async function createLinkInDialog(page: Page, options: { recipient: string; passcode?: string }): Promise<string> {
  await page.getByRole('button', { name: 'Share…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this study' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Recipient').fill(options.recipient);
  if (options.passcode) await dialog.getByLabel('Passcode (optional)').fill(options.passcode);
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const link = dialog.getByRole('textbox', { name: 'Link' });
  await expect(link).toHaveValue(/\/s\/[A-Za-z0-9_-]{43}$/);
  await expect(dialog.getByRole('img', { name: 'QR code of the link' })).toBeVisible();
  return link.inputValue();
}

test('a link with a passcode opens the study for a browser without an account, and the token leaves the address bar', async ({ page, browser, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  await openStudy(page, chest.studyInstanceUID);
  const link = await createLinkInDialog(page, { recipient: 'Dr Okafor, ED', passcode: 'K7PQ2MZX' });
  const token = link.split('/s/')[1]!;
  // Listed in the dialog, unused so far.
  const row = page.getByRole('dialog', { name: 'Share this study' }).getByRole('row').filter({ hasText: 'Dr Okafor, ED' });
  await expect(row).toContainText('Active');

  const recipient = await recipientPage(browser, stack.baseURL);
  try {
    const other = recipient.page;
    await other.goto(link);
    await expect(other.getByRole('heading', { name: 'A study has been shared with you' })).toBeVisible();
    // Nothing of the patient on the landing page.
    await expect(other.locator('body')).not.toContainText(chest.description);
    const entries = await other.evaluate(() => window.history.length);
    await other.getByLabel('Passcode').fill('K7PQ2MZX');
    await other.getByRole('button', { name: 'Open' }).click();

    await expect(other).toHaveURL(new RegExp(`/viewer\\?StudyInstanceUIDs=${chest.studyInstanceUID.replace(/\./g, '\\.')}$`));
    expect(other.url()).not.toContain(token);
    const viewport = other.getByTestId('viewport').first();
    await expect(viewport).toBeVisible({ timeout: 30_000 });
    await expect(other.getByTestId('image-index').first()).toHaveText(/^Image 1 \/ \d+$/, { timeout: 30_000 });
    await expect.poll(async () => (await canvasStats(viewport)).distinctLevels, { timeout: 30_000 }).toBeGreaterThan(20);
    await expect.poll(async () => (await timingMarks(other, 'rr:first-image')).length).toBe(1);
    await expect(other.getByTestId('pixel-readout').first()).toBeAttached();
    // The landing page was replaced, not pushed: no history entry holds the token any more.
    expect(await other.evaluate(() => window.history.length)).toBe(entries);
    await other.goBack();
    expect(other.url()).not.toContain(token);
    await other.goForward();
    await expect(other.getByTestId('image-index').first()).toHaveText(/^Image 1 \/ \d+$/, { timeout: 30_000 });
    // The recipient's page: no worklist, no account.
    await expect(other.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    await expect(other.getByRole('link', { name: 'Worklist' })).toHaveCount(0);
    await expect(other.getByRole('button', { name: 'Share…' })).toHaveCount(0);
    // The cookie is HttpOnly and SameSite=Strict.
    const cookie = (await recipient.context.cookies()).find((c) => c.name === 'readroom_share');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // The creator sees the use.
    await page.getByRole('dialog', { name: 'Share this study' }).getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Share…' }).click();
    await expect(
      page.getByRole('dialog', { name: 'Share this study' }).getByRole('row').filter({ hasText: 'Dr Okafor, ED' }).getByRole('cell').nth(3),
    ).toHaveText('1');
    // The creator reads the link's access history (from the audit trail).
    const dialog = page.getByRole('dialog', { name: 'Share this study' });
    await dialog
      .getByRole('row')
      .filter({ hasText: 'Dr Okafor, ED' })
      .getByRole('button', { name: /^History/ })
      .click();
    const history = dialog.getByRole('region', { name: /^History of the link/ });
    await expect(history.getByRole('listitem').filter({ hasText: 'Share link opened' })).toHaveCount(1);
    await expect(history.getByRole('listitem').filter({ hasText: /Share link created/ })).toHaveCount(1);
  } finally {
    await recipient.context.close();
  }
});

test('five wrong passcodes block the link', async ({ page, browser, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  const created = await page.request.post('/api/shares', { data: { studyInstanceUids: [chest.studyInstanceUID], passcode: 'RIGHT-ONE', recipient: 'GP' } });
  expect(created.status()).toBe(201);
  const { url } = (await created.json()) as { url: string };

  const recipient = await recipientPage(browser, stack.baseURL);
  try {
    const other = recipient.page;
    await other.goto(url);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await other.getByLabel('Passcode').fill(`wrong-${attempt}`);
      await other.getByRole('button', { name: 'Open' }).click();
      await expect(other.getByRole('alert')).toHaveText(
        `Wrong passcode. ${5 - attempt} attempt${5 - attempt === 1 ? '' : 's'} left before the link is blocked.`,
      );
    }
    await other.getByLabel('Passcode').fill('wrong-5');
    await other.getByRole('button', { name: 'Open' }).click();
    await expect(other.getByRole('heading', { name: 'This link is blocked' })).toBeVisible();
    await expect(other.getByLabel('Passcode')).toHaveCount(0);
    // Blocked for good, also on a fresh visit.
    await other.goto(url);
    await expect(other.getByRole('heading', { name: 'This link is blocked' })).toBeVisible();
    await expect(other.locator('body')).not.toContainText(chest.description);
  } finally {
    await recipient.context.close();
  }
});

test('an unknown link gets a clear page', async ({ browser, stack }) => {
  const recipient = await recipientPage(browser, stack.baseURL);
  try {
    await recipient.page.goto(`/s/${'A'.repeat(43)}`);
    await expect(recipient.page.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  } finally {
    await recipient.context.close();
  }
});

test('revoking a link in the dialog cuts off the recipient tab that has it open', async ({ page, browser, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  await openStudy(page, chest.studyInstanceUID);
  const link = await createLinkInDialog(page, { recipient: 'Ward 7 registrar' });

  const recipient = await recipientPage(browser, stack.baseURL);
  try {
    const other = recipient.page;
    await other.goto(link);
    await other.getByRole('button', { name: 'Open' }).click();
    const viewport = other.getByTestId('viewport').first();
    await expect(other.getByTestId('image-index').first()).toHaveText(/^Image 1 \/ \d+$/, { timeout: 60_000 });
    await expect(viewport).toBeVisible();

    const dialog = page.getByRole('dialog', { name: 'Share this study' });
    const row = dialog.getByRole('row').filter({ hasText: 'Ward 7 registrar' });
    await row.getByRole('button', { name: /^Revoke/ }).click();
    await expect(row).toContainText('Revoked');

    await expect(other.getByRole('heading', { name: 'This shared link no longer works' })).toBeVisible({ timeout: 30_000 });
    await expect(other.getByTestId('viewport')).toHaveCount(0);
    // And the gateway refuses the study's data to that browser.
    const res = await other.request.get(`/dicom-web/studies/${chest.studyInstanceUID}/metadata`, { headers: { Accept: 'application/dicom+json' } });
    expect(res.status()).toBe(401);
  } finally {
    await recipient.context.close();
  }
});
