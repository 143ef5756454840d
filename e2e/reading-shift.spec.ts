import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { DISPLAY_NAMES } from './support/accounts.ts';
import { readManifest, type ManifestStudy } from './support/samples.ts';
import { shownStudyUids, studyRows } from './support/worklist.ts';
import type { E2eStack } from './support/stack-state.ts';

/**
 * The reading shift (issue #16): two radiologists race to claim one study and exactly one gets it
 * (the other sees who holds it, and can take it over); the STAT sample sorts first in the default
 * worklist; "Next" in the viewer opens the next unread study of the worklist view and claims it.
 */

const studyOf = (stack: E2eStack, key: string): ManifestStudy => {
  const study = readManifest(stack.manifestPath).studies.find((s) => s.key === key);
  if (!study) throw new Error(`no sample ${key}`);
  return study;
};

async function asRadiologist2(browser: Browser, stack: E2eStack): Promise<BrowserContext> {
  return browser.newContext({ storageState: stack.storageStates.radiologist2, baseURL: stack.baseURL });
}

/** Ends any claim either radiologist still has on these studies (other specs of the run open them too). */
async function releaseClaims(pages: readonly Page[], uids: readonly string[]): Promise<void> {
  for (const page of pages) {
    for (const uid of uids) {
      const res = await page.request.post(`/api/reading/studies/${uid}/release`, { data: {} });
      expect(res.status()).toBe(200);
    }
  }
}

test('a STAT study sorts first in the default worklist, with its priority, status and turnaround clock', async ({ page, browser, stack }) => {
  const stat = studyOf(stack, 'dx-chest');
  const other = await asRadiologist2(browser, stack);
  await releaseClaims([page, await other.newPage()], [stat.studyInstanceUID]);
  await other.close();

  await page.goto('/');
  await expect(studyRows(page).first()).toBeVisible();
  await expect.poll(async () => (await shownStudyUids(page))[0]).toBe(stat.studyInstanceUID);
  await expect(page.getByRole('columnheader', { name: 'Priority' })).toHaveAttribute('aria-sort', 'ascending');
  const row = studyRows(page).first();
  await expect(row.getByRole('combobox', { name: /^Priority of / })).toHaveValue('stat');
  await expect(row.locator('[data-reading-status]')).toHaveText('Unread');
  // The sample was acquired long ago: past the STAT threshold, said in words.
  await expect(row.locator('td.turnaround')).toContainText('overdue');

  // The other studies follow: none of them is STAT.
  const uids = await shownStudyUids(page);
  expect(uids.length).toBe(readManifest(stack.manifestPath).studies.length);
});

test('two radiologists race to claim one study: exactly one gets it, the other sees who holds it and may take it over', async ({ page, browser, stack }) => {
  const study = studyOf(stack, 'ct-head');
  const context2 = await asRadiologist2(browser, stack);
  const page2 = await context2.newPage();
  await releaseClaims([page, page2], [study.studyInstanceUID]);

  const url = `/viewer?StudyInstanceUIDs=${study.studyInstanceUID}&hangingProtocol=single`;
  await Promise.all([page.goto(url), page2.goto(url)]);
  const viewer = (p: Page) => p.getByRole('toolbar', { name: 'Reading' });
  const banner = (p: Page) => p.getByRole('alert').filter({ hasText: /^In progress — / });
  // Each page settles: either its reader holds the claim (Release enabled) or it shows the banner.
  const outcome = async (p: Page) => {
    await expect(viewer(p).getByRole('button', { name: 'Release', disabled: false }).or(banner(p))).toBeVisible();
    return (await banner(p).count()) > 0 ? 'banner' : 'claimed';
  };
  const outcomes = await Promise.all([outcome(page), outcome(page2)]);
  expect(outcomes.sort()).toEqual(['banner', 'claimed']);

  const [winner, loser] = (await banner(page).count()) === 0 ? [page, page2] : [page2, page];
  const winnerName = winner === page ? DISPLAY_NAMES.radiologist : DISPLAY_NAMES.radiologist2;
  await expect(banner(loser)).toContainText(`In progress — ${winnerName}, since`);
  await expect(banner(loser).getByRole('button', { name: 'View read-only' })).toBeVisible();

  // Take over, after a confirmation: the loser now holds it.
  await banner(loser).getByRole('button', { name: 'Take over' }).click();
  const dialog = loser.getByRole('dialog', { name: 'Take over this study?' });
  await expect(dialog).toContainText(winnerName);
  await dialog.getByRole('button', { name: 'Take over' }).click();
  await expect(banner(loser)).toHaveCount(0);
  await expect(viewer(loser).getByRole('button', { name: 'Release' })).toBeEnabled();
  const status = await winner.request.post('/api/reading/statuses', { data: { studyInstanceUids: [study.studyInstanceUID] } });
  const loserName = winner === page ? DISPLAY_NAMES.radiologist2 : DISPLAY_NAMES.radiologist;
  expect((await status.json()).studies[0]).toMatchObject({ status: 'In progress', claim: { name: loserName, mine: false } });
  await context2.close();
});

