import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request, type BrowserContext, type Page } from '@playwright/test';
import { test, expect } from './support/fixtures.ts';
import { signInThroughApi } from './support/accounts.ts';
import { stackArchive } from './support/archive.ts';
import { deleteSeries } from './support/presentation-states.ts';
import { readManifest } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { drag, imagePixelToPage, openStudy } from './support/viewer.ts';
import { studyByKey } from './support/viewer-layout.ts';

/**
 * The report beside the images: a radiologist writes Findings and Impression, the draft is saved to the
 * gateway as they type and survives a browser crash (the context closed without any chance to save) and
 * an ended session (signing in again sends what was typed meanwhile); signing preliminary then final; an
 * addendum keeps the final report as it was. Each test reports on a study of its own.
 */

test.describe.configure({ timeout: 180_000 });

const stack = readStackState();
const manifest = readManifest(stack.manifestPath);

interface ReportStateJson {
  draft: { revision: number; sections: Array<{ title: string; text: string }> } | null;
  reports: Array<{
    id: string;
    version: number;
    status: string;
    sections: Array<{ title: string; text: string }>;
    amendsReportId: string | null;
    addendumText: string | null;
  }>;
}

async function reportState(page: Page, studyUid: string): Promise<ReportStateJson> {
  const res = await page.request.get(`/api/reports/${studyUid}`, { headers: { Accept: 'application/json' } });
  expect(res.status()).toBe(200);
  return (await res.json()) as ReportStateJson;
}

const section = (state: ReportStateJson, title: string) => state.draft?.sections.find((s) => s.title === title)?.text;

