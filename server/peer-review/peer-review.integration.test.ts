import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readManifest } from '../../scripts/samples/manifest.ts';
import { createTestDatabase } from '../../scripts/testing/postgres-server.ts';
import { runValidator } from '../../scripts/testing/gsps-tools.ts';
import { sharedArchive } from '../../scripts/testing/shared-archive.ts';
import { arbitrationListSchema, caseViewSchema, queueSchema, readerTasksSchema, statisticsSchema } from '../../src/peer-review/peer-review-contract.ts';
import { setPeerReviewSettings } from '../auth/accounts.ts';
import { parseConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { buildGateway } from '../http/app.ts';
import { draftContent, saveDraft, signDraft } from '../reports/report-test-helpers.ts';
import { addTestAccount, signInCookie, testDatabase } from '../test-gateway.ts';
import { kosUids } from './build-kos.ts';

/**
 * Peer review end to end against the real, seeded development archive, on both databases: a study finalised
 * at rate 100 % reaches qa's queue and not its reader's; a 3b without a comment is refused; with a comment
 * and key images its KOS is stored in the study (read back from the archive, dciodvfy clean) and the score
 * goes to arbitration; the arbiter confirms; the reader's task names nobody; the export has the reader's
 * pseudonym and no patient data.
 */

const archive = sharedArchive();
const manifest = readManifest(inject('manifestPath'));
// A study no other integration test counts the series of (the KOS adds one until afterAll takes it out).
const study = manifest.studies.find((s) => s.key === 'ct-chest-older')!;
const series = study.series[0]!;
const dir = mkdtempSync(join(tmpdir(), 'readroom-peer-review-'));
const kosSeries: string[] = [];

const DATABASES: Array<[string, () => Promise<Database>]> = [
  ['embedded', testDatabase],
  [
    'PostgreSQL',
    async () => {
      const db = await openDatabase({ kind: 'postgres', url: await createTestDatabase(inject('postgresUrl'), `peer_review_${process.pid}`) });
      await migrate(db);
      return db;
    },
  ],
];

async function archiveInstance(sopInstanceUid: string): Promise<ArrayBuffer | undefined> {
  const [match] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: sopInstanceUid })).json()) as Array<{ ID: string }>;
  if (!match) return undefined;
  return (await archive.adminFetch(`/instances/${match.ID}/file`)).arrayBuffer();
}

afterAll(async () => {
  // Other integration tests count series: the review's KO series leave the archive again.
  for (const seriesUid of kosSeries) {
    const [match] = (await (await archive.adminFetch('/tools/lookup', { method: 'POST', body: seriesUid })).json()) as Array<{ ID: string }>;
    if (match) await archive.adminFetch(`/series/${match.ID}`, { method: 'DELETE' });
  }
  rmSync(dir, { recursive: true, force: true });
});

