import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { DISPLAY_NAMES, signInThroughApi } from './support/accounts.ts';
import { deleteSeries, prSeries } from './support/presentation-states.ts';
import { readManifest } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { drag, imagePixelToPage } from './support/viewer.ts';
import { studyByKey } from './support/viewer-layout.ts';

/**
 * The audit trail seen by an administrator: a radiologist finds a study on the worklist, reads it and
 * saves an annotation; in another browser the administrator's audit page, filtered by that user and
 * study, lists the query, the study opened, its images sent and the presentation state stored, each
 * naming the radiologist, the study and its patient. The radiologist has no way to the audit trail.
 */

const storedSeries: string[] = [];

test.afterAll(async () => {
  await deleteSeries(readStackState(), storedSeries);
});

interface AuditRecord {
  recorded: string;
  event: string;
  action: string;
  outcome: string;
  user: string;
  patient: string;
  study: string;
  query: string;
}

/** The audit table's rows, read by its column headers. */
async function auditRecords(table: Locator): Promise<AuditRecord[]> {
  const headers = await table.getByRole('columnheader').allTextContents();
  const column = (name: string) => {
    const index = headers.indexOf(name);
    if (index < 0) throw new Error(`The audit table has no column "${name}" (${headers.join(', ')})`);
    return index;
  };
  const records: AuditRecord[] = [];
  for (const row of await table.locator('tbody').getByRole('row').all()) {
    const cells = row.getByRole('cell');
    const text = async (name: string) => ((await cells.nth(column(name)).textContent()) ?? '').trim();
    records.push({
      recorded: (await cells.nth(column('Time')).locator('time').getAttribute('datetime')) ?? '',
      event: await text('Event'),
      action: await text('Action'),
      outcome: await text('Outcome'),
      // The username, then the display name under it.
      user: await text('User'),
      patient: await text('Patient ID'),
      study: await text('Study Instance UID'),
      query: await text('Query'),
    });
  }
  return records;
}

async function searchAudit(page: Page, filters: { user: string; study: string }): Promise<AuditRecord[]> {
  const form = page.getByRole('search', { name: 'Audit filters' });
  await form.getByLabel('User').fill(filters.user);
  await form.getByLabel('Study Instance UID').fill(filters.study);
  await form.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new URL(`/admin/audit?${new URLSearchParams(Object.entries(filters).filter(([, v]) => v))}`, page.url()).href);
  // Anchored: while the new page loads, the previous one is still shown with "· loading…".
  await expect(page.getByRole('status').filter({ hasText: /^\d+ records?, newest first$/ })).toBeVisible();
  return auditRecords(page.getByRole('table', { name: 'Audit records' }));
}

