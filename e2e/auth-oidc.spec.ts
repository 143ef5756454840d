import type { Page } from '@playwright/test';
import { freePort } from '../scripts/lib/ports.ts';
import { startTestIdentityProvider, type TestIdentityProvider } from '../scripts/testing/identity-provider.ts';
import { test, expect } from './support/fixtures.ts';
import { startGatewayWithAccounts, type ExtraGateway } from './support/accounts.ts';
import { readManifest } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { studyByKey } from './support/viewer-layout.ts';

/**
 * Single sign-on in the browser: a real OpenID Connect provider (oidc-provider, on loopback, with its own
 * login and consent pages) and a gateway of this spec configured for it through READROOM_OIDC_*. A
 * signed-out reader follows a launch URL, picks the provider on the sign-in page, signs in at the
 * provider and lands where they were going with the provider's name and the mapped roles; someone whose
 * groups map to no role is refused and gets no session.
 */

test.use({ signedInAs: null });

const PROVIDER_LABEL = 'Hospital account';
const users: Record<string, Record<string, unknown>> = {
  ada: { name: 'Ada Okafor', given_name: 'Ada', family_name: 'Okafor', preferred_username: 'ada.okafor', groups: ['reading-radiologists', 'staff'] },
  alex: { name: 'Alex Ward', preferred_username: 'alex.ward', groups: ['pacs-admins'] },
  eve: { name: 'Eve Visitor', preferred_username: 'eve.visitor', groups: ['cafeteria'] },
};

let idp: TestIdentityProvider;
let gateway: ExtraGateway;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // The provider must know the redirect URI, so the gateway's port is chosen first.
  const port = await freePort();
  idp = await startTestIdentityProvider({ redirectUris: [`http://127.0.0.1:${port}/api/auth/oidc/hospital/callback`], users });
  gateway = await startGatewayWithAccounts(readStackState(), {
    port,
    env: {
      READROOM_OIDC_ID: 'hospital',
      READROOM_OIDC_LABEL: PROVIDER_LABEL,
      READROOM_OIDC_ISSUER: idp.issuer,
      READROOM_OIDC_CLIENT_ID: idp.clientId,
      READROOM_OIDC_CLIENT_SECRET: idp.clientSecret,
      READROOM_OIDC_SCOPES: 'openid profile groups',
      READROOM_OIDC_ROLE_CLAIM: 'groups',
      READROOM_OIDC_ROLE_MAP: 'reading-radiologists:radiologist,pacs-admins:admin',
    },
  });
});

test.afterAll(async () => {
  await gateway?.stop();
  await idp?.close();
});

/** From a Readroom address with no session: the sign-in page, its provider link, the provider's own login and consent pages. */
async function signInAtProvider(page: Page, path: string, login: string): Promise<void> {
  await page.goto(`${gateway.url}${path}`);
  await expect(page).toHaveURL(`${gateway.url}/sign-in?next=${encodeURIComponent(path)}`);
  await expect(page.getByRole('heading', { name: 'Or sign in with' })).toBeVisible();
  await page.getByRole('link', { name: `Sign in with ${PROVIDER_LABEL}` }).click();

  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await expect(page.getByRole('heading', { name: 'Authorize' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function sessionOf(page: Page): Promise<{ status: number; body: unknown }> {
  const res = await page.request.get(`${gateway.url}/api/session`, { headers: { Accept: 'application/json' } });
  return { status: res.status(), body: await res.json() };
}

test('a launch URL survives single sign-on: the reader lands on the study, named by the provider, with the mapped role', async ({ page, stack }) => {
  const head = studyByKey(readManifest(stack.manifestPath), 'ct-head');
  const launch = `/viewer?StudyInstanceUIDs=${head.studyInstanceUID}&hangingProtocol=single`;
  await signInAtProvider(page, launch, 'ada');

  await expect(page).toHaveURL(`${gateway.url}${launch}`);
  await expect(page.getByTestId('image-index').first()).toHaveText(`Image 1 / ${head.series[0]!.instances.length}`, { timeout: 30_000 });
  await expect(page.getByTitle('Signed in as ada.okafor')).toHaveText('Ada Okafor');
  // reading-radiologists → radiologist: reads, saves annotations, no administration.
  await expect(page.getByRole('button', { name: 'Save annotations' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Worklist' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Audit trail' })).toHaveCount(0);
  expect(await sessionOf(page)).toEqual({
    status: 200,
    body: { username: 'ada.okafor', displayName: 'Ada Okafor', personName: 'Okafor^Ada', roles: ['radiologist'], arbiter: false },
  });
});

test('a provider group mapped to administrators opens the administration pages, not the worklist', async ({ page }) => {
  await signInAtProvider(page, '/admin/audit', 'alex');
  await expect(page).toHaveURL(`${gateway.url}/admin/audit`);
  await expect(page.getByRole('heading', { name: 'Audit trail', level: 1 })).toBeVisible();
  await expect(page.getByTitle('Signed in as alex.ward')).toHaveText('Alex Ward');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Sessions' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Worklist' })).toHaveCount(0);
  expect(await sessionOf(page)).toMatchObject({ status: 200, body: { username: 'alex.ward', roles: ['admin'] } });
});

test('someone whose groups map to no role is refused with a message, and has no session', async ({ page }) => {
  await signInAtProvider(page, '/', 'eve');

  await expect(page.getByRole('heading', { name: 'No access to Readroom', level: 1 })).toBeVisible();
  await expect(page.getByText(`none of your groups or roles at ${PROVIDER_LABEL} is allowed to use Readroom`)).toBeVisible();
  expect((await sessionOf(page)).status).toBe(401);

  await page.getByRole('link', { name: 'Back to sign-in' }).click();
  await expect(page).toHaveURL(`${gateway.url}/sign-in?next=%2F`);
  await expect(page.getByRole('heading', { name: 'Sign in to Readroom' })).toBeVisible();
  await expect(page.getByText(/You are signed in as/)).toHaveCount(0);
  await page.goto(`${gateway.url}/`);
  await expect(page).toHaveURL(`${gateway.url}/sign-in?next=%2F`);
});