describe.each(DATABASES)('peer review on the %s database', (kind, openDb) => {
  let app: FastifyInstance;
  let db: Database;
  const cookie: Record<'reader' | 'qa' | 'arbiter' | 'admin', string> = { reader: '', qa: '', arbiter: '', admin: '' };
  const names: Record<string, string> = {};

  beforeAll(async () => {
    db = await openDb();
    const config = parseConfig(
      {
        logLevel: 'warn',
        sources: [
          { id: 'dev', label: 'Development archive', upstream: { root: inject('dicomWebRoot'), authorization: inject('archiveGatewayAuthorization') } },
        ],
        // No report SR into the shared archive (other suites count series); the KOS goes there regardless.
        delivery: { reportSr: false, retryBaseMs: 200, retryCapMs: 1000 },
        peerReview: { rate: 100 },
      },
      { origin: 'integration test' },
    );
    app = await buildGateway(config, { db });
    for (const who of ['reader', 'qa', 'arbiter', 'admin'] as const) {
      const account = await addTestAccount(db, who === 'reader' ? ['radiologist'] : who === 'admin' ? ['admin'] : ['qa'], {
        displayName: `${kind} ${who} person`,
      });
      if (who === 'arbiter') await setPeerReviewSettings(db, account.id, { arbiter: true });
      names[who] = account.username;
      cookie[who] = await signInCookie(app, account.username);
    }
  });

  afterAll(async () => {
    await app?.close();
    if (db?.kind === 'postgres') await db.close();
  });

  const get = (who: keyof typeof cookie, url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookie[who] } });
  const post = (who: keyof typeof cookie, url: string, payload: object) => app.inject({ method: 'POST', url, headers: { cookie: cookie[who] }, payload });

  it('walks a sampled study from the final signature to the export', async () => {
    const uid = study.studyInstanceUID;
    // The reader signs final: at 100 % the study enters the pool.
    const saved = await saveDraft(app, cookie.reader, uid, draftContent('No nodule.', 'Normal chest CT.'), 0);
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await post('reader', `/api/reading/studies/${uid}/claim`, {})).statusCode).toBe(200);
    const signed = await signDraft(app, cookie.reader, uid, 'final', saved.json().draft.revision);
    expect(signed.statusCode, signed.body).toBe(201);

    const queue = queueSchema.parse((await get('qa', '/api/peer-review/queue')).json());
    const entry = queue.cases.find((c) => c.study.accessionNumber === study.accessionNumber)!;
    expect(entry).toMatchObject({ origin: 'sampled', study: { studyInstanceUid: uid } });
    // Never in the reader's own queue (a radiologist without a quota has none anyway: ask the case).
    expect((await get('reader', `/api/peer-review/cases/${entry.id}`)).statusCode).toBe(404);

    expect((await get('qa', `/api/peer-review/cases/${entry.id}`)).statusCode).toBe(200);
    const refused = await post('qa', `/api/peer-review/cases/${entry.id}/review`, { score: '3b', comment: '', keyImages: [] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toBe('comment_required');

    const keyImages = series.instances
      .slice(0, 2)
      .map((i) => ({ seriesInstanceUid: series.seriesInstanceUID, sopClassUid: i.sopClassUID, sopInstanceUid: i.sopInstanceUID }));
    const submitted = await post('qa', `/api/peer-review/cases/${entry.id}/review`, {
      score: '3b',
      comment: 'A 7 mm nodule in the left lower lobe was missed.',
      keyImages,
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const review = caseViewSchema.parse(submitted.json()).review!;
    expect(review).toMatchObject({ arbitration: 'pending', kosTitle: 'quality-issue' });
    kosSeries.push(kosUids(review.id).seriesInstanceUid);

    // The KOS reaches the archive through the outbox, in the study, and dciodvfy accepts it.
    await expect
      .poll(async () => caseViewSchema.parse((await get('qa', `/api/peer-review/cases/${entry.id}`)).json()).review?.kosState, {
        timeout: 60_000,
        interval: 250,
      })
      .toBe('stored');
    const kos = await archiveInstance(kosUids(review.id).sopInstanceUid);
    expect(kos).toBeDefined();
    const file = join(dir, `${kind}.dcm`);
    writeFileSync(file, new Uint8Array(kos!));
    const { output } = await runValidator('dciodvfy', [file]);
    expect(output).toMatch(/KeyObjectSelectionDocument/);
    expect(output.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);
    const bytes = Buffer.from(kos!);
    expect(bytes.includes(Buffer.from(uid))).toBe(true);
    expect(bytes.includes(Buffer.from('7 mm nodule'))).toBe(false);
    expect(bytes.includes(Buffer.from(names['qa']!))).toBe(false);

    // The arbiter confirms; the reader's task names neither reviewer nor arbiter.
    const pending = arbitrationListSchema.parse((await get('arbiter', '/api/peer-review/arbitration')).json()).cases.find((c) => c.reviewId === review.id);
    expect(pending).toBeDefined();
    const confirmed = await post('arbiter', `/api/peer-review/arbitration/${review.id}`, { decision: 'confirm', note: 'Significant miss, confirmed.' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const tasks = readerTasksSchema.parse((await get('reader', '/api/peer-review/tasks')).json()).tasks;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ score: '3b', state: 'open', study: { accessionNumber: study.accessionNumber } });
    const taskText = JSON.stringify(tasks);
    for (const who of ['qa', 'arbiter']) {
      expect(taskText).not.toContain(names[who]!);
      expect(taskText).not.toContain(`${kind} ${who} person`);
    }

    // The export holds the row under the reader's pseudonym and nothing that identifies the patient.
    const own = statisticsSchema.parse((await get('reader', '/api/peer-review/statistics')).json());
    expect(own.ownPseudonym).toMatch(/^R-[0-9A-Z]{6}$/);
    const csv = await get('admin', '/api/peer-review/export.csv');
    expect(csv.statusCode).toBe(200);
    const rows = csv.body.trim().split('\r\n');
    expect(rows.some((row) => row.startsWith(`${own.ownPseudonym},`) && row.includes(',3b,likely significant,'))).toBe(true);
    for (const patientData of [study.patientName, study.patientName.split('^')[0]!, study.patientId, study.accessionNumber, names['reader']!]) {
      if (patientData) expect(csv.body).not.toContain(patientData);
    }
  });
});