test('what a radiologist reads and saves is on the administrator’s audit page, filtered by user and study', async ({ page, browser, stack }) => {
  const head = studyByKey(readManifest(stack.manifestPath), 'ct-head');
  const ct = head.series[0]!;
  const size = { columns: ct.instances[0]!.columns, rows: ct.instances[0]!.rows };
  const since = new Date().toISOString();
  // A session of its own: a study's "opened" and "retrieved" records are written once per session.
  await signInThroughApi(page.request, stack.baseURL, 'radiologist', stack.demoPassword);
  const before = await prSeries(page.request, head.studyInstanceUID);

  await page.goto('/');
  const row = page.getByRole('table', { name: 'Studies' }).getByRole('row').filter({ hasText: head.description });
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/viewer\\?StudyInstanceUIDs=${head.studyInstanceUID.replace(/\./g, '\\.')}`));
  const viewport = page.getByTestId('viewport').first();
  await expect(page.getByTestId('image-index').first()).toHaveText(`Image 1 / ${ct.instances.length}`, { timeout: 30_000 });
  await page.keyboard.press('l');
  await drag(page, await imagePixelToPage(viewport, size.columns, size.rows, 100, 100), await imagePixelToPage(viewport, size.columns, size.rows, 300, 200));
  await expect(viewport.locator('svg text')).toHaveCount(1);
  await page.getByRole('button', { name: 'Save annotations' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved 1 annotation/ })).toBeVisible();
  const saved = (await prSeries(page.request, head.studyInstanceUID)).filter((uid) => !before.includes(uid));
  storedSeries.push(...saved);
  expect(saved).toHaveLength(1);

  const adminContext = await browser.newContext({ storageState: stack.storageStates.admin, baseURL: stack.baseURL });
  try {
    const admin = await adminContext.newPage();
    await admin.goto('/');
    await expect(admin.getByText(DISPLAY_NAMES.admin, { exact: true })).toBeVisible();
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
    await expect(admin.getByRole('heading', { name: 'Audit trail', level: 1 })).toBeVisible();

    const ofStudy = await searchAudit(admin, { user: 'radiologist', study: head.studyInstanceUID });
    // Every record found names the radiologist and the study; the patient of the study is named too.
    for (const record of ofStudy) {
      expect(record.user).toBe(`radiologist${DISPLAY_NAMES.radiologist}`);
      expect(record.study).toContain(head.studyInstanceUID);
    }
    const patient = `${head.patientId} (${head.issuerOfPatientId})`;
    const fromThisTest = ofStudy.filter((r) => r.recorded >= since);
    const find = (event: string, action: string) => fromThisTest.filter((r) => r.event === event && r.action === action && r.outcome === 'Success');
    const seriesQueries = find('Query', 'Execute').filter((r) => r.query.startsWith(`/studies/${head.studyInstanceUID}/series`));
    expect(seriesQueries.length, 'the viewer’s series query of the study').toBeGreaterThan(0);
    expect(seriesQueries[0]!.patient).toBe(patient);
    // Once per session each.
    expect(find('DICOM Instances Accessed', 'Read').map((r) => r.patient)).toEqual([patient]);
    expect(find('DICOM Instances Transferred', 'Read').map((r) => r.patient)).toEqual([patient]);
    // The save: its start (recorded before the archive is asked) and what the archive stored.
    expect(find('Begin Transferring DICOM Instances', 'Execute').map((r) => r.patient)).toEqual([patient]);
    expect(find('DICOM Instances Transferred', 'Create').map((r) => r.patient)).toEqual([patient]);

    // By user only, also what names no study: the sign-in and the worklist's search.
    const ofUser = (await searchAudit(admin, { user: 'radiologist', study: '' })).filter((r) => r.recorded >= since);
    expect(ofUser.every((r) => r.user === `radiologist${DISPLAY_NAMES.radiologist}`)).toBe(true);
    expect(ofUser.filter((r) => r.event === 'User Authentication · Login' && r.outcome === 'Success')).toHaveLength(1);
    expect(ofUser.some((r) => r.event === 'Query' && r.study === '' && r.query.startsWith('/studies?'))).toBe(true);
  } finally {
    await adminContext.close();
  }
});

test('a radiologist has no way to the audit trail: no link, a refusal on the page, 403 from the gateway', async ({ page }) => {
  const auditRequests: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/audit') auditRequests.push(r.url());
  });
  await page.goto('/');
  await expect(page.getByText(DISPLAY_NAMES.radiologist, { exact: true })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Worklist' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Audit trail' })).toHaveCount(0);

  await page.goto('/admin/audit');
  const refusal = page.getByRole('alert');
  await expect(refusal.getByRole('heading', { name: 'Not open to your account' })).toBeVisible();
  await expect(refusal).toContainText('Your account is not allowed to read the audit trail.');
  await expect(page.getByRole('table', { name: 'Audit records' })).toHaveCount(0);
  expect(auditRequests).toEqual([]);

  // The page only hides it; the gateway is what refuses.
  for (const query of ['', '?user=radiologist', '?format=dicom']) {
    const res = await page.request.get(`/api/audit${query}`);
    expect(res.status()).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'forbidden' });
  }
});
