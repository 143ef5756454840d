import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  arbitrationListSchema,
  caseViewSchema,
  EXPORT_COLUMNS,
  queueSchema,
  readerTasksSchema,
  statisticsSchema,
  summarySchema,
} from '../../src/peer-review/peer-review-contract.ts';
import { reportStateSchema } from '../../src/reports/report-contract.ts';
import { searchChain } from '../audit/queries.ts';
import type { AuditEvent } from '../audit/record.ts';
import { setPeerReviewSettings, type Account } from '../auth/accounts.ts';
import type { Database } from '../db/database.ts';
import { draftContent, saveDraft, signDraft, studyQueryAnswer } from '../reports/report-test-helpers.ts';
import { refusedPort, startFakeUpstream, testConfig, type FakeUpstream } from '../test-helpers.ts';
import { addTestAccount, signInCookie, testGateway } from '../test-gateway.ts';
import { kosUids } from './build-kos.ts';

/**
 * Peer review through the gateway, with an archive stand-in: a final signature at rate 100 % puts the
 * study in the pool; the queue, opening, scoring (comment rule, key images checked against the archive,
 * the KOS stored through the outbox), arbitration, the reader's task, blinding, figures, export, audit.
 */

const STUDY = '1.2.826.0.1.3680043.8.498.201';
const SECOND = '1.2.826.0.1.3680043.8.498.202';
const ADDENDED = '1.2.826.0.1.3680043.8.498.203';
const FOURTH = '1.2.826.0.1.3680043.8.498.204';
const FIFTH = '1.2.826.0.1.3680043.8.498.205';
const SIXTH = '1.2.826.0.1.3680043.8.498.206';
const SERIES = '1.2.826.0.1.3680043.8.498.210';
const CT = '1.2.840.10008.5.1.4.1.1.2';
const IMAGE_1 = '1.2.826.0.1.3680043.8.498.211';
const IMAGE_2 = '1.2.826.0.1.3680043.8.498.212';
const OTHER_STUDY_IMAGE = '1.2.826.0.1.3680043.8.498.299';

let upstream: FakeUpstream;
let app: FastifyInstance;
let db: Database;
const stowed: Array<{ url: string; body: Buffer }> = [];
/** While set, the archive refuses every upload (503). */
let archiveDown = false;
const cookies: Record<string, string> = {};
const accounts: Record<string, Account> = {};

const facts = studyQueryAnswer({
  [STUDY]: { patientId: 'PAT-7', institution: 'North', accession: 'ACC-PR-1' },
  [SECOND]: { patientId: 'PAT-8', institution: 'North', accession: 'ACC-PR-2' },
  [ADDENDED]: { patientId: 'PAT-9', institution: 'North', accession: 'ACC-PR-3' },
  [FOURTH]: { patientId: 'PAT-10', institution: 'North', accession: 'ACC-PR-4' },
  [FIFTH]: { patientId: 'PAT-11', institution: 'North', accession: 'ACC-PR-5' },
  [SIXTH]: { patientId: 'PAT-12', institution: 'North', accession: 'ACC-PR-6' },
});

function archive(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '';
  if (req.method === 'POST') {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (archiveDown) {
        res.writeHead(503).end('down for maintenance');
        return;
      }
      stowed.push({ url, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/dicom+json' }).end('{}');
    });
    return;
  }
  if (url.includes(`/studies/${STUDY}/instances`) || url.includes(`/studies/${FIFTH}/instances`)) {
    res.writeHead(200, { 'content-type': 'application/dicom+json' });
    res.end(
      JSON.stringify(
        [IMAGE_1, IMAGE_2].map((uid) => ({
          '0020000E': { vr: 'UI', Value: [SERIES] },
          '00080016': { vr: 'UI', Value: [CT] },
          '00080018': { vr: 'UI', Value: [uid] },
        })),
      ),
    );
    return;
  }
  facts(req, res);
}

