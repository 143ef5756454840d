import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportStateSchema, type ReportState } from '../../src/reports/report-contract.ts';
import { searchChain } from '../audit/queries.ts';
import type { Database } from '../db/database.ts';
import { startFakeUpstream, testConfig, type FakeUpstream } from '../test-helpers.ts';
import { addTestAccount, signInCookie, testGateway } from '../test-gateway.ts';
import { draftContent, saveDraft, signDraft, studyQueryAnswer } from './report-test-helpers.ts';

/** The report routes through the gateway: drafts and their conflicts, signatures, addenda, scope and audit. */

const STUDY = '1.2.826.0.1.3680043.8.498.101';
const OTHER_SITE = '1.2.826.0.1.3680043.8.498.102';
const UNKNOWN = '1.2.826.0.1.3680043.8.498.103';

let upstream: FakeUpstream;
let app: FastifyInstance;
let db: Database;
let reader: string;
let second: string;
let qa: string;
let scoped: string;

beforeAll(async () => {
  upstream = await startFakeUpstream(
    studyQueryAnswer({ [STUDY]: { patientId: 'P1', institution: 'North' }, [OTHER_SITE]: { patientId: 'P2', institution: 'South' } }),
    { studyFacts: 'handler' },
  );
  const gateway = await testGateway(testConfig({ sources: [{ id: 'main', label: 'Test archive', upstream: { root: `${upstream.url}/dicom-web` } }] }));
  app = gateway.app;
  db = gateway.db;
  reader = gateway.cookie;
  second = await signInCookie(app, (await addTestAccount(db, ['radiologist'])).username);
  qa = await signInCookie(app, (await addTestAccount(db, ['qa'])).username);
  scoped = await signInCookie(app, (await addTestAccount(db, ['radiologist'], { scopeInstitutions: ['North'] })).username);
});

afterAll(async () => {
  await app.close();
  await upstream.close();
});

