import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../scripts/testing/postgres-server.ts';
import { searchChain } from '../audit/queries.ts';
import type { AuditEvent } from '../audit/record.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { isStudyFactsQuery } from '../dicomweb/study-facts.ts';
import { buildGateway } from '../http/app.ts';
import { startFakeUpstream, testConfig, type FakeUpstream } from '../test-helpers.ts';
import { addTestAccount, signInCookie, testDatabase } from '../test-gateway.ts';
import { isFirstInstanceQuery } from './header-priority.ts';
import { holdsClaim, markReportSigned } from './reading-store.ts';

/**
 * Claims on both databases (embedded and PostgreSQL): many concurrent claims of one study from two
 * readers give exactly one winner; a claim lapses when idle; a take-over is explicit and names whose
 * claim it ended; "next" passes over what another reader holds; every change is in the audit trail.
 */

const STAT_STUDY = '1.2.826.0.1.3680043.8.498.501';
const base = '1.2.826.0.1.3680043.8.498.5';
let serial = 0;
const freshStudy = () => `${base}${(serial += 1).toString().padStart(2, '0')}${process.pid % 1000}`;

function studyJson(uid: string): Record<string, unknown> {
  return {
    '0020000D': { vr: 'UI', Value: [uid] },
    '00100020': { vr: 'LO', Value: ['PAT-READ'] },
    '00080080': { vr: 'LO', Value: ['Alpha Hospital'] },
  };
}

const DATABASES: Array<[string, () => Promise<Database>]> = [
  ['embedded', testDatabase],
  [
    'PostgreSQL',
    async () => {
      const db = await openDatabase({ kind: 'postgres', url: await createTestDatabase(inject('postgresUrl'), `reading_${process.pid}`) });
      await migrate(db);
      return db;
    },
  ],
];

