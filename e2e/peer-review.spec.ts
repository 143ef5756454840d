import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { runValidator } from '../scripts/testing/gsps-tools.ts';
import { DISPLAY_NAMES, signInThroughApi, startGatewayWithAccounts, type ExtraGateway } from './support/accounts.ts';
import { stackArchive } from './support/archive.ts';
import { test, expect } from './support/fixtures.ts';
import { deleteSeries } from './support/presentation-states.ts';
import { readManifest } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { studyByKey } from './support/viewer-layout.ts';

/**
 * Peer review (issue #17), end to end on a gateway of this spec that samples every finalised study
 * (READROOM_PEER_REVIEW_RATE=100; its own database, the run's archive): a study finalised by `radiologist`
 * appears in `qa`'s queue and never in `radiologist`'s own; a 3b review without a comment is refused; with
 * one it stores a KOS in the study (dciodvfy clean; no score, comment or name in it) and reaches
 * arbitration; the arbiter confirms; `radiologist` sees the task without the reviewer's name; the CSV
 * export holds the row under the reader's pseudonym and nothing of the patient.
 */

test.use({ signedInAs: null });
test.describe.configure({ mode: 'serial', timeout: 240_000 });

const stack = readStackState();
const study = studyByKey(readManifest(stack.manifestPath), 'ct-head-prior');
const dir = mkdtempSync(path.join(tmpdir(), 'readroom-peer-review-'));
const FINDINGS = 'No acute intracranial abnormality.';
const IMPRESSION = 'Normal CT head.';
const COMMENT = 'Small left frontal subdural haematoma on images 10–14 was not reported.';
const ARBITER_NOTE = 'Confirmed: the collection is visible on three slices.';
let gateway: ExtraGateway;
let caseId = '';

interface ArchiveSeries {
  ID: string;
  MainDicomTags: { Modality?: string; SeriesInstanceUID: string };
  Instances: string[];
}

/** The study's KO series in the archive (the sample has none), asked of its REST API. */
async function koSeries(): Promise<ArchiveSeries[]> {
  const archive = stackArchive(stack);
  const lookup = await archive.adminFetch('/tools/lookup', { method: 'POST', body: study.studyInstanceUID });
  const found = ((await lookup.json()) as Array<{ ID: string; Type: string }>).find((r) => r.Type === 'Study');
  if (!found) return [];
  const series = (await (await archive.adminFetch(`/studies/${found.ID}/series`)).json()) as ArchiveSeries[];
  return series.filter((s) => s.MainDicomTags.Modality === 'KO');
}

test.beforeAll(async () => {
  gateway = await startGatewayWithAccounts(stack, { env: { READROOM_PEER_REVIEW_RATE: '100', READROOM_REPORT_SR: 'off' } });
});

test.afterAll(async () => {
  await gateway?.stop();
  await deleteSeries(
    stack,
    (await koSeries()).map((s) => s.MainDicomTags.SeriesInstanceUID),
  );
  rmSync(dir, { recursive: true, force: true });
});

const contexts = new Map<string, BrowserContext>();

/** A browser of `user` signed in to the spec's gateway (one per user, kept across the serial tests). */
async function pageOf(browser: Browser, user: 'radiologist' | 'qa' | 'arbiter' | 'admin'): Promise<Page> {
  let context = contexts.get(user);
  if (!context) {
    context = await browser.newContext({ baseURL: gateway.url });
    await signInThroughApi(context.request, gateway.url, user, stack.demoPassword);
    contexts.set(user, context);
  }
  return context.newPage();
}

test.afterAll(async () => {
  for (const context of contexts.values()) await context.close();
});

const queueLink = (page: Page) => page.getByRole('link', { name: new RegExp(study.accessionNumber) });

