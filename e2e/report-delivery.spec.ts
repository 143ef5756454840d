import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { runValidator } from '../scripts/testing/gsps-tools.ts';
import { parseWithPythonHl7 } from '../scripts/testing/python-hl7.ts';
import { fhirSchemaErrors } from '../server/delivery/fhir-schema.ts';
import { startFhirReceiver, startMllpReceiver, type FhirReceiver, type MllpReceiver } from '../server/delivery/test-receivers.ts';
import { signInThroughApi, startGatewayWithAccounts, type ExtraGateway } from './support/accounts.ts';
import { stackArchive } from './support/archive.ts';
import { test, expect } from './support/fixtures.ts';
import { deleteSeries } from './support/presentation-states.ts';
import { readManifest } from './support/samples.ts';
import { readStackState } from './support/stack-state.ts';
import { studyByKey } from './support/viewer-layout.ts';

/**
 * A signed report leaves the building, driven from the report panel: a gateway of this spec delivers to a
 * FHIR server and an MLLP receiver the spec runs on loopback, and stores the SR in the run's archive. The
 * SR must pass dciodvfy, the DiagnosticReport the official FHIR R4 schema, and the ORU^R01 is read back by
 * python3-hl7 (not Readroom's code). Then the HL7 receiver is down while an addendum is signed: the panel
 * says "Retrying", the receiver comes back, and the addendum arrives once, as a correction.
 */

test.use({ signedInAs: null });

const stack = readStackState();
const study = studyByKey(readManifest(stack.manifestPath), 'ct-head');
const dir = mkdtempSync(path.join(tmpdir(), 'readroom-report-delivery-'));
let fhir: FhirReceiver;
let mllp: MllpReceiver;
let gateway: ExtraGateway;

test.beforeAll(async () => {
  fhir = await startFhirReceiver();
  mllp = await startMllpReceiver();
  gateway = await startGatewayWithAccounts(stack, {
    env: { READROOM_FHIR_URL: fhir.url, READROOM_HL7_MLLP: `${mllp.host}:${mllp.port}`, READROOM_DELIVERY_RETRY_BASE_MS: '200' },
  });
});

test.afterAll(async () => {
  await gateway?.stop();
  await fhir?.stop();
  await mllp?.stop();
  await deleteSeries(
    stack,
    (await srSeries()).map((s) => s.MainDicomTags.SeriesInstanceUID),
  );
  rmSync(dir, { recursive: true, force: true });
});

interface ArchiveSeries {
  ID: string;
  MainDicomTags: { Modality?: string; SeriesInstanceUID: string };
  Instances: string[];
}

/** The study's SR series in the archive (the deliveries' SRs: the sample has none), asked of its REST API. */
async function srSeries(): Promise<ArchiveSeries[]> {
  const archive = stackArchive(stack);
  const lookup = await archive.adminFetch('/tools/lookup', { method: 'POST', body: study.studyInstanceUID });
  const found = ((await lookup.json()) as Array<{ ID: string; Type: string }>).find((r) => r.Type === 'Study');
  if (!found) return [];
  const series = (await (await archive.adminFetch(`/studies/${found.ID}/series`)).json()) as ArchiveSeries[];
  return series.filter((s) => s.MainDicomTags.Modality === 'SR');
}

/** The study's SR instances, as Part 10 files in the spec's folder. */
async function srFiles(): Promise<string[]> {
  const archive = stackArchive(stack);
  const files: string[] = [];
  for (const id of (await srSeries()).flatMap((s) => s.Instances)) {
    const file = path.join(dir, `${id}.dcm`);
    writeFileSync(file, new Uint8Array(await (await archive.adminFetch(`/instances/${id}/file`)).arrayBuffer()));
    files.push(file);
  }
  return files;
}

function deliveryOf(panel: Locator, version: number, receiver: RegExp): Locator {
  return panel
    .getByRole('list', { name: `Deliveries of version ${version}` })
    .getByRole('listitem')
    .filter({ hasText: receiver });
}

