import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readManifest } from '../../scripts/samples/manifest.ts';
import { createTestDatabase } from '../../scripts/testing/postgres-server.ts';
import { reportStateSchema } from '../../src/reports/report-contract.ts';
import { parseConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { buildGateway } from '../http/app.ts';
import { addTestAccount, signInCookie, testDatabase } from '../test-gateway.ts';
import { draftContent, saveDraft, signDraft } from './report-test-helpers.ts';
import { insertReport, newReportId, type NewReport } from './report-store.ts';

/**
 * Signing against the real, seeded development archive (the report's facts come from its study query),
 * on both databases: many radiologists press "Sign final" on one study at the same moment and exactly
 * one final report results; the others are told why. The database refuses a second final by itself.
 */

const archiveRoot = inject('dicomWebRoot');
const authorization = inject('archiveGatewayAuthorization');
const manifest = readManifest(inject('manifestPath'));
const RACERS = 8;

const DATABASES: Array<[string, () => Promise<Database>]> = [
  ['embedded', testDatabase],
  [
    'PostgreSQL',
    async () => {
      const db = await openDatabase({ kind: 'postgres', url: await createTestDatabase(inject('postgresUrl'), `reports_${process.pid}`) });
      await migrate(db);
      return db;
    },
  ],
];

function finalRow(studyUid: string, version: number, authorUsername: string): NewReport {
  return {
    id: newReportId(),
    sourceId: 'dev',
    studyUid,
    version,
    status: 'final',
    authorAccountId: null,
    authorUsername,
    authorDisplayName: authorUsername,
    authorPersonName: '',
    templateId: '',
    sections: [
      { title: 'Findings', text: 'f' },
      { title: 'Impression', text: 'i' },
    ],
    comparison: null,
    references: [],
    amendsReportId: null,
    addendumText: null,
  };
}

describe.each(DATABASES)('signing reports on the %s database', (_kind, openDb) => {
  let app: FastifyInstance;
  let db: Database;

  beforeAll(async () => {
    db = await openDb();
    const config = parseConfig(
      // No SR into the shared archive: other suites count its series (delivery has its own test).
      {
        logLevel: 'warn',
        sources: [{ id: 'dev', label: 'Development archive', upstream: { root: archiveRoot, authorization } }],
        delivery: { reportSr: false },
      },
      { origin: 'integration test' },
    );
    app = await buildGateway(config, { db });
  });

  afterAll(async () => {
    await app?.close();
    if (db?.kind === 'postgres') await db.close();
  });

  it(`gives exactly one final report when ${RACERS} radiologists take the study over and sign final at once`, async () => {
    const study = manifest.studies.find((s) => s.key === 'ct-chest-current')!;
    const readers = await Promise.all(
      Array.from({ length: RACERS }, async (_, i) => {
        const cookie = await signInCookie(app, (await addTestAccount(db, ['radiologist'])).username);
        const saved = await saveDraft(app, cookie, study.studyInstanceUID, draftContent(`Findings of reader ${i}`, `Impression of reader ${i}`), 0);
        expect(saved.statusCode, saved.body).toBe(200);
        return { cookie, revision: saved.json().draft.revision as number };
      }),
    );
    // Each takes the claim from whoever has it and signs: claims pass from hand to hand while the signatures
    // race, and whichever signatures hold the claim when checked race in the database.
    const answers = await Promise.all(
      readers.map(async (r) => {
        const taken = await app.inject({
          method: 'POST',
          url: `/api/reading/studies/${study.studyInstanceUID}/take-over`,
          headers: { cookie: r.cookie },
          payload: {},
        });
        expect(taken.statusCode, taken.body).toBe(200);
        return signDraft(app, r.cookie, study.studyInstanceUID, 'final', r.revision);
      }),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([201, ...Array<number>(RACERS - 1).fill(409)]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) {
      expect(['final_exists', 'not_claimed']).toContain(refused.json().error);
    }
    const state = reportStateSchema.parse(
      (await app.inject({ method: 'GET', url: `/api/reports/${study.studyInstanceUID}`, headers: { cookie: readers[0]!.cookie } })).json(),
    );
    expect(state.reports.filter((r) => r.status === 'final')).toHaveLength(1);
    const winner = answers.find((a) => a.statusCode === 201)!.json().report;
    expect(state.reports).toEqual([winner]);
  });

  it('refuses a second final row in the database itself, whatever its version', async () => {
    const study = manifest.studies.find((s) => s.key === 'ct-head-prior')!;
    const outcomes = await Promise.all(Array.from({ length: RACERS }, (_, i) => insertReport(db, finalRow(study.studyInstanceUID, 100 + i, `racer${i}`))));
    expect(outcomes.filter((o) => 'inserted' in o)).toHaveLength(1);
    expect(outcomes.filter((o) => 'conflict' in o && o.conflict === 'final-exists')).toHaveLength(RACERS - 1);
    // And a signed row is never changed.
    await expect(db.query("UPDATE reports SET sections = '[]'::jsonb WHERE study_uid = $1", [study.studyInstanceUID])).rejects.toThrow(/never changed/);
  });
});