/** Shows the report panel (closed in a browser that has never opened it); waits for the editor unless told not to. */
async function openReport(page: Page, editor = true) {
  const panel = page.getByRole('complementary', { name: 'Report' });
  const toggle = page.getByRole('button', { name: 'Report', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(editor ? panel.getByLabel('Findings', { exact: true }) : panel.getByRole('heading', { name: 'Report', exact: true })).toBeVisible({
    timeout: 30_000,
  });
  return panel;
}

const saveStatus = (page: Page) => page.getByRole('status', { name: 'Draft' });

test('the draft is saved as the reader types and comes back in a new browser after a crash', async ({ browser, stack }) => {
  const study = studyByKey(manifest, 'ct-head');
  const first = await browser.newContext({ baseURL: stack.baseURL, storageState: stack.storageStates.radiologist });
  const page = await first.newPage();
  await openStudy(page, study.studyInstanceUID);
  const panel = await openReport(page);
  // The study's template: CT head, with its sections.
  await expect(panel.getByLabel('Template')).toHaveValue('ct-head');
  await expect(panel.getByLabel('Findings', { exact: true })).toHaveValue(/Brain parenchyma/);
  const findings = panel.getByLabel('Findings', { exact: true });
  await findings.fill('Small chronic lacunar infarct in the left basal ganglia.');
  const impression = panel.getByLabel('Impression', { exact: true });
  await impression.click();
  // A macro: ".nich" and a space become its text.
  await impression.pressSequentially('.nich ');
  await expect(impression).toHaveValue('No acute intracranial haemorrhage, territorial infarct or mass effect. ');
  await expect(saveStatus(page)).toHaveText('Saved');
  await expect
    .poll(async () => section(await reportState(page, study.studyInstanceUID), 'Impression'))
    .toBe('No acute intracranial haemorrhage, territorial infarct or mass effect. ');
  // The browser dies: no unload, no last save.
  await first.close();

  const second = await browser.newContext({ baseURL: stack.baseURL, storageState: stack.storageStates.radiologist });
  try {
    const again = await second.newPage();
    await openStudy(again, study.studyInstanceUID);
    const restored = await openReport(again);
    await expect(restored.getByLabel('Findings', { exact: true })).toHaveValue('Small chronic lacunar infarct in the left basal ganglia.');
    await expect(restored.getByLabel('Impression', { exact: true })).toHaveValue('No acute intracranial haemorrhage, territorial infarct or mass effect. ');
    await expect(saveStatus(again)).toHaveText('Saved');
  } finally {
    await second.close();
  }
});

test.describe('when the session ends', () => {
  test.use({ signedInAs: null });

  /** Ends the browser's session on the gateway (as a sign-out elsewhere with the same cookie); the browser keeps its cookie. */
  async function revokeSession(context: BrowserContext): Promise<void> {
    const api = await request.newContext({ baseURL: stack.baseURL, storageState: await context.storageState() });
    try {
      expect((await api.delete('/api/session', { headers: { Origin: stack.baseURL } })).status()).toBe(204);
    } finally {
      await api.dispose();
    }
  }

  test('what is typed while signed out is kept, and saved once the reader has signed in again', async ({ page, context }) => {
    await signInThroughApi(page.request, stack.baseURL, 'radiologist', stack.demoPassword);
    const study = studyByKey(manifest, 'mr-brain');
    await openStudy(page, study.studyInstanceUID);
    const panel = await openReport(page);
    await expect(panel.getByLabel('Template')).toHaveValue('mr-brain');
    await panel.getByLabel('Findings', { exact: true }).fill('Normal brain MRI.');
    await expect(saveStatus(page)).toHaveText('Saved');

    await revokeSession(context);
    const impression = panel.getByLabel('Impression', { exact: true });
    await impression.fill('No intracranial abnormality.');
    const dialog = page.getByRole('dialog', { name: 'Your session has ended — sign in again' });
    await expect(dialog).toBeVisible();
    await expect(saveStatus(page)).toHaveText('Not saved — retrying');
    // Nothing typed is lost meanwhile: it is in the editor and in this browser.
    await expect(impression).toHaveValue('No intracranial abnormality.');

    await dialog.getByLabel('Password').fill(stack.demoPassword);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(saveStatus(page)).toHaveText('Saved');
    await expect.poll(async () => section(await reportState(page, study.studyInstanceUID), 'Impression')).toBe('No intracranial abnormality.');

    await page.reload();
    const reloaded = page.getByRole('complementary', { name: 'Report' });
    await expect(reloaded.getByLabel('Impression', { exact: true })).toHaveValue('No intracranial abnormality.', { timeout: 30_000 });
    await expect(reloaded.getByLabel('Findings', { exact: true })).toHaveValue('Normal brain MRI.');
  });
});

test('sign preliminary, then final; an addendum keeps the final report as it was', async ({ page }) => {
  const study = studyByKey(manifest, 'ct-chest-current');
  const viewport = await openStudy(page, study.studyInstanceUID, 'compare');
  const panel = await openReport(page);
  await expect(panel.getByLabel('Template')).toHaveValue('ct-chest');
  // The comparison is the prior hung beside the study.
  await expect(panel.getByLabel('Comparison date')).toHaveValue('2023-03-02');
  await expect(panel.getByLabel('Comparison study')).toHaveValue('CT Thorax ohne KM');

  // A measurement on the image goes into the findings with one action.
  await viewport.click();
  await page.keyboard.press('l');
  await drag(page, await imagePixelToPage(viewport, 512, 512, 200, 200), await imagePixelToPage(viewport, 512, 512, 300, 260));
  await expect(viewport.locator('svg text')).toHaveCount(1);
  const findings = panel.getByLabel('Findings', { exact: true });
  await findings.fill('Solid nodule in the right upper lobe.');
  await panel.getByRole('button', { name: 'Insert measurements' }).click();
  await expect(findings).toHaveValue(
    /^Solid nodule in the right upper lobe\.\n\nMeasurements:\n- Length \d+(\.\d+)? mm \(series 2 Thorax 1\.25 mm axial, image \d+\)\n$/,
  );
  await panel.getByLabel('Impression', { exact: true }).fill('Solitary pulmonary nodule; follow-up CT in 6–12 months.');
  await expect(saveStatus(page)).toHaveText('Saved');

  await panel.getByRole('button', { name: 'Sign preliminary' }).click();
  const preliminary = panel.getByRole('article', { name: 'Preliminary report, version 1' });
  await expect(preliminary).toContainText('Solitary pulmonary nodule');
  // Still editable, to be signed final.
  await expect(findings).toBeVisible();

  await panel.getByRole('button', { name: 'Sign final' }).click();
  const confirm = panel.getByRole('alertdialog');
  await expect(confirm).toContainText('can only be amended by an addendum');
  await confirm.getByRole('button', { name: 'Sign the final report' }).click();
  const final = panel.getByRole('article', { name: 'Final report, version 2' });
  await expect(final).toContainText('Solid nodule in the right upper lobe.');
  await expect(final).toContainText('Comparison: 2023-03-02 CT Thorax ohne KM');
  await expect(panel.getByLabel('Findings', { exact: true })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Sign final' })).toHaveCount(0);

  await panel.getByRole('button', { name: 'Addendum' }).click();
  await panel.getByLabel('Addendum text').fill('The nodule is in the right middle lobe.');
  await panel.getByRole('button', { name: 'Sign addendum' }).click();
  await expect(panel.getByRole('article', { name: 'Addendum, version 3' })).toContainText('The nodule is in the right middle lobe.');
  await expect(final).toContainText('Solid nodule in the right upper lobe.');

  const state = await reportState(page, study.studyInstanceUID);
  expect(state.reports.map((r) => [r.version, r.status])).toEqual([
    [1, 'preliminary'],
    [2, 'final'],
    [3, 'addendum'],
  ]);
  expect(state.reports[2]).toMatchObject({ amendsReportId: state.reports[1]!.id, addendumText: 'The nodule is in the right middle lobe.' });
  expect(state.reports[1]!.sections.find((s) => s.title === 'Findings')?.text).toMatch(/^Solid nodule in the right upper lobe\./);
  // A new draft of the same study cannot become a second final report.
  const draft = await page.request.put(`/api/reports/${study.studyInstanceUID}/draft`, {
    data: {
      templateId: 'ct-chest',
      sections: [
        { title: 'Findings', text: 'Other' },
        { title: 'Impression', text: 'Other' },
      ],
      comparison: null,
      references: [],
      baseRevision: 0,
    },
    headers: { Origin: stack.baseURL },
  });
  expect(draft.status()).toBe(200);
  const refused = await page.request.post(`/api/reports/${study.studyInstanceUID}/sign`, {
    data: { status: 'final', revision: ((await draft.json()) as { draft: { revision: number } }).draft.revision },
    headers: { Origin: stack.baseURL },
  });
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toMatchObject({ error: 'final_exists' });
});

/**
 * A structured report and an encapsulated PDF made with pydicom for a study (a series each), as another
 * system would have stored them; their text carries markup that must show as text.
 */
function makeReportDocuments(studyTags: Record<string, string>): { files: string[]; series: string[]; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'readroom-report-docs-'));
  const script = `
import sys, json
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import generate_uid, ExplicitVRLittleEndian
tags, out = json.loads(sys.argv[1]), sys.argv[2]
def code(value, scheme, meaning):
    c = Dataset(); c.CodeValue = value; c.CodingSchemeDesignator = scheme; c.CodeMeaning = meaning; return c
def base(sop_class, modality, description):
    ds = Dataset(); meta = FileMetaDataset()
    sop = generate_uid()
    meta.MediaStorageSOPClassUID = sop_class; meta.MediaStorageSOPInstanceUID = sop; meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta; ds.is_little_endian = True; ds.is_implicit_VR = False
    # The study's own patient and study attributes, so the archive's study stays as it was.
    for keyword, value in tags.items():
        if keyword in ('SpecificCharacterSet', 'PatientName', 'PatientID', 'IssuerOfPatientID', 'PatientBirthDate', 'PatientSex', 'StudyInstanceUID', 'StudyDate', 'StudyTime', 'StudyID', 'StudyDescription', 'AccessionNumber', 'ReferringPhysicianName', 'InstitutionName'):
            setattr(ds, keyword, value)
    ds.SOPClassUID = sop_class; ds.SOPInstanceUID = sop; ds.SeriesInstanceUID = generate_uid()
    ds.Modality = modality; ds.SeriesNumber = 90; ds.InstanceNumber = 1; ds.SeriesDescription = description
    ds.ContentDate = '20230302'; ds.ContentTime = '120000'
    return ds
def text(name, value, rel='CONTAINS'):
    t = Dataset(); t.RelationshipType = rel; t.ValueType = 'TEXT'; t.ConceptNameCodeSequence = [code('121071', 'DCM', name)]; t.TextValue = value; return t
sr = base('1.2.840.10008.5.1.4.1.1.88.11', 'SR', 'Outside SR')
sr.ValueType = 'CONTAINER'; sr.ContinuityOfContent = 'SEPARATE'; sr.CompletionFlag = 'COMPLETE'; sr.VerificationFlag = 'UNVERIFIED'
sr.ConceptNameCodeSequence = [code('18748-4', 'LN', 'Diagnostic Imaging Report')]
impression = Dataset(); impression.RelationshipType = 'CONTAINS'; impression.ValueType = 'CONTAINER'; impression.ContinuityOfContent = 'SEPARATE'
impression.ConceptNameCodeSequence = [code('121072', 'DCM', 'Impression')]
impression.ContentSequence = [text('Impression', 'Stable <b>4 mm</b> nodule.')]
sr.ContentSequence = [text('Finding', 'Prior: 4 mm nodule in the right upper lobe.'), impression]
pdf = base('1.2.840.10008.5.1.4.1.1.104.1', 'DOC', 'Outside PDF')
pdf.DocumentTitle = 'Outside hospital report'; pdf.MIMETypeOfEncapsulatedDocument = 'application/pdf'; pdf.BurnedInAnnotation = 'YES'
body = b'%PDF-1.4\\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\\ntrailer<</Root 1 0 R>>\\n%%EOF\\n'
pdf.EncapsulatedDocument = body + (b'\\0' if len(body) % 2 else b'')
pdf.ConceptNameCodeSequence = [code('18748-4', 'LN', 'Diagnostic Imaging Report')]
for name, ds in (('sr.dcm', sr), ('pdf.dcm', pdf)):
    ds.save_as(out + '/' + name, write_like_original=False)
print(json.dumps([sr.SeriesInstanceUID, pdf.SeriesInstanceUID]))
`;
  const series = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, JSON.stringify(studyTags), dir], { encoding: 'utf8' })) as string[];
  return { files: [path.join(dir, 'sr.dcm'), path.join(dir, 'pdf.dcm')], series, dir };
}