test('a study finalised by radiologist appears in the qa queue, never in radiologist’s own', async ({ browser }) => {
  expect(study.accessionNumber).not.toBe('');
  const reader = await pageOf(browser, 'radiologist');
  await reader.goto(`/viewer?StudyInstanceUIDs=${study.studyInstanceUID}&hangingProtocol=single`);
  await expect(reader.getByTestId('image-index').first()).toHaveText(/^Image 1 \/ \d+$/, { timeout: 60_000 });
  const toggle = reader.getByRole('button', { name: 'Report', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const panel = reader.getByRole('complementary', { name: 'Report' });
  await panel.getByLabel('Findings', { exact: true }).fill(FINDINGS);
  await panel.getByLabel('Impression', { exact: true }).fill(IMPRESSION);
  await panel.getByRole('button', { name: 'Sign final' }).click();
  await panel.getByRole('alertdialog').getByRole('button', { name: 'Sign the final report' }).click();
  await expect(panel.getByRole('article', { name: /^Final report, version \d+$/ })).toContainText(FINDINGS);

  // The reader's own queue: loaded, and without their own read.
  await reader.goto('/peer-review');
  await expect(reader.getByRole('heading', { name: 'Peer review', level: 1 })).toBeVisible();
  await reader.getByRole('tab', { name: /^Review queue/ }).click();
  await expect(reader.getByRole('table', { name: 'Review queue' }).or(reader.getByText('No cases are waiting for your review.'))).toBeVisible();
  await expect(queueLink(reader)).toHaveCount(0);

  // QA's queue: the study, as a link naming its accession number; the navigation counts it.
  const qa = await pageOf(browser, 'qa');
  await qa.goto('/peer-review');
  await expect(qa.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Peer review/ })).toBeVisible();
  await expect(queueLink(qa)).toBeVisible({ timeout: 30_000 });
});

test('a 3b review without a comment is refused; with one it stores a KOS and reaches arbitration', async ({ browser }) => {
  const qa = await pageOf(browser, 'qa');
  await qa.goto('/peer-review');
  await queueLink(qa).click();
  await expect(qa).toHaveURL(/[?&]review=/);
  caseId = new URL(qa.url()).searchParams.get('review')!;
  const review = qa.getByRole('complementary', { name: 'Peer review' });
  await expect(qa.getByTestId('image-index').first()).toHaveText(/^Image 1 \/ \d+$/, { timeout: 60_000 });

  // Review mode: the original report read-only and blinded; no report panel, no claim.
  await expect(review.getByRole('region', { name: 'Findings' })).toContainText(FINDINGS);
  await expect(review).not.toContainText(DISPLAY_NAMES.radiologist);
  await expect(qa.getByRole('button', { name: 'Report', exact: true })).toHaveCount(0);
  await expect(qa.getByRole('complementary', { name: 'Report' })).toHaveCount(0);
  await expect(qa.getByRole('alert').filter({ hasText: /^In progress — / })).toHaveCount(0);

  // The scale's options, each with its meaning.
  const scores = review.getByRole('radiogroup', { name: 'RADPEER score' });
  for (const score of ['1', '2a', '2b', '3a', '3b']) await expect(scores.getByRole('radio', { name: score, exact: true })).toBeVisible();
  await expect(scores.getByRole('radio', { name: '4a', exact: true })).toHaveCount(0);

  // Mark the image on screen as a key image.
  await review.getByRole('button', { name: 'Key image', exact: true }).click();
  await expect(review.getByRole('list', { name: 'Marked key images' }).getByRole('listitem')).toHaveCount(1);

  // 3b without a comment: the form says so, and the gateway refuses it too.
  await scores.getByRole('radio', { name: '3b', exact: true }).check();
  await review.getByRole('button', { name: 'Submit review' }).click();
  await expect(review.getByRole('alert')).toContainText('A comment is required');
  const refused = await qa.request.post(`/api/peer-review/cases/${encodeURIComponent(caseId)}/review`, {
    data: { score: '3b', comment: '', keyImages: [] },
    headers: { Origin: gateway.url },
  });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error?: string }).error).toBe('comment_required');

  // A half-written review survives a reload.
  await review.getByLabel('Comment').fill(COMMENT);
  await qa.reload();
  await expect(review.getByLabel('Comment')).toHaveValue(COMMENT, { timeout: 60_000 });
  await expect(scores.getByRole('radio', { name: '3b', exact: true })).toBeChecked();
  await expect(review.getByRole('list', { name: 'Marked key images' }).getByRole('listitem')).toHaveCount(1);

  await review.getByRole('button', { name: 'Submit review' }).click();
  const result = review.getByRole('region', { name: 'Review submitted' });
  await expect(result).toContainText('3b');
  await expect(result).toContainText('Waiting for arbitration');
  await expect(result.getByRole('link', { name: 'Back to the review queue' })).toBeVisible();

  // The KOS in the study: one document, dciodvfy clean, with no score, comment or name in it.
  await expect.poll(async () => (await koSeries()).flatMap((s) => s.Instances).length, { timeout: 60_000 }).toBe(1);
  const [instance] = (await koSeries()).flatMap((s) => s.Instances);
  const file = path.join(dir, 'kos.dcm');
  const bytes = new Uint8Array(await (await stackArchive(stack).adminFetch(`/instances/${instance}/file`)).arrayBuffer());
  writeFileSync(file, bytes);
  const { output } = await runValidator('dciodvfy', [file]);
  expect(output.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);
  const text = Buffer.from(bytes).toString('latin1');
  expect(text).toContain('For Peer Review');
  for (const secret of [COMMENT, 'Quinn', 'Radiologist^Ada', DISPLAY_NAMES.radiologist]) expect(text).not.toContain(secret);

  // Anyone who may see the study sees the key-image set in the viewer.
  await qa.goto(`/viewer?StudyInstanceUIDs=${study.studyInstanceUID}&hangingProtocol=single`);
  await expect(qa.getByRole('navigation', { name: 'Series' }).getByRole('button', { name: /^Key images — For Peer Review, 1 image\./ })).toBeVisible({
    timeout: 60_000,
  });
});