test('"Next" opens the next unread study of the worklist view and claims it, and says when none is left', async ({ page, browser, stack }) => {
  // A small view: the MR studies (the MR brain and the multi-modality pydicom study).
  const viewUrl = '/?mod=MR';
  const mr = readManifest(stack.manifestPath).studies.filter((s) => s.series.some((se) => se.modality === 'MR'));
  expect(mr.length, 'the view holds at least two studies').toBeGreaterThanOrEqual(2);
  const other = await asRadiologist2(browser, stack);
  await releaseClaims([page, await other.newPage()], uidsOf(mr));
  await other.close();

  await page.goto(viewUrl);
  await expect.poll(() => shownStudyUids(page)).toHaveLength(mr.length);
  // All unread: the view's order is the order "Next" walks.
  const order = await shownStudyUids(page);
  await studyRows(page).first().getByRole('link').click();
  await expect(page).toHaveURL(viewerOf(order[0]!));
  const toolbar = page.getByRole('toolbar', { name: 'Reading' });
  await expect(toolbar.getByRole('button', { name: 'Release' })).toBeEnabled();

  // The key N, then the button: each opens the following study of the view, claimed, without the list.
  for (const [i, uid] of order.slice(1).entries()) {
    if (i === 0) await page.keyboard.press('n');
    else await toolbar.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(viewerOf(uid));
    await expect(toolbar.getByRole('button', { name: 'Release' })).toBeEnabled();
  }
  const status = await page.request.post('/api/reading/statuses', { data: { studyInstanceUids: order } });
  expect((await status.json()).studies.map((s: { claim: { mine: boolean } | null }) => s.claim?.mine)).toEqual(order.map(() => true));

  // All are in progress now: Next says there is nothing left, and stays.
  await toolbar.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No unread study is left in this worklist view.' })).toBeVisible();
  await expect(page).toHaveURL(viewerOf(order.at(-1)!));

  // Back in the list, the Status filter "Mine in progress" shows them.
  await page.goto(`${viewUrl}&status=mine`);
  await expect.poll(() => shownStudyUids(page)).toHaveLength(mr.length);
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('mine');
  await expect(studyRows(page).locator('[data-reading-status]').first()).toHaveText('In progress — you');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('Unread');
  await expect(page).toHaveURL(/status=unread/);
  await expect(page.getByText(/^No studies match/)).toBeVisible();
});

const uidsOf = (studies: readonly ManifestStudy[]) => studies.map((s) => s.studyInstanceUID);
const viewerOf = (uid: string) => new RegExp(`/viewer\\?StudyInstanceUIDs=${uid.replace(/\./g, '\\.')}(&|$)`);