test("a prior's structured report shows as a tree of its content, and its PDF inline", async ({ page, stack }) => {
  const current = studyByKey(manifest, 'ct-chest-current');
  const prior = studyByKey(manifest, 'ct-chest-prior');
  const archive = stackArchive(stack);
  // The patient and study attributes of one of the prior's own instances, as the archive has them.
  const [found] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: prior.studyInstanceUID })).json()) as Array<{ ID: string }>;
  const [instance] = (await (await archive.adminFetch(`/studies/${found!.ID}/instances`)).json()) as Array<{ ID: string }>;
  const studyTags = (await (await archive.adminFetch(`/instances/${instance!.ID}/simplified-tags`)).json()) as Record<string, unknown>;
  const documents = makeReportDocuments(Object.fromEntries(Object.entries(studyTags).filter((e): e is [string, string] => typeof e[1] === 'string')));
  try {
    for (const file of documents.files) {
      const res = await archive.adminFetch('/instances', { method: 'POST', body: readFileSync(file), headers: { 'Content-Type': 'application/dicom' } });
      expect(res.status).toBe(200);
    }
    await openStudy(page, current.studyInstanceUID);
    // The study may already be reported (another test signed it final): no editor then.
    const panel = await openReport(page, false);
    await panel.getByRole('region', { name: 'Reports of priors' }).getByText('2023-03-02 CT Thorax ohne KM', { exact: true }).click();
    const tree = panel.getByRole('tree', { name: 'Diagnostic Imaging Report' });
    await expect(tree).toBeVisible({ timeout: 30_000 });
    await expect(tree.getByText('Finding: Prior: 4 mm nodule in the right upper lobe.', { exact: true })).toBeVisible();
    // Containers nest their items: the impression's text is inside the "Impression" item's group.
    const impression = tree.getByText('Impression', { exact: true }).locator('xpath=..');
    await expect(impression.getByRole('group').getByRole('treeitem')).toHaveCount(1);
    // The archive's markup is text, not HTML.
    await expect(impression.getByRole('group').getByText('Impression: Stable <b>4 mm</b> nodule.', { exact: true })).toBeVisible();
    await expect(tree.locator('b')).toHaveCount(0);

    const frame = panel.locator('iframe[title="PDF: Outside hospital report"]');
    await expect(frame).toBeVisible();
    const src = (await frame.getAttribute('src'))!;
    expect(src).toMatch(/^blob:/);
    // The frame loaded it (the CSP lets blob: frames in) as a PDF document, not an error page.
    await expect
      .poll(() =>
        page
          .frames()
          .find((f) => f.url() === src)
          ?.evaluate(() => document.contentType),
      )
      .toBe('application/pdf');
  } finally {
    await deleteSeries(stack, documents.series);
    rmSync(documents.dir, { recursive: true, force: true });
  }
});