const state = async (cookie: string, study = STUDY): Promise<ReportState> => {
  const res = await app.inject({ method: 'GET', url: `/api/reports/${study}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return reportStateSchema.parse(res.json());
};

describe('drafts', () => {
  it('saves, refuses an older revision with the newer draft, and takes a repeated save as done', async () => {
    const first = await saveDraft(app, reader, STUDY, draftContent('Clear lungs.', ''), 0);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().draft.revision).toBe(1);
    const next = await saveDraft(app, reader, STUDY, draftContent('Clear lungs. No effusion.', ''), 1);
    expect(next.json().draft.revision).toBe(2);
    // The answer was lost and the browser sends the same save again: nothing changes, no conflict.
    const again = await saveDraft(app, reader, STUDY, draftContent('Clear lungs. No effusion.', ''), 1);
    expect(again.statusCode).toBe(200);
    expect(again.json().draft.revision).toBe(2);
    // A tab still at revision 1 must not overwrite revision 2.
    const stale = await saveDraft(app, reader, STUDY, draftContent('Old text from another tab', ''), 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'draft_conflict', current: { revision: 2, sections: [{ text: 'Clear lungs. No effusion.' }, { text: '' }] } });
    expect((await state(reader)).draft?.sections[0]?.text).toBe('Clear lungs. No effusion.');
    // Drafts are each reader's own.
    expect((await state(second)).draft).toBeNull();
  });

  it('refuses a malformed draft and a reader without reports:write', async () => {
    expect((await app.inject({ method: 'PUT', url: `/api/reports/${STUDY}/draft`, headers: { cookie: reader }, payload: { sections: [] } })).statusCode).toBe(
      400,
    );
    expect((await saveDraft(app, qa, STUDY, draftContent('x', 'y'), 0)).statusCode).toBe(403);
    // QA may read the study's reports.
    expect((await state(qa)).reports).toEqual([]);
  });
});

const claim = (cookie: string, studyUid: string) =>
  app.inject({ method: 'POST', url: `/api/reading/studies/${studyUid}/claim`, headers: { cookie }, payload: {} });

describe('signing', () => {
  it('signs preliminary, then final from the same draft; a second final is refused; an addendum keeps the original', async () => {
    const saved = await saveDraft(app, second, STUDY, draftContent('Nodule 6 mm right upper lobe.', ''), 0);
    const noImpression = await signDraft(app, second, STUDY, 'preliminary', saved.json().draft.revision);
    expect(noImpression.statusCode).toBe(400);
    expect(noImpression.json().message).toMatch(/impression/i);
    const withImpression = await saveDraft(app, second, STUDY, draftContent('Nodule 6 mm right upper lobe.', 'Small nodule; follow-up CT in 12 months.'), 1);
    const revision = withImpression.json().draft.revision as number;
    // Only the reader who holds the study's claim signs.
    const unclaimed = await signDraft(app, second, STUDY, 'preliminary', revision);
    expect(unclaimed.statusCode).toBe(409);
    expect(unclaimed.json()).toMatchObject({ error: 'not_claimed' });
    expect((await claim(second, STUDY)).statusCode).toBe(200);
    expect((await signDraft(app, second, STUDY, 'final', revision - 1)).statusCode).toBe(409);

    const preliminary = await signDraft(app, second, STUDY, 'preliminary', revision);
    expect(preliminary.statusCode, preliminary.body).toBe(201);
    expect(preliminary.json().report).toMatchObject({ status: 'preliminary', version: 1, sections: [{ title: 'Findings' }, { title: 'Impression' }] });
    // A preliminary report keeps the draft, to be signed final.
    expect((await state(second)).draft?.revision).toBe(revision);

    const final = await signDraft(app, second, STUDY, 'final', revision);
    expect(final.statusCode, final.body).toBe(201);
    expect(final.json().report).toMatchObject({ status: 'final', version: 2 });
    expect((await state(second)).draft).toBeNull();

    // Another reader's draft cannot become a second final report, nor a preliminary one.
    const other = await saveDraft(app, reader, STUDY, draftContent('Different', 'Different impression'), 2);
    const refused = await signDraft(app, reader, STUDY, 'final', other.json().draft.revision);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'final_exists', message: expect.stringMatching(/addendum/) });
    expect((await signDraft(app, reader, STUDY, 'preliminary', other.json().draft.revision)).statusCode).toBe(409);

    const addendum = await app.inject({
      method: 'POST',
      url: `/api/reports/${STUDY}/addenda`,
      headers: { cookie: reader },
      payload: { text: 'The nodule is in the right middle lobe, not the upper lobe.' },
    });
    expect(addendum.statusCode, addendum.body).toBe(201);
    const after = await state(qa);
    expect(after.reports.map((r) => [r.version, r.status])).toEqual([
      [1, 'preliminary'],
      [2, 'final'],
      [3, 'addendum'],
    ]);
    expect(after.reports[1]!.sections[0]!.text).toBe('Nodule 6 mm right upper lobe.');
    expect(after.reports[2]).toMatchObject({
      amendsReportId: after.reports[1]!.id,
      addendumText: 'The nodule is in the right middle lobe, not the upper lobe.',
    });

    // Each signature is in the audit trail, with the study and the patient.
    const rows = await searchChain(db, { study: STUDY, limit: 100 });
    const records = rows.map((row) => JSON.parse(row.record) as { eventId: { code: string }; outcomeDescription: string; objects: Array<{ id: string }> });
    const signatures = records.filter((r) => r.eventId.code === '110110');
    expect(signatures.every((r) => r.objects.some((o) => o.id === 'P1'))).toBe(true);
    const descriptions = signatures.map((r) => r.outcomeDescription).sort();
    expect(descriptions).toEqual([
      'Addendum to the final report signed (version 3)',
      'Report signed final (version 2)',
      'Report signed preliminary (version 1)',
    ]);
  });

  it('refuses an addendum while there is no final report', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/reports/${UNKNOWN}/addenda`, headers: { cookie: reader }, payload: { text: 'x' } });
    expect(res.statusCode).toBe(409);
  });

  it('does not sign a study the archive does not know', async () => {
    const saved = await saveDraft(app, reader, UNKNOWN, draftContent('a', 'b'), 0);
    expect((await signDraft(app, reader, UNKNOWN, 'final', saved.json().draft.revision)).statusCode).toBe(404);
  });
});

describe('scope', () => {
  it("answers 404 for a study of an institution outside the account's scope, as DICOMweb does", async () => {
    expect((await app.inject({ method: 'GET', url: `/api/reports/${OTHER_SITE}`, headers: { cookie: scoped } })).statusCode).toBe(404);
    expect((await saveDraft(app, scoped, OTHER_SITE, draftContent('a', 'b'), 0)).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/reports/${STUDY}`, headers: { cookie: scoped } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/reports/${STUDY}?source=elsewhere`, headers: { cookie: reader } })).statusCode).toBe(404);
  });
});

describe('when the audit trail cannot be written', () => {
  it('does not sign: 503, and no signed version is left behind', async () => {
    // STUDY has a final report (signed above): an addendum is the signature that meets the broken trail.
    const readerOfStudy = await signInCookie(app, (await addTestAccount(db, ['radiologist'])).username);
    await db.exec('ALTER TABLE audit_events ADD CONSTRAINT audit_broken_reports CHECK (false) NOT VALID');
    let res;
    try {
      res = await app.inject({ method: 'POST', url: `/api/reports/${STUDY}/addenda`, headers: { cookie: readerOfStudy }, payload: { text: 'Unrecorded' } });
    } finally {
      await db.exec('ALTER TABLE audit_events DROP CONSTRAINT audit_broken_reports');
    }
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'audit_unavailable' });
    expect((await state(readerOfStudy)).reports.some((r) => r.addendumText === 'Unrecorded')).toBe(false);
  });
});