/** The audit records naming a study (newest first), or every one. */
async function auditEvents(study?: string): Promise<AuditEvent[]> {
  return (await searchChain(db, { ...(study ? { study } : {}), limit: 500 })).map((row) => JSON.parse(row.record) as AuditEvent);
}

const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
const post = (cookie: string, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });

async function signFinal(cookie: string, study: string): Promise<void> {
  const saved = await saveDraft(app, cookie, study, draftContent('A 6 mm nodule in the right upper lobe.', 'Small nodule, follow-up in 12 months.'), 0);
  expect(saved.statusCode, saved.body).toBe(200);
  expect((await post(cookie, `/api/reading/studies/${study}/claim`, {})).statusCode).toBe(200);
  const signed = await signDraft(app, cookie, study, 'final', saved.json().draft.revision);
  expect(signed.statusCode, signed.body).toBe(201);
}

beforeAll(async () => {
  upstream = await startFakeUpstream(archive, { studyFacts: 'handler' });
  const gateway = await testGateway(
    testConfig({
      sources: [{ id: 'main', label: 'Test archive', upstream: { root: `${upstream.url}/dicom-web` } }],
      // FHIR to a port nobody listens on: each signed version has a delivery row (its author shown in the list).
      delivery: { reportSr: false, retryBaseMs: 100, retryCapMs: 200, maxAttempts: 3, fhirUrl: `http://127.0.0.1:${await refusedPort()}/fhir` },
      peerReview: { rate: 100 },
    }),
  );
  app = gateway.app;
  db = gateway.db;
  const add = async (name: string, roles: Parameters<typeof addTestAccount>[1], extra: { arbiter?: boolean; reviewQuota?: number } = {}) => {
    const account = await addTestAccount(db, roles, { displayName: `Person ${name}` });
    if (extra.arbiter !== undefined || extra.reviewQuota !== undefined) await setPeerReviewSettings(db, account.id, extra);
    accounts[name] = account;
    cookies[name] = await signInCookie(app, account.username);
  };
  await add('reader', ['radiologist'], { reviewQuota: 5 });
  await add('colleague', ['radiologist'], { reviewQuota: 1 });
  await add('noQuota', ['radiologist']);
  await add('qa', ['qa']);
  await add('arbiter', ['qa'], { arbiter: true });
  await add('admin', ['admin']);
  await add('southQa', ['qa']);
  await db.query(`UPDATE accounts SET scope_institutions = '{South}' WHERE id = $1`, [accounts['southQa']!.id]);
});

afterAll(async () => {
  await app.close();
  await upstream.close();
});

