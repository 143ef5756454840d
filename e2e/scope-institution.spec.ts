import { request, type APIRequestContext, type Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { generateDemoPassword, runUsersCli, signInThroughApi, startGatewayWithAccounts, type ExtraGateway } from './support/accounts.ts';
import { institutionsByStudy, readManifest, type ManifestStudy } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { shownStudyUids, uids } from './support/worklist.ts';

/**
 * An account limited to one institution (the study's Institution Name), set up with the users CLI as an
 * operator would, on a gateway of its own: the worklist lists exactly that institution's studies, a
 * launch URL of another institution's study finds nothing, and the gateway answers direct DICOMweb
 * requests for it as for a study that does not exist, while the same requests for a study in scope work.
 */

test.use({ signedInAs: null });

const INSTITUTION = 'Readroom Test Hospital';
const USERNAME = 'scoped.reader';
const DISPLAY_NAME = 'Sam Scoped';
const PASSWORD = generateDemoPassword();
const DICOM_JSON = { Accept: 'application/dicom+json' };
const FRAME = { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' };

let gateway: ExtraGateway;
let inScope: ManifestStudy[];
let outOfScope: ManifestStudy[];

test.beforeAll(async () => {
  // The users CLI creates the gateway's database on its first run; then the gateway starts on it.
  test.setTimeout(300_000);
  const stack = readStackState();
  const manifest = readManifest(stack.manifestPath);
  // Which seeded studies are of the institution, from their files: all of a study's files or none.
  const institutions = institutionsByStudy(stack.manifestPath, manifest);
  inScope = manifest.studies.filter((s) => [...institutions.get(s.studyInstanceUID)!].every((name) => name === INSTITUTION));
  outOfScope = manifest.studies.filter((s) => !institutions.get(s.studyInstanceUID)!.has(INSTITUTION));
  expect(inScope.length + outOfScope.length).toBe(manifest.studies.length);
  expect(inScope.length).toBeGreaterThan(0);
  expect(outOfScope.length).toBeGreaterThan(0);

  gateway = await startGatewayWithAccounts(stack, {
    beforeStart: async (env) => {
      expect(await runUsersCli(env, ['add', USERNAME, '--role', 'radiologist', '--name', DISPLAY_NAME, '--password-stdin'], `${PASSWORD}\n`)).toContain(
        `Added ${USERNAME} (${DISPLAY_NAME}) with role radiologist.`,
      );
      expect(await runUsersCli(env, ['scope', USERNAME, '--institution', INSTITUTION])).toContain(
        `${USERNAME} sees sources: every; institutions: ${INSTITUTION}.`,
      );
    },
  });
});

test.afterAll(async () => {
  await gateway?.stop();
});

async function signInScoped(page: Page, path: string): Promise<void> {
  await page.goto(`${gateway.url}${path}`);
  await expect(page).toHaveURL(`${gateway.url}/sign-in?next=${encodeURIComponent(path)}`);
  await page.getByLabel('Username').fill(USERNAME);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(DISPLAY_NAME, { exact: true })).toBeVisible();
}

function firstImage(study: ManifestStudy) {
  const series = study.series.find((s) => s.instances.some((i) => i.rows > 0))!;
  return { series, instance: series.instances.find((i) => i.rows > 0)! };
}

/** Metadata, a frame and a study search for one study, with the session of `api`. */
async function askFor(api: APIRequestContext, study: ManifestStudy) {
  const { series, instance } = firstImage(study);
  const root = `${gateway.url}/dicom-web/studies/${study.studyInstanceUID}`;
  const studyMetadata = await api.get(`${root}/metadata`, { headers: DICOM_JSON });
  const seriesMetadata = await api.get(`${root}/series/${series.seriesInstanceUID}/metadata`, { headers: DICOM_JSON });
  const frame = await api.get(`${root}/series/${series.seriesInstanceUID}/instances/${instance.sopInstanceUID}/frames/1`, { headers: FRAME });
  const search = await api.get(`${gateway.url}/dicom-web/studies?StudyInstanceUID=${study.studyInstanceUID}`, { headers: DICOM_JSON });
  const searchText = await search.text();
  const found = (searchText.trim() ? (JSON.parse(searchText) as unknown[]) : []).length;
  return { studyMetadata, seriesMetadata, frame, search, found };
}

test('the worklist lists every study of the account’s institution and no other', async ({ page }) => {
  await signInScoped(page, '/');
  await expect(page.getByRole('heading', { name: 'Worklist', level: 1 })).toBeVisible();
  // In the default reading order the count goes on with " · sorted by …".
  await expect(page.getByRole('status').filter({ hasText: /studies on page 1\b/ })).toHaveText(new RegExp(`^${inScope.length} studies on page 1\\b`));
  await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next page' })).toBeDisabled();
  expect((await shownStudyUids(page)).sort()).toEqual(uids(inScope).sort());
});

test('a launch URL of another institution’s study finds no study and shows no image', async ({ page }) => {
  const other = outOfScope[0]!;
  await signInScoped(page, `/viewer?StudyInstanceUIDs=${other.studyInstanceUID}`);
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Study not found' })).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText(other.studyInstanceUID);
  await expect(page.getByTestId('viewport')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Series' })).toHaveCount(0);

  // The same page opens a study of the institution.
  const own = inScope.find((s) => s.key === 'ct-head') ?? inScope[0]!;
  await page.goto(`${gateway.url}/viewer?StudyInstanceUIDs=${own.studyInstanceUID}&hangingProtocol=single`);
  await expect(page.getByTestId('image-index').first()).toHaveText(/^Image 1 \/ \d+$/, { timeout: 30_000 });
});

test('direct DICOMweb requests with the session: another institution’s study answers 404 and an empty search; a study in scope answers', async ({ page }) => {
  await signInScoped(page, '/');
  const other = outOfScope[0]!;
  const own = inScope.find((s) => s.key === 'ct-head') ?? inScope[0]!;

  const refused = await askFor(page.request, other);
  for (const res of [refused.studyMetadata, refused.seriesMetadata, refused.frame]) {
    expect(res.status(), res.url()).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  }
  expect([200, 204]).toContain(refused.search.status());
  expect(refused.found).toBe(0);

  const allowed = await askFor(page.request, own);
  for (const res of [allowed.studyMetadata, allowed.seriesMetadata, allowed.frame]) expect(res.status(), res.url()).toBe(200);
  expect(allowed.frame.headers()['content-type']).toMatch(/^multipart\/related/);
  expect(allowed.search.status()).toBe(200);
  expect(allowed.found).toBe(1);

  // The 404 is the scope, not a missing study: an account without a scope gets it from this gateway.
  const unscoped = await request.newContext();
  try {
    await signInThroughApi(unscoped, gateway.url, 'radiologist', readStackState().demoPassword);
    const seen = await askFor(unscoped, other);
    for (const res of [seen.studyMetadata, seen.seriesMetadata, seen.frame]) expect(res.status(), res.url()).toBe(200);
    expect(seen.found).toBe(1);
  } finally {
    await unscoped.dispose();
  }
});