async function openReport(page: Page): Promise<Locator> {
  await page.goto(`/viewer?StudyInstanceUIDs=${study.studyInstanceUID}&hangingProtocol=single`);
  await expect(page.getByTestId('image-index').first()).toHaveText(/^Image 1 \/ \d+$/, { timeout: 30_000 });
  const toggle = page.getByRole('button', { name: 'Report', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const panel = page.getByRole('complementary', { name: 'Report' });
  await expect(panel.getByRole('heading', { name: 'Report', exact: true })).toBeVisible({ timeout: 30_000 });
  return panel;
}

test('a final report reaches the archive as a valid SR, a FHIR server and an HL7 receiver; an addendum waits out a receiver that is down', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ baseURL: gateway.url });
  try {
    await signInThroughApi(context.request, gateway.url, 'radiologist', stack.demoPassword);
    const page = await context.newPage();
    const panel = await openReport(page);

    const findings = 'No intracranial haemorrhage | no mass effect ^ midline ~ central & ventricles normal.';
    const impression = 'Normal CT head.';
    await panel.getByLabel('Findings', { exact: true }).fill(findings);
    await panel.getByLabel('Impression', { exact: true }).fill(impression);
    await panel.getByRole('button', { name: 'Sign final' }).click();
    await panel.getByRole('alertdialog').getByRole('button', { name: 'Sign the final report' }).click();

    for (const receiver of [/^Archive \(DICOM SR\)/, /^FHIR DiagnosticReport/, /^HL7 ORU\^R01/]) {
      await expect(deliveryOf(panel, 1, receiver)).toContainText('Delivered', { timeout: 60_000 });
    }

    // The archive: one SR in the study, which dciodvfy accepts.
    const [sr, ...moreSr] = await srFiles();
    expect(moreSr).toEqual([]);
    const { output } = await runValidator('dciodvfy', [sr!]);
    expect(output.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);

    // FHIR: one DiagnosticReport, final, valid against the official R4 schema, with the report's text.
    expect(fhir.stored).toHaveLength(1);
    const { id: _serverId, ...sent } = fhir.stored[0]!.resource;
    expect(fhirSchemaErrors(sent)).toEqual([]);
    expect(sent).toMatchObject({ resourceType: 'DiagnosticReport', status: 'final', conclusion: impression });
    const form = (sent['presentedForm'] as Array<{ data: string }>)[0]!;
    expect(Buffer.from(form.data, 'base64').toString('utf8')).toContain(findings);

    // HL7: one ORU^R01, read by python3-hl7: the study's accession, result status F, the report's text.
    expect(mllp.received).toHaveLength(1);
    const oru = parseWithPythonHl7(mllp.received[0]!);
    expect(study.accessionNumber).not.toBe('');
    expect(oru).toMatchObject({ version: '2.5.1', patientId: study.patientId, placerOrder: study.accessionNumber, resultStatus: 'F' });
    expect(oru.texts.join('\n')).toContain(findings);
    expect(oru.texts.join('\n')).toContain(impression);

    // The HL7 receiver goes down; an addendum is signed: the panel says it is retrying, with the reason.
    await mllp.stop();
    await panel.getByRole('button', { name: 'Addendum' }).click();
    const addendum = 'Addendum: a 3 mm calcification in the pineal gland, physiological.';
    await panel.getByLabel('Addendum text').fill(addendum);
    await panel.getByRole('button', { name: 'Sign addendum' }).click();
    await expect(deliveryOf(panel, 2, /^HL7 ORU\^R01/)).toContainText('Retrying', { timeout: 60_000 });
    await expect(deliveryOf(panel, 2, /^FHIR DiagnosticReport/)).toContainText('Delivered', { timeout: 60_000 });
    expect(mllp.received).toHaveLength(1);

    // It comes back: the addendum arrives once, as a correction (C); FHIR got it as amended.
    await mllp.start();
    await expect(deliveryOf(panel, 2, /^HL7 ORU\^R01/)).toContainText('Delivered', { timeout: 60_000 });
    await expect(deliveryOf(panel, 2, /^Archive \(DICOM SR\)/)).toContainText('Delivered', { timeout: 60_000 });
    expect(mllp.received).toHaveLength(2);
    const corrected = parseWithPythonHl7(mllp.received[1]!);
    expect(corrected.resultStatus).toBe('C');
    expect(corrected.controlId).not.toBe(oru.controlId);
    expect(corrected.texts.join('\n')).toContain(addendum);
    expect(fhir.stored.map((s) => s.resource['status'])).toEqual(['final', 'amended']);
    const { id: _amendedId, ...amended } = fhir.stored[1]!.resource;
    expect(fhirSchemaErrors(amended)).toEqual([]);
  } finally {
    await context.close();
  }
});