describe.each(DATABASES)('reading claims on the %s database', (_kind, openDb) => {
  let upstream: FakeUpstream;
  let app: FastifyInstance;
  let db: Database;
  let alice: { cookie: string; username: string };
  let bob: { cookie: string; username: string };
  let admin: string;
  let qa: string;

  beforeAll(async () => {
    db = await openDb();
    upstream = await startFakeUpstream(
      (req, res) => {
        const url = req.url ?? '';
        res.writeHead(200, { 'content-type': 'application/dicom+json' });
        if (isStudyFactsQuery(url)) return res.end(JSON.stringify([studyJson(/StudyInstanceUID=([0-9.]+)/.exec(url)![1]!)]));
        if (isFirstInstanceQuery(url) && url.includes(STAT_STUDY)) {
          return res.end(JSON.stringify([{ '0020000E': { vr: 'UI', Value: ['1.2.3.4'] }, '00080018': { vr: 'UI', Value: ['1.2.3.5'] } }]));
        }
        if (url.endsWith(`/studies/${STAT_STUDY}/series/1.2.3.4/instances/1.2.3.5/metadata`)) {
          return res.end(
            JSON.stringify([
              { '00400275': { vr: 'SQ', Value: [{ '00401003': { vr: 'SH', Value: ['ROUTINE'] } }, { '00401003': { vr: 'SH', Value: ['STAT'] } }] } },
            ]),
          );
        }
        res.end('[]');
      },
      { studyFacts: 'handler' },
    );
    app = await buildGateway(testConfig({ sources: [{ id: 'main', label: 'Test archive', upstream: { root: `${upstream.url}/dicom-web` } }] }), { db });
    const a = await addTestAccount(db, ['radiologist'], { displayName: 'Dr Alice Reader' });
    const b = await addTestAccount(db, ['radiologist'], { displayName: 'Dr Bob Reader' });
    alice = { cookie: await signInCookie(app, a.username), username: a.username };
    bob = { cookie: await signInCookie(app, b.username), username: b.username };
    admin = await signInCookie(app, (await addTestAccount(db, ['admin'])).username);
    qa = await signInCookie(app, (await addTestAccount(db, ['qa'])).username);
  });

  afterAll(async () => {
    await app?.close();
    await upstream?.close();
    if (db?.kind === 'postgres') await db.close();
  });

  const post = (url: string, cookie: string, payload: unknown = {}) => app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });
  const claim = (uid: string, cookie: string) => post(`/api/reading/studies/${uid}/claim`, cookie);
  const statusOf = async (uid: string, cookie: string) =>
    (await post('/api/reading/statuses', cookie, { studyInstanceUids: [uid] })).json<{ studies: Array<Record<string, unknown>> }>().studies[0]!;
  const auditOf = async (username: string, studyUid: string): Promise<AuditEvent[]> =>
    (await searchChain(db, { user: username, study: studyUid, limit: 100 })).map((row) => JSON.parse(row.record) as AuditEvent);

  it('gives exactly one winner to many concurrent claims from two readers', async () => {
    const uid = freshStudy();
    const attempts = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? alice : bob));
    const answers = await Promise.all(attempts.map((reader) => claim(uid, reader.cookie)));
    const winners = new Set(answers.flatMap((res, i) => (res.statusCode === 200 ? [attempts[i]!.username] : [])));
    expect(winners.size).toBe(1);
    const [winner] = [...winners];
    const loser = winner === alice.username ? bob : alice;
    answers.forEach((res, i) => {
      if (attempts[i]!.username === winner) expect(res.statusCode).toBe(200);
      else {
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ error: 'claimed', holder: { name: winner === alice.username ? 'Dr Alice Reader' : 'Dr Bob Reader', mine: false } });
      }
    });
    expect(await holdsClaim(db, uid, String((await db.query<{ id: number }>('SELECT id FROM accounts WHERE username = $1', [winner]))[0]!.id))).toBe(true);
    expect(await statusOf(uid, loser.cookie)).toMatchObject({ status: 'In progress', claim: { mine: false } });
    // The winner's later claims renew its own claim: one record of the claim.
    expect((await auditOf(winner!, uid)).filter((e) => e.outcomeDescription === 'Study claimed for reading')).toHaveLength(1);
    expect(await auditOf(loser.username, uid)).toEqual([]);
  });

  it('lets a claim lapse after the idle time, unless heartbeats keep it alive', async () => {
    const uid = freshStudy();
    expect((await claim(uid, alice.cookie)).statusCode).toBe(200);
    expect((await post(`/api/reading/studies/${uid}/heartbeat`, alice.cookie)).statusCode).toBe(200);
    expect((await claim(uid, bob.cookie)).statusCode).toBe(409);
    await db.query("UPDATE reading_studies SET claim_expires_at = now() - interval '1 second' WHERE study_uid = $1", [uid]);
    expect(await statusOf(uid, bob.cookie)).toMatchObject({ status: 'Unread', claim: null });
    const lapsed = await post(`/api/reading/studies/${uid}/heartbeat`, alice.cookie);
    expect(lapsed.statusCode).toBe(410);
    expect((await claim(uid, bob.cookie)).statusCode).toBe(200);
    expect(await statusOf(uid, alice.cookie)).toMatchObject({ status: 'In progress', claim: { name: 'Dr Bob Reader', mine: false } });
  });

  it('takes over only when asked, says whose claim it took, and records it', async () => {
    const uid = freshStudy();
    expect((await claim(uid, alice.cookie)).statusCode).toBe(200);
    expect((await claim(uid, bob.cookie)).statusCode).toBe(409);
    const taken = await post(`/api/reading/studies/${uid}/take-over`, bob.cookie);
    expect(taken.statusCode).toBe(200);
    expect(taken.json<{ tookOverFrom: string }>().tookOverFrom).toContain(alice.username);
    const beat = await post(`/api/reading/studies/${uid}/heartbeat`, alice.cookie);
    expect(beat.statusCode).toBe(409);
    expect(beat.json()).toMatchObject({ holder: { name: 'Dr Bob Reader' } });
    const [record] = (await auditOf(bob.username, uid)).filter((e) => e.eventTypes[0]?.code === 'RR-TAKE-OVER');
    expect(record?.outcomeDescription).toContain(`taken over from Dr Alice Reader (${alice.username})`);
    expect(record?.objects.map((o) => o.id)).toEqual([uid, 'PAT-READ']);

    expect((await post(`/api/reading/studies/${uid}/release`, bob.cookie)).statusCode).toBe(200);
    expect(await statusOf(uid, alice.cookie)).toMatchObject({ status: 'Unread' });
    // Releasing what one does not hold changes nothing and records nothing, also for a study never listed.
    const unseen = freshStudy();
    const release = await post(`/api/reading/studies/${unseen}/release`, alice.cookie);
    expect(release.statusCode).toBe(200);
    expect(release.json()).toMatchObject({ study: { status: 'Unread', claim: null } });
    expect(await auditOf(alice.username, unseen)).toEqual([]);
    expect((await auditOf(bob.username, uid)).map((e) => e.outcomeDescription)).toContain('Reading claim released');
  });

  it('follows the report through the seam: preliminary keeps the claim, final ends it', async () => {
    const uid = freshStudy();
    expect((await claim(uid, alice.cookie)).statusCode).toBe(200);
    await markReportSigned(db, uid, 'preliminary');
    expect(await statusOf(uid, bob.cookie)).toMatchObject({ status: 'Preliminary', reportStatus: 'preliminary', claim: { name: 'Dr Alice Reader' } });
    await markReportSigned(db, uid, 'final');
    expect(await statusOf(uid, bob.cookie)).toMatchObject({ status: 'Final', claim: null });
    await markReportSigned(db, uid, 'addended');
    expect(await statusOf(uid, bob.cookie)).toMatchObject({ status: 'Addended' });
  });

  it('reads the priority from the header; a radiologist or admin overrides it (recorded), qa may not', async () => {
    await db.query('DELETE FROM reading_studies WHERE study_uid = $1', [STAT_STUDY]);
    expect(await statusOf(STAT_STUDY, alice.cookie)).toMatchObject({ priority: 'stat', prioritySource: 'header' });
    const put = (cookie: string, priority: string | null) =>
      app.inject({ method: 'PUT', url: `/api/reading/studies/${STAT_STUDY}/priority`, headers: { cookie }, payload: { priority } });
    expect((await put(qa, 'routine')).statusCode).toBe(403);
    const set = await put(admin, 'routine');
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ study: { priority: 'routine', prioritySource: 'override' } });
    expect(await statusOf(STAT_STUDY, alice.cookie)).toMatchObject({ priority: 'routine', prioritySource: 'override' });
    expect((await put(alice.cookie, null)).json()).toMatchObject({ study: { priority: 'stat', prioritySource: 'header' } });
    const records = (await searchChain(db, { study: STAT_STUDY, limit: 10 })).map((row) => (JSON.parse(row.record) as AuditEvent).outcomeDescription);
    expect(records).toContain('Reading priority set to routine (was none (the header decides))');
    expect(records).toContain('Reading priority set to none (the header decides) (was routine)');
  });

  it('"next" claims the first unread candidate, passing over claimed and reported ones; racing readers get different studies', async () => {
    const [held, reported, free, free2] = [freshStudy(), freshStudy(), freshStudy(), freshStudy()];
    expect((await claim(held, alice.cookie)).statusCode).toBe(200);
    await markReportSigned(db, reported, 'final');
    const next = await post('/api/reading/next', bob.cookie, { candidates: [held, reported, free, free2] });
    expect(next.json()).toEqual({ studyInstanceUid: free });
    expect(await statusOf(free, alice.cookie)).toMatchObject({ status: 'In progress', claim: { name: 'Dr Bob Reader' } });

    const racing = [freshStudy(), freshStudy()];
    const [a, b] = await Promise.all([
      post('/api/reading/next', alice.cookie, { candidates: racing }),
      post('/api/reading/next', bob.cookie, { candidates: racing }),
    ]);
    expect(new Set([a.json().studyInstanceUid, b.json().studyInstanceUid])).toEqual(new Set(racing));
    expect((await post('/api/reading/next', alice.cookie, { candidates: racing })).json()).toEqual({ studyInstanceUid: null });
  });

  it("keeps to the account's scope: another institution's study is not found, not listed and never claimed by next", async () => {
    const scoped = await signInCookie(app, (await addTestAccount(db, ['radiologist'], { scopeInstitutions: ['Beta Clinic'] })).username);
    const uid = freshStudy();
    expect((await claim(uid, scoped)).statusCode).toBe(404);
    expect((await post(`/api/reading/studies/${uid}/take-over`, scoped)).statusCode).toBe(404);
    expect((await post('/api/reading/statuses', scoped, { studyInstanceUids: [uid] })).json()).toMatchObject({ studies: [] });
    expect((await post('/api/reading/next', scoped, { candidates: [uid] })).json()).toEqual({ studyInstanceUid: null });
    expect(await statusOf(uid, alice.cookie)).toMatchObject({ status: 'Unread' });
    expect((await post('/api/reading/statuses', alice.cookie, { dataSource: 'elsewhere', studyInstanceUids: [uid] })).statusCode).toBe(400);
  });
});
