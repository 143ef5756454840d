import { request, type BrowserContext, type Page, type Route } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { DISPLAY_NAMES, signInThroughApi } from './support/accounts.ts';
import { canvasStats } from './support/canvas.ts';
import { archivePrSeries, deletePrSeriesAddedSince, deleteSeries, prSeries, storedDrafts } from './support/presentation-states.ts';
import { currentCtChest, readManifest } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { drag, goToImage, imagePixelToPage, openStudy } from './support/viewer.ts';
import { slot, studyByKey, viewerUrl } from './support/viewer-layout.ts';

/**
 * The session ends on the gateway while a radiologist reads (revoked: another client signs out with the
 * same cookie, so the browser still sends it and the gateway answers 401 session_expired). The next
 * request shows the sign-in dialog over the viewer, which stays as it was; after signing in the work
 * goes on: the refused save is sent again and stored under the reader's name, frames refused meanwhile
 * are loaded. Requests are held back (page.route) only to choose which one meets the ended session.
 * Each test signs in on its own (ending the run's shared session would sign every later spec out).
 */

test.use({ signedInAs: null });
// Each test reads, draws, waits for a dialog and reads on: more than the default on a busy machine.
test.describe.configure({ timeout: 180_000 });

const stack = readStackState();
const chest = currentCtChest(readManifest(stack.manifestPath));
const storedSeries: string[] = [];
const SESSION_ENDED = 'Your session has ended — sign in again';

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;

test.beforeEach(async ({ page }) => {
  await signInThroughApi(page.request, stack.baseURL, 'radiologist', stack.demoPassword);
});

let chestPrSeriesAtStart: string[] = [];
test.beforeAll(async () => {
  chestPrSeriesAtStart = await archivePrSeries(stack, chest.studyInstanceUID);
});

test.afterAll(async () => {
  await deleteSeries(stack, storedSeries);
  // Also what a save left behind when a test stopped before it could note the series (a timeout).
  await deletePrSeriesAddedSince(stack, chest.studyInstanceUID, chestPrSeriesAtStart);
});

/** Ends the browser's session on the gateway, as a sign-out elsewhere with the same cookie does; the browser keeps its cookie. */
async function revokeSession(context: BrowserContext): Promise<void> {
  const api = await request.newContext({ baseURL: stack.baseURL, storageState: await context.storageState() });
  try {
    const res = await api.delete('/api/session', { headers: { Origin: stack.baseURL } });
    expect(res.status()).toBe(204);
  } finally {
    await api.dispose();
  }
  expect((await context.cookies()).map((c) => c.name)).toContain('readroom_session');
}

const chestPrSeries = (page: Page) => prSeries(page.request, chest.studyInstanceUID);
const chestDrafts = async (page: Page) =>
  (await storedDrafts(page)).filter((d) => d.studyInstanceUID === chest.studyInstanceUID).map((d) => `${d.owner}: ${d.annotations.length}`);

/** Opens the CT chest, goes to its fifth image and draws one length there; returns what the reader sees. */
async function readAndMeasure(page: Page) {
  const viewport = await openStudy(page, chest.studyInstanceUID);
  const count = chest.series.find((s) => s.modality === 'CT')!.instances.length;
  await goToImage(page, viewport, 4);
  await page.keyboard.press('l');
  await drag(page, await imagePixelToPage(viewport, 512, 512, 60, 60), await imagePixelToPage(viewport, 512, 512, 140, 100));
  const measurement = viewport.locator('svg text');
  await expect(measurement).toHaveCount(1);
  await expect.poll(() => chestDrafts(page)).toEqual(['radiologist: 1']);
  return { viewport, measurement, lengthText: (await measurement.textContent())!, imageIndex: `Image 5 / ${count}` };
}