test('the arbiter confirms; radiologist sees the task without the reviewer’s name', async ({ browser }) => {
  const arbiter = await pageOf(browser, 'arbiter');
  await arbiter.goto('/peer-review?tab=arbitration');
  const card = arbiter.getByRole('article', { name: `Accession ${study.accessionNumber}: score 3b` });
  await expect(card).toContainText(COMMENT, { timeout: 30_000 });
  await expect(card).toContainText(FINDINGS);
  await expect(card).not.toContainText(DISPLAY_NAMES.radiologist);
  await expect(card).not.toContainText(DISPLAY_NAMES.qa);
  await expect(card.getByRole('radio', { name: /^Confirm score 3b/ })).toBeChecked();
  await card.getByLabel('Note', { exact: true }).fill(ARBITER_NOTE);
  await card.getByRole('button', { name: 'Save decision' }).click();
  await expect(card).toHaveCount(0);

  const reader = await pageOf(browser, 'radiologist');
  await reader.goto('/peer-review?tab=tasks');
  const task = reader.getByRole('article', { name: `Accession ${study.accessionNumber}: Open` });
  await expect(task).toContainText('3b', { timeout: 30_000 });
  await expect(task).toContainText(COMMENT);
  await expect(task).toContainText(ARBITER_NOTE);
  await expect(task.getByRole('link', { name: new RegExp(`Open the study ${study.accessionNumber}`) })).toBeVisible();
  await expect(reader.getByRole('main')).not.toContainText(DISPLAY_NAMES.qa);
});

test('the CSV export holds the row under the reader’s pseudonym, and nothing of the patient', async ({ browser }) => {
  const admin = await pageOf(browser, 'admin');
  await admin.goto('/peer-review?tab=pseudonyms');
  const pseudonyms = admin.getByRole('table', { name: 'Pseudonyms' });
  const row = pseudonyms.getByRole('row').filter({ has: admin.getByRole('cell', { name: 'radiologist', exact: true }) });
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  const pseudonym = (await row.getByRole('rowheader').textContent())!.trim();
  expect(pseudonym).not.toBe('');

  const qa = await pageOf(browser, 'qa');
  await qa.goto('/peer-review?tab=figures');
  const link = qa.getByRole('link', { name: 'Export CSV' });
  await expect(link).toHaveAttribute('href', '/api/peer-review/export.csv');
  const res = await qa.request.get('/api/peer-review/export.csv');
  expect(res.status()).toBe(200);
  const csv = await res.text();
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  expect(header).toContain('physician_id');
  const ours = rows.filter((line) => line.includes(pseudonym) && line.includes('3b'));
  expect(ours).toHaveLength(1);
  const family = study.patientName.split('^')[0]!;
  for (const secret of [study.patientName, family, study.patientId, 'radiologist', DISPLAY_NAMES.radiologist]) expect(csv).not.toContain(secret);
});
