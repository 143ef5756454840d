import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { DISPLAY_NAMES, startGatewayWithAccounts, type DemoUser, type ExtraGateway } from './support/accounts.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';

/**
 * Signing in through the page as each demo account: where each role lands and what it may do, the
 * gateway's refusals in words, and a viewer launch URL that survives the sign-in. Nobody is signed in
 * at the start of these tests.
 */

test.use({ signedInAs: null });

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signInAs(page: Page, user: DemoUser, password: string, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByRole('heading', { name: 'Sign in to Readroom' })).toBeVisible();
  await signIn(page, user, password);
  await expect(page.getByText(DISPLAY_NAMES[user], { exact: true })).toBeVisible();
}

test('a signed-out browser is sent to the sign-in page; the radiologist reaches the worklist and can sign out', async ({ page, stack }) => {
  await signInAs(page, 'radiologist', stack.demoPassword);
  await expect(page).toHaveURL(`${stack.baseURL}/`);
  await expect(page.getByRole('heading', { name: 'Worklist', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Studies' }).locator('tbody tr[data-study-uid]').first()).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Worklist' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Audit trail' })).toHaveCount(0);
  // No single sign-on offered by this gateway: no provider links.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${stack.baseURL}/sign-in`);
  await expect(page.getByRole('heading', { name: 'Or sign in with' })).toHaveCount(0);
  // The session is gone on the gateway too: the worklist sends the browser back here, and the API refuses.
  await page.goto('/');
  await expect(page).toHaveURL(`${stack.baseURL}/sign-in?next=%2F`);
  const api = await page.request.get('/dicom-web/studies?limit=1', { headers: { Accept: 'application/dicom+json' } });
  expect(api.status()).toBe(401);
  expect(await api.json()).toMatchObject({ error: 'unauthenticated' });
});

test('qa reaches the worklist and reads a study, without any control to save a presentation state (the gateway refuses it too)', async ({ page, stack }) => {
  await signInAs(page, 'qa', stack.demoPassword);
  await expect(page.getByRole('heading', { name: 'Worklist', level: 1 })).toBeVisible();
  const chest = currentCtChest(readManifest(stack.manifestPath));
  await page.goto(`/viewer?StudyInstanceUIDs=${chest.studyInstanceUID}&hangingProtocol=single`);
  await expect(page.getByTestId('image-index').first()).toHaveText(/^Image 1 \/ \d+$/, { timeout: 30_000 });
  await expect(page.getByRole('toolbar', { name: 'Reading tools' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save annotations' })).toHaveCount(0);

  const stow = await page.request.post('/dicom-web/studies', {
    headers: { Origin: stack.baseURL, 'Content-Type': 'multipart/related; type="application/dicom"; boundary=x', Accept: 'application/dicom+json' },
    data: '--x--\r\n',
  });
  expect(stow.status()).toBe(403);
});

test('an administrator sees the administration links and no worklist (nothing is asked of the archive)', async ({ page, stack }) => {
  const dicomweb: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/dicom-web')) dicomweb.push(r.url());
  });
  await signInAs(page, 'admin', stack.demoPassword);
  await expect(page.getByRole('heading', { name: 'Readroom', level: 1 })).toBeVisible();
  await expect(page.getByText('This account does not open studies or images.')).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByRole('link', { name: 'Audit trail' })).toHaveAttribute('href', '/admin/audit');
  await expect(main.getByRole('link', { name: 'Sessions' })).toHaveAttribute('href', '/admin/sessions');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Audit trail' })).toHaveAttribute('href', '/admin/audit');
  await expect(nav.getByRole('link', { name: 'Sessions' })).toHaveAttribute('href', '/admin/sessions');
  await expect(nav.getByRole('link', { name: 'Worklist' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Worklist' })).toHaveCount(0);
  await expect(page.getByLabel('Data source')).toHaveCount(0);

  // A launch URL is no way round it.
  const chest = currentCtChest(readManifest(stack.manifestPath));
  await page.goto(`/viewer?StudyInstanceUIDs=${chest.studyInstanceUID}`);
  await expect(page.getByRole('alert').filter({ hasText: 'Your account is not allowed to open studies and images.' })).toBeVisible();
  await expect(page.getByTestId('viewport')).toHaveCount(0);
  expect(dicomweb).toEqual([]);
});

test('a viewer launch URL survives the sign-in: the reader lands on the study asked for', async ({ page, stack }) => {
  const chest = currentCtChest(readManifest(stack.manifestPath));
  const launch = `/viewer?StudyInstanceUIDs=${chest.studyInstanceUID}&hangingProtocol=single`;
  await page.goto(launch);
  await expect(page).toHaveURL(`${stack.baseURL}/sign-in?next=${encodeURIComponent(launch)}`);
  await signIn(page, 'radiologist', stack.demoPassword);
  await expect(page).toHaveURL(`${stack.baseURL}${launch}`);
  await expect(page.getByTestId('image-index').first()).toHaveText(/^Image 1 \/ \d+$/, { timeout: 30_000 });
});

test('a next that leaves the site is not followed', async ({ page, stack }) => {
  await page.goto(`/sign-in?next=${encodeURIComponent('//example.org/phish')}`);
  await signIn(page, 'radiologist', stack.demoPassword);
  await expect(page).toHaveURL(`${stack.baseURL}/`);
  await expect(page.getByRole('heading', { name: 'Worklist', level: 1 })).toBeVisible();
});

test.describe('refusals', () => {
  // A gateway of its own: the lock and the failure count stay out of the run's gateway.
  let gateway: ExtraGateway;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    gateway = await startGatewayWithAccounts(readStackState());
  });
  test.afterAll(async () => {
    await gateway?.stop();
  });

  test('a wrong password is named; five in a row lock the account with the gateway’s message', async ({ page, stack }) => {
    await page.goto(`${gateway.url}/`);
    await expect(page).toHaveURL(`${gateway.url}/sign-in?next=%2F`);
    const alert = page.getByRole('alert');

    await signIn(page, 'radiologist2', 'not the password at all');
    await expect(alert).toHaveText('Wrong username or password.');
    // The password is cleared for the next try, the username kept.
    await expect(page.getByLabel('Password')).toHaveValue('');
    await expect(page.getByLabel('Username')).toHaveValue('radiologist2');
    await expect(page.getByLabel('Password')).toBeFocused();

    for (let failure = 2; failure <= 4; failure++) {
      await page.getByLabel('Password').fill(`wrong password number ${failure}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByLabel('Password')).toHaveValue('');
      await expect(alert).toHaveText('Wrong username or password.');
    }
    await page.getByLabel('Password').fill('wrong password number 5');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toHaveText(/^Too many failed sign-ins\. Try again in 15 minutes/);

    // Locked: even the right password is refused now, and the page stays where it is.
    await page.getByLabel('Password').fill(stack.demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toHaveText(/^Too many failed sign-ins\./);
    await expect(page).toHaveURL(`${gateway.url}/sign-in?next=%2F`);
    // Other accounts are not locked.
    await page.getByLabel('Username').fill('radiologist');
    await page.getByLabel('Password').fill(stack.demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText(DISPLAY_NAMES.radiologist, { exact: true })).toBeVisible();
  });
});