test('the sign-in dialog comes over the viewer; after signing in the annotation, the image and the layout are still there and the save completes under the reader’s name', async ({
  page,
  context,
}) => {
  const before = await chestPrSeries(page);
  const { measurement, lengthText, imageIndex } = await readAndMeasure(page);
  await page.evaluate(() => Object.assign(window, { readroomE2eMarker: 'the same page' }));
  const url = page.url();

  // The save's STOW request is held back until the session has ended, then reaches the real gateway.
  let holding = true;
  const heldStow = new Promise<Route>((resolve) => {
    // Presentation states are stored to their study (STOW /studies/{uid}).
    void page.route(`**/dicom-web/studies/${chest.studyInstanceUID}`, (route) =>
      holding && route.request().method() === 'POST' ? resolve(route) : route.continue(),
    );
  });
  await page.getByRole('button', { name: 'Save annotations' }).click();
  const stow = await heldStow;
  await revokeSession(context);
  holding = false;
  const refusal = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/dicom-web/studies/${chest.studyInstanceUID}`);
  await stow.continue();
  const refused = await refusal;
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ error: 'session_expired' });
  const dialog = page.getByRole('dialog', { name: SESSION_ENDED });
  await expect(dialog).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Saving annotations…' })).toBeVisible();

  // Underneath, nothing has moved; the draft is safe.
  await expect(dialog.getByLabel('Username')).toHaveValue('radiologist');
  await expect(page.getByTestId('image-index').first()).toHaveText(imageIndex);
  await expect(measurement).toHaveText(lengthText);
  expect(await chestDrafts(page)).toEqual(['radiologist: 1']);
  // The dialog cannot be dismissed: the page cannot work without a session.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();

  await dialog.getByLabel('Password').fill(stack.demoPassword);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /^Saved 1 annotation to the archive/ })).toBeVisible();

  // The same page, not a reload: same address, same image, the annotation still drawn; the draft went with the save.
  expect(await page.evaluate(() => (window as unknown as { readroomE2eMarker?: string }).readroomE2eMarker)).toBe('the same page');
  expect(page.url()).toBe(url);
  await expect(page.getByTestId('image-index').first()).toHaveText(imageIndex);
  await expect(measurement).toHaveText(lengthText);
  await expect.poll(() => chestDrafts(page)).toEqual([]);

  // The stored presentation state names the signed-in reader as its author (read back through DICOMweb).
  const created = (await chestPrSeries(page)).filter((uid) => !before.includes(uid));
  storedSeries.push(...created);
  expect(created).toHaveLength(1);
  const metadata = await page.request.get(`/dicom-web/studies/${chest.studyInstanceUID}/series/${created[0]}/metadata`, {
    headers: { Accept: 'application/dicom+json' },
  });
  const [gsps] = (await metadata.json()) as DicomJson[];
  expect(gsps!['00700084']?.Value).toEqual([{ Alphabetic: 'Radiologist^Ada' }]);
});

test('frames refused while the session has ended are loaded once the reader has signed in again', async ({ page, context }) => {
  const mr = studyByKey(readManifest(stack.manifestPath), 'mr-brain');
  const [t1, t2] = [...mr.series].sort((a, b) => a.seriesNumber - b.seriesNumber);
  // The T2 series' frames are held back until the session has ended, then reach the real gateway.
  const held: Route[] = [];
  let release = false;
  const isT2Frame = (url: URL) => url.pathname.includes(`/series/${t2!.seriesInstanceUID}/`) && /\/frames\/\d+$|\/frames-batch$/.test(url.pathname);
  await page.route(
    (url) => isT2Frame(url),
    (route) => (release ? route.continue() : void held.push(route)),
  );
  const refused: string[] = [];
  page.on('response', (r) => {
    if (isT2Frame(new URL(r.url())) && r.status() === 401) refused.push(r.request().resourceType());
  });

  await page.goto(`${viewerUrl([mr], [t1!.seriesInstanceUID])}&hangingProtocol=single`);
  await expect(slot(page, 1).getByTestId('image-index')).toHaveText(`Image 1 / ${t1!.instances.length}`, { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Series' }).locator(`[data-series-uid="${t2!.seriesInstanceUID}"]`).getByRole('button').press('Enter');
  await expect(slot(page, 1)).toHaveAttribute('data-series-uid', t2!.seriesInstanceUID);
  await expect.poll(() => held.length).toBeGreaterThan(0);

  await revokeSession(context);
  release = true;
  for (const route of held.splice(0)) await route.continue();
  const dialog = page.getByRole('dialog', { name: SESSION_ENDED });
  await expect(dialog).toBeVisible();
  expect(refused.length).toBeGreaterThan(0);
  await dialog.getByLabel('Password').fill(stack.demoPassword);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);

  // The refused loads were never failures: T2 is drawn, no error is shown.
  const viewport = slot(page, 1).getByTestId('viewport');
  await expect(slot(page, 1).getByTestId('image-index')).toHaveText(`Image 1 / ${t2!.instances.length}`, { timeout: 30_000 });
  await expect.poll(async () => (await canvasStats(viewport)).nonBlack, { timeout: 30_000 }).toBeGreaterThan(500);
  await expect(page.getByTestId('viewport-error')).toHaveCount(0);
});

test('another user signing in over the ended session gets the page reloaded as themselves; the first reader’s draft stays theirs', async ({
  page,
  context,
}) => {
  const before = await chestPrSeries(page);
  await readAndMeasure(page);

  await revokeSession(context);
  await page.getByRole('button', { name: 'Save annotations' }).click();
  const dialog = page.getByRole('dialog', { name: SESSION_ENDED });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Username').fill('radiologist2');
  await dialog.getByLabel('Password').fill(stack.demoPassword);
  const reloaded = page.waitForEvent('load');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await reloaded;

  // The same study, now as Ben: none of Ada's annotations on screen, nothing saved under either name.
  await expect(page.getByText(DISPLAY_NAMES.radiologist2, { exact: true })).toBeVisible();
  await expect(page.getByTestId('image-index').first()).toHaveText(/^Image \d+ \/ \d+$/, { timeout: 30_000 });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('viewport').first().locator('svg text')).toHaveCount(0);
  expect(await chestPrSeries(page)).toEqual(before);
  // Ada's draft is kept for her.
  expect(await chestDrafts(page)).toEqual(['radiologist: 1']);
});