describe('peer review through the gateway', () => {
  let caseId = '';
  let reviewId = '';

  it('puts a study finalised at rate 100 % in qa’s queue, never in its reader’s own, and not outside a reviewer’s scope', async () => {
    await signFinal(cookies['reader']!, STUDY);
    const queue = queueSchema.parse((await get(cookies['qa']!, '/api/peer-review/queue')).json());
    const entry = queue.cases.find((c) => c.study.studyInstanceUid === STUDY);
    expect(entry).toMatchObject({ origin: 'sampled', mine: false, study: { accessionNumber: 'ACC-PR-1', patientName: 'Doe^Jane', modalities: ['CT'] } });
    expect(queue).toMatchObject({ scale: 'radpeer', quota: null });
    caseId = entry!.id;
    const own = queueSchema.parse((await get(cookies['reader']!, '/api/peer-review/queue')).json());
    expect(own.cases.map((c) => c.id)).not.toContain(caseId);
    expect(own.quota).toEqual({ perMonth: 5, doneThisMonth: 0 });
    expect((await get(cookies['reader']!, `/api/peer-review/cases/${caseId}`)).statusCode).toBe(404);
    expect(queueSchema.parse((await get(cookies['southQa']!, '/api/peer-review/queue')).json()).cases).toEqual([]);
    // A radiologist without a quota sees an empty queue with the quota shown.
    expect(queueSchema.parse((await get(cookies['noQuota']!, '/api/peer-review/queue')).json())).toMatchObject({ cases: [], quota: { perMonth: 0 } });
    expect((await get(cookies['noQuota']!, `/api/peer-review/cases/${caseId}`)).json()).toMatchObject({ error: 'quota_reached' });
    // The gateway recorded the study entering the pool, with the rule and the rate.
    const sampled = (await auditEvents(STUDY)).find((e) => e.eventTypes[0]?.code === 'PR-SAMPLED');
    expect(sampled?.participants[0]?.userId).toBe('readroom-gateway');
    expect(sampled?.objects[0]?.details).toEqual(
      expect.arrayContaining([
        { type: 'Rule', value: 'overall rate' },
        { type: 'Rate', value: '100' },
      ]),
    );
  });

  it('assigns the case to whoever opens it first (409 for the next) and blinds the original report and its author', async () => {
    const opened = await get(cookies['qa']!, `/api/peer-review/cases/${caseId}`);
    expect(opened.statusCode, opened.body).toBe(200);
    const view = caseViewSchema.parse(opened.json());
    expect(view).toMatchObject({ state: 'open', review: null, originalReport: { readerName: null } });
    expect(view.originalReport.sections[0]?.text).toContain('6 mm nodule');
    expect((await get(cookies['arbiter']!, `/api/peer-review/cases/${caseId}`)).json()).toMatchObject({ error: 'assigned_elsewhere' });
    expect(queueSchema.parse((await get(cookies['qa']!, '/api/peer-review/queue')).json()).cases.find((c) => c.id === caseId)?.mine).toBe(true);
    expect(queueSchema.parse((await get(cookies['arbiter']!, '/api/peer-review/queue')).json()).cases.map((c) => c.id)).not.toContain(caseId);
    // The report routes name no author to the reviewer, and do to anyone else.
    const blinded = reportStateSchema.parse((await get(cookies['qa']!, `/api/reports/${STUDY}`)).json());
    expect(blinded.reports.map((r) => r.author)).toEqual([{ username: '', displayName: 'Original reader' }]);
    const plain = reportStateSchema.parse((await get(cookies['arbiter']!, `/api/reports/${STUDY}`)).json());
    expect(plain.reports[0]?.author.username).toBe(accounts['reader']!.username);
  });

  it('refuses a 3b without a comment, a score of another scale and a key image of another study', async () => {
    const url = `/api/peer-review/cases/${caseId}/review`;
    const noComment = await post(cookies['qa']!, url, { score: '3b', comment: '  ', keyImages: [] });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json()).toMatchObject({ error: 'comment_required', message: expect.stringMatching(/needs a comment/) });
    expect((await post(cookies['qa']!, url, { score: '4b', comment: 'x', keyImages: [] })).json()).toMatchObject({ error: 'invalid_score' });
    const foreign = await post(cookies['qa']!, url, {
      score: '3b',
      comment: 'Missed the nodule.',
      keyImages: [{ seriesInstanceUid: SERIES, sopClassUid: CT, sopInstanceUid: OTHER_STUDY_IMAGE }],
    });
    expect(foreign.json()).toMatchObject({ error: 'key_image_not_in_study' });
    // Somebody else cannot score it.
    expect((await post(cookies['arbiter']!, url, { score: '1', comment: '', keyImages: [] })).statusCode).toBe(404);
  });

  it('stores a 3b with its comment and key images: the KOS reaches the archive and the score goes to arbitration', async () => {
    const submitted = await post(cookies['qa']!, `/api/peer-review/cases/${caseId}/review`, {
      score: '3b',
      comment: 'The 6 mm nodule is 9 mm and has grown.',
      keyImages: [
        { seriesInstanceUid: SERIES, sopClassUid: '', sopInstanceUid: IMAGE_1 },
        { seriesInstanceUid: SERIES, sopClassUid: CT, sopInstanceUid: IMAGE_2 },
      ],
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const view = caseViewSchema.parse(submitted.json());
    expect(view.state).toBe('reviewed');
    expect(view.review).toMatchObject({ score: '3b', arbitration: 'pending', kosTitle: 'quality-issue', finalScore: '3b' });
    expect(view.review!.keyImages.map((k) => k.sopClassUid)).toEqual([CT, CT]);
    reviewId = view.review!.id;
    await expect
      .poll(async () => caseViewSchema.parse((await get(cookies['qa']!, `/api/peer-review/cases/${caseId}`)).json()).review?.kosState, { timeout: 10_000 })
      .toBe('stored');
    const kos = stowed.find((s) => s.url.endsWith(`/studies/${STUDY}`));
    expect(kos).toBeDefined();
    expect(kos!.body.includes(Buffer.from(kosUids(reviewId).sopInstanceUid))).toBe(true);
    expect(kos!.body.includes(Buffer.from('Quality Issue'))).toBe(true);
    expect(kos!.body.includes(Buffer.from('9 mm'))).toBe(false);
    // The KOS is not among the study's report deliveries.
    const deliveries = (await get(cookies['reader']!, `/api/deliveries?study=${STUDY}`)).json();
    expect(JSON.stringify(deliveries)).not.toContain('archive-kos');
    // A second score is refused.
    expect((await post(cookies['qa']!, `/api/peer-review/cases/${caseId}/review`, { score: '1', comment: '', keyImages: [] })).json()).toMatchObject({
      error: 'already_reviewed',
    });
  });

  it('lets only an arbiter who is neither the reviewer nor the reader decide; a confirmed 3b gives the reader a task without the reviewer’s name', async () => {
    expect((await get(cookies['qa']!, '/api/peer-review/arbitration')).statusCode).toBe(403);
    const session = (await get(cookies['arbiter']!, '/api/session')).json();
    expect(session).toMatchObject({ arbiter: true, roles: ['qa'] });
    const list = arbitrationListSchema.parse((await get(cookies['arbiter']!, '/api/peer-review/arbitration')).json());
    const pending = list.cases.find((c) => c.reviewId === reviewId)!;
    expect(pending).toMatchObject({ score: '3b', comment: 'The 6 mm nodule is 9 mm and has grown.', originalReport: { readerName: null } });
    expect(pending.readerPseudonym).toMatch(/^R-[0-9A-Z]{6}$/);
    expect(pending.reviewerPseudonym).toMatch(/^R-[0-9A-Z]{6}$/);
    expect(pending.readerPseudonym).not.toBe(pending.reviewerPseudonym);
    expect(JSON.stringify(list)).not.toContain(accounts['qa']!.displayName);

    expect((await post(cookies['arbiter']!, `/api/peer-review/arbitration/${reviewId}`, { decision: 'confirm' })).statusCode).toBe(400);
    const decided = await post(cookies['arbiter']!, `/api/peer-review/arbitration/${reviewId}`, { decision: 'confirm', note: 'Agreed: significant miss.' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ review: { arbitration: 'confirmed', finalScore: '3b' }, readerTask: true });
    expect((await post(cookies['arbiter']!, `/api/peer-review/arbitration/${reviewId}`, { decision: 'confirm', note: 'again' })).json()).toMatchObject({
      error: 'already_decided',
    });

    const tasks = readerTasksSchema.parse((await get(cookies['reader']!, '/api/peer-review/tasks')).json());
    expect(tasks.tasks).toHaveLength(1);
    expect(tasks.tasks[0]).toMatchObject({
      score: '3b',
      reviewComment: 'The 6 mm nodule is 9 mm and has grown.',
      arbiterNote: 'Agreed: significant miss.',
      state: 'open',
    });
    const text = JSON.stringify(tasks);
    for (const name of [accounts['qa']!.username, accounts['qa']!.displayName, accounts['arbiter']!.displayName]) expect(text).not.toContain(name);
    expect(summarySchema.parse((await get(cookies['reader']!, '/api/peer-review/summary')).json())).toMatchObject({ tasks: 1 });

    const closed = await post(cookies['reader']!, `/api/peer-review/tasks/${tasks.tasks[0]!.id}/close`, { note: 'Discussed; follow-up CT booked.' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().task).toMatchObject({ state: 'closed', closingNote: 'Discussed; follow-up CT booked.' });
    expect((await post(cookies['colleague']!, `/api/peer-review/tasks/${tasks.tasks[0]!.id}/close`, { note: 'x' })).statusCode).toBe(404);
  });

  it('gives figures per reader pseudonym, modality and month, a reader only their own, and an export without patient data', async () => {
    const all = statisticsSchema.parse((await get(cookies['qa']!, '/api/peer-review/statistics')).json());
    expect(all.view).toBe('all');
    expect(all.overall).toMatchObject({ reviews: 1, significant: 1, rate: 1, pendingArbitration: 0 });
    expect(all.modalities.map((m) => m.modality)).toEqual(['CT']);
    expect(all.months).toHaveLength(1);
    const own = statisticsSchema.parse((await get(cookies['reader']!, '/api/peer-review/statistics')).json());
    expect(own.view).toBe('own');
    expect(own.readers.map((r) => r.pseudonym)).toEqual([own.ownPseudonym]);
    expect(all.readers.map((r) => r.pseudonym)).toContain(own.ownPseudonym);
    expect(statisticsSchema.parse((await get(cookies['colleague']!, '/api/peer-review/statistics')).json()).overall.reviews).toBe(0);

    const csv = await get(cookies['qa']!, '/api/peer-review/export.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, row] = csv.body.split('\r\n');
    expect(header).toBe(EXPORT_COLUMNS.join(','));
    expect(row).toMatch(new RegExp(`^${own.ownPseudonym},CT chest,CT,3b,likely significant,\\d{4}-\\d{2}-\\d{2},\\d{4}-\\d{2}-\\d{2},confirmed,sampled$`));
    for (const patientData of ['Doe', 'PAT-7', '1960', 'ACC-PR-1', accounts['reader']!.username]) expect(csv.body).not.toContain(patientData);
    expect((await get(cookies['admin']!, '/api/peer-review/export.csv')).statusCode).toBe(200);
    expect((await auditEvents()).filter((e) => e.eventTypes[0]?.code === 'PR-EXPORT').map((e) => e.participants[0]?.userId)).toEqual([
      accounts['admin']!.username,
      accounts['qa']!.username,
    ]);
    // Every step of the case is in the trail: in the pool, opened, scored, arbitrated, task closed.
    const steps = (await auditEvents(STUDY)).filter((e) => e.eventId.code === 'PEER-REVIEW').map((e) => e.eventTypes[0]?.code);
    expect(steps.reverse()).toEqual(['PR-SAMPLED', 'PR-OPENED', 'PR-SCORED', 'PR-ARBITRATED', 'PR-TASK-CLOSED']);

    const identities = (await get(cookies['admin']!, '/api/peer-review/pseudonyms')).json();
    expect(identities.pseudonyms).toContainEqual({ pseudonym: own.ownPseudonym, username: accounts['reader']!.username, displayName: 'Person reader' });
  });

  it('lets a radiologist review within the monthly quota, and takes a study out of the pool when an addendum comes first', async () => {
    await signFinal(cookies['reader']!, SECOND);
    const queue = queueSchema.parse((await get(cookies['colleague']!, '/api/peer-review/queue')).json());
    const second = queue.cases.find((c) => c.study.studyInstanceUid === SECOND)!;
    expect(queue.quota).toEqual({ perMonth: 1, doneThisMonth: 0 });
    expect((await get(cookies['colleague']!, `/api/peer-review/cases/${second.id}`)).statusCode).toBe(200);
    const scored = await post(cookies['colleague']!, `/api/peer-review/cases/${second.id}/review`, { score: '1', comment: '', keyImages: [] });
    expect(scored.statusCode, scored.body).toBe(201);
    expect(caseViewSchema.parse(scored.json()).review).toMatchObject({ arbitration: 'not-needed', kosState: 'none', kosTitle: null });
    // The delivery list names no author to the study's reviewer either, and does to its reader.
    const deliveries = async (who: string) =>
      (await get(cookies[who]!, `/api/deliveries?study=${SECOND}`)).json().reports.map((r: { author: string }) => r.author);
    expect(await deliveries('colleague')).toEqual(['Original reader']);
    expect(await deliveries('reader')).toEqual(['Person reader']);
    expect(queueSchema.parse((await get(cookies['colleague']!, '/api/peer-review/queue')).json())).toMatchObject({
      cases: [],
      quota: { perMonth: 1, doneThisMonth: 1 },
    });

    await signFinal(cookies['reader']!, ADDENDED);
    const pooled = queueSchema.parse((await get(cookies['qa']!, '/api/peer-review/queue')).json()).cases.find((c) => c.study.studyInstanceUid === ADDENDED)!;
    expect(pooled).toBeDefined();
    const addendum = await post(cookies['reader']!, `/api/reports/${ADDENDED}/addenda`, { text: 'Also a rib fracture.' });
    expect(addendum.statusCode, addendum.body).toBe(201);
    expect(queueSchema.parse((await get(cookies['qa']!, '/api/peer-review/queue')).json()).cases.map((c) => c.id)).not.toContain(pooled.id);
    // Added by hand now: refused, it has an addendum; a study without a final report neither.
    expect((await post(cookies['qa']!, '/api/peer-review/cases', { studyInstanceUid: ADDENDED, reason: 'Found in clinic' })).json()).toMatchObject({
      error: 'addended',
    });
  });

  it('adds a finalised study by hand, recorded with the reason (once per study)', async () => {
    await signFinal(cookies['reader']!, FOURTH);
    // As if the draw had not picked it.
    await db.query('DELETE FROM peer_review_cases WHERE study_uid = $1', [FOURTH]);
    expect((await post(cookies['reader']!, '/api/peer-review/cases', { studyInstanceUid: FOURTH, reason: 'x' })).statusCode).toBe(403);
    expect((await post(cookies['qa']!, '/api/peer-review/cases', { studyInstanceUid: FOURTH })).statusCode).toBe(400);
    const added = await post(cookies['qa']!, '/api/peer-review/cases', { studyInstanceUid: FOURTH, reason: 'Missed fracture seen in clinic' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().case).toMatchObject({ origin: 'manual', study: { accessionNumber: 'ACC-PR-4' } });
    expect((await post(cookies['qa']!, '/api/peer-review/cases', { studyInstanceUid: FOURTH, reason: 'again' })).json()).toMatchObject({
      error: 'already_in_pool',
    });
    expect((await post(cookies['qa']!, '/api/peer-review/cases', { studyInstanceUid: '1.2.3.4.5', reason: 'x' })).statusCode).toBe(404);
    const recorded = (await auditEvents(FOURTH)).find((e) => e.eventTypes[0]?.code === 'PR-ADDED');
    expect(recorded?.participants[0]?.userId).toBe(accounts['qa']!.username);
    expect(recorded?.objects[0]?.details).toContainEqual({ type: 'Reason', value: 'Missed fracture seen in clinic' });
  });

  it('fails closed when the audit trail cannot be written: no assignment, no export', async () => {
    const open = queueSchema.parse((await get(cookies['arbiter']!, '/api/peer-review/queue')).json()).cases.find((c) => c.study.studyInstanceUid === FOURTH)!;
    await db.exec('ALTER TABLE audit_events ADD CONSTRAINT audit_broken_peer_review CHECK (false) NOT VALID');
    let opened;
    let exported;
    try {
      opened = await get(cookies['arbiter']!, `/api/peer-review/cases/${open.id}`);
      exported = await get(cookies['qa']!, '/api/peer-review/export.csv');
    } finally {
      await db.exec('ALTER TABLE audit_events DROP CONSTRAINT audit_broken_peer_review');
    }
    expect(opened.statusCode).toBe(503);
    expect(opened.json()).toMatchObject({ error: 'audit_unavailable' });
    expect(exported.statusCode).toBe(503);
    expect(exported.body).not.toContain('physician_id');
    const after = queueSchema.parse((await get(cookies['qa']!, '/api/peer-review/queue')).json()).cases.find((c) => c.id === open.id);
    expect(after?.mine).toBe(false);
    expect((await get(cookies['qa']!, `/api/peer-review/cases/${open.id}`)).statusCode).toBe(200);
  });

  it('keeps the KOS while the archive is down and stores it once the archive is back', async () => {
    archiveDown = true;
    await signFinal(cookies['reader']!, FIFTH);
    const entry = queueSchema.parse((await get(cookies['qa']!, '/api/peer-review/queue')).json()).cases.find((c) => c.study.studyInstanceUid === FIFTH)!;
    expect((await get(cookies['qa']!, `/api/peer-review/cases/${entry.id}`)).statusCode).toBe(200);
    const submitted = await post(cookies['qa']!, `/api/peer-review/cases/${entry.id}/review`, {
      score: '1',
      comment: '',
      keyImages: [{ seriesInstanceUid: SERIES, sopClassUid: CT, sopInstanceUid: IMAGE_1 }],
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const review = caseViewSchema.parse(submitted.json()).review!;
    expect(review).toMatchObject({ kosTitle: 'for-peer-review', kosState: 'pending', arbitration: 'not-needed' });
    await expect
      .poll(async () => (await db.query<{ state: string }>(`SELECT state FROM report_outbox WHERE report_id = $1`, [review.id]))[0]?.state, { timeout: 10_000 })
      .toBe('retrying');
    expect(caseViewSchema.parse((await get(cookies['qa']!, `/api/peer-review/cases/${entry.id}`)).json()).review?.kosState).toBe('pending');
    archiveDown = false;
    await expect
      .poll(async () => caseViewSchema.parse((await get(cookies['qa']!, `/api/peer-review/cases/${entry.id}`)).json()).review?.kosState, { timeout: 10_000 })
      .toBe('stored');
    expect(stowed.filter((s) => s.url.endsWith(`/studies/${FIFTH}`))).toHaveLength(1);
  });

  it('gives the reader a task already done when an addendum was signed between the review and the arbitration', async () => {
    await signFinal(cookies['reader']!, SIXTH);
    const entry = queueSchema.parse((await get(cookies['qa']!, '/api/peer-review/queue')).json()).cases.find((c) => c.study.studyInstanceUid === SIXTH)!;
    expect((await get(cookies['qa']!, `/api/peer-review/cases/${entry.id}`)).statusCode).toBe(200);
    const scored = await post(cookies['qa']!, `/api/peer-review/cases/${entry.id}/review`, { score: '2b', comment: 'Rib fracture missed.', keyImages: [] });
    expect(scored.statusCode, scored.body).toBe(201);
    const reviewed = caseViewSchema.parse(scored.json()).review!;
    expect((await post(cookies['reader']!, `/api/reports/${SIXTH}/addenda`, { text: 'Also a rib fracture.' })).statusCode).toBe(201);
    const decided = await post(cookies['arbiter']!, `/api/peer-review/arbitration/${reviewed.id}`, { decision: 'confirm', note: 'Agreed.' });
    expect(decided.json()).toMatchObject({ readerTask: true });
    const task = readerTasksSchema
      .parse((await get(cookies['reader']!, '/api/peer-review/tasks')).json())
      .tasks.find((t) => t.study.studyInstanceUid === SIXTH);
    expect(task).toMatchObject({ state: 'addended', score: '2b' });
  });
});
