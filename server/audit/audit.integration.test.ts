import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { archiveClient } from '../../scripts/archive/archive-client.ts';
import { createTestDatabase } from '../../scripts/testing/postgres-server.ts';
import { REPO_ROOT, parseConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { stowBody } from '../dicomweb/multipart-test-helpers.ts';
import { testGateway } from '../test-gateway.ts';
import { readChainAfter, readChainHead, searchChain, type ChainRow } from './queries.ts';
import { createAuditRecorder, type AuditRecorder } from './recorder.ts';
import { instancesAccessed, userAuthentication, type AuditEvent } from './record.ts';
import { verifyChain } from './verify.ts';

/**
 * The audit chain on both databases the gateway runs on (embedded PGlite and PostgreSQL): appending,
 * verifying, finding tampering, concurrent writers (two connection pools on PostgreSQL, as two gateway
 * replicas would be) not forking the chain; the verify command; and patient facts from the real archive.
 */

const postgresUrl = inject('postgresUrl');
const archive = () => archiveClient(inject('orthancUrl'), inject('archiveDataDir'));

let counter = 0;
function login(userId = `user-${++counter}`): AuditEvent {
  return userAuthentication({ kind: 'login', time: new Date(), sourceId: 'it', requestor: { userId, address: '127.0.0.1' } });
}

async function rowAt(db: Database, seq: number): Promise<ChainRow> {
  const [row] = await readChainAfter(db, seq - 1, 1);
  return row!;
}

/** Runs SQL that the append-only triggers would refuse, as someone tampering with the table would. */
async function tamper(db: Database, sql: string, params: unknown[] = []): Promise<void> {
  await db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
  try {
    await db.query(sql, params);
  } finally {
    await db.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
  }
}

async function reinsert(db: Database, row: ChainRow): Promise<void> {
  const f = row.fields;
  await db.query(
    `INSERT INTO audit_events (seq, at, event_code, outcome, user_id, client_address, source_id, patient_ids, study_uids, record, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [row.seq, f.at, f.eventCode, f.outcome, f.userId, f.clientAddress, f.sourceId, f.patientIds, f.studyUids, row.record, row.prevHash, row.hash],
  );
}

describe.each(['embedded', 'postgres'] as const)('audit chain on the %s database', (kind) => {
  let db: Database;
  /** A second connection pool to the same database: another gateway replica (PostgreSQL only). */
  let replica: Database;
  let url = '';
  let recorder: AuditRecorder;
  let replicaRecorder: AuditRecorder;

  beforeAll(async () => {
    if (kind === 'embedded') {
      db = await openDatabase({ kind: 'embedded', dir: 'memory' });
      replica = db;
    } else {
      url = await createTestDatabase(postgresUrl, `audit_${process.pid}`);
      db = await openDatabase({ kind: 'postgres', url });
      replica = await openDatabase({ kind: 'postgres', url });
    }
    await migrate(db);
    recorder = createAuditRecorder(db, { onceKeyLifetimeS: 3600 });
    replicaRecorder = createAuditRecorder(replica, { onceKeyLifetimeS: 3600 });
  });

  afterAll(async () => {
    if (replica !== db) await replica?.close();
    await db?.close();
  });

  it('appends linked records and verifies them', async () => {
    for (let i = 0; i < 3; i++) await recorder.record(login());
    const rows = await readChainAfter(db, 0, 10);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prevHash).toBe('0'.repeat(64));
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    const result = await verifyChain(db);
    expect(result).toEqual({ ok: true, count: 3, head: { seq: 3, hash: rows[2]!.hash } });
  });

  it('does not fork when two writers append at the same time', async () => {
    const before = (await readChainHead(db)).seq;
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? recorder : replicaRecorder).record(login())));
    const result = await verifyChain(db, 7);
    expect(result).toMatchObject({ ok: true, count: before + 40 });
    const rows = await readChainAfter(db, 0, 1000);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: before + 40 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length);
  });

  it('records a once-per-session access once, whichever replica sees it first', async () => {
    const key = { sessionId: `session-${kind}`, eventCode: '110103', sourceId: 'main', studyUid: '1.2.3.4' };
    const build = async () =>
      instancesAccessed({
        time: new Date(),
        sourceId: 'it',
        requestor: { userId: 'ada', address: '10.0.0.1' },
        archive: { sourceId: 'main' },
        studyUid: '1.2.3.4',
      });
    const outcomes = await Promise.all([recorder, replicaRecorder, recorder, replicaRecorder].map((r) => r.recordOnce(key, build)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await searchChain(db, { study: '1.2.3.4', limit: 10 })).toHaveLength(1);
    expect(await createAuditRecorder(db, { onceKeyLifetimeS: 3600 }).recordOnce(key, build)).toBeUndefined();
    expect(await searchChain(db, { study: '1.2.3.4', limit: 10 })).toHaveLength(1);
  });

  it('refuses to change, remove or truncate records', async () => {
    await expect(db.query("UPDATE audit_events SET user_id = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_events WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
  });

  it('reports a changed record, a changed search column, a removed record and records removed from the end', async () => {
    const second = await rowAt(db, 2);

    await tamper(db, 'UPDATE audit_events SET record = replace(record, $1, $2) WHERE seq = 2', [second.fields.userId, 'someone-else']);
    expect(await verifyChain(db)).toEqual({ ok: false, count: 1, brokenAt: 2, reason: 'record 2 was changed: its content does not match its hash' });
    await tamper(db, 'UPDATE audit_events SET record = $1 WHERE seq = 2', [second.record]);

    await tamper(db, "UPDATE audit_events SET user_id = 'someone-else' WHERE seq = 2");
    expect(await verifyChain(db)).toMatchObject({ ok: false, brokenAt: 2, reason: 'record 2 was changed: its userId column does not match the hashed record' });
    await tamper(db, 'UPDATE audit_events SET user_id = $1 WHERE seq = 2', [second.fields.userId]);

    await tamper(db, 'DELETE FROM audit_events WHERE seq = 2');
    expect(await verifyChain(db)).toMatchObject({ ok: false, brokenAt: 2, reason: 'record 2 is missing (the next record is 3)' });
    await reinsert(db, second);

    const head = await readChainHead(db);
    const last = await rowAt(db, head.seq);
    await tamper(db, 'DELETE FROM audit_events WHERE seq = $1', [head.seq]);
    expect(await verifyChain(db)).toMatchObject({
      ok: false,
      brokenAt: head.seq,
      reason: `records ${head.seq}–${head.seq} are missing from the end (the chain head names record ${head.seq})`,
    });
    await reinsert(db, last);

    expect(await verifyChain(db)).toMatchObject({ ok: true });
  });

  it.runIf(kind === 'postgres')('npm run audit:verify prints OK with the count, or the first broken record and exits non-zero', async () => {
    const verify = () =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts', 'audit-verify.ts')], {
        cwd: REPO_ROOT,
        env: { ...process.env, READROOM_CONFIG: '', DATABASE_URL: url },
        encoding: 'utf8',
      });
    const count = (await readChainHead(db)).seq;
    const ok = verify();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^OK: ${count} audit records, chain head ${(await readChainHead(db)).hash}`, 'm'));

    const third = await rowAt(db, 3);
    await tamper(db, "UPDATE audit_events SET record = replace(record, '127.0.0.1', '10.9.9.9') WHERE seq = 3");
    try {
      const broken = verify();
      expect(broken.status).toBe(1);
      expect(broken.stdout + broken.stderr).toContain('BROKEN at record 3: record 3 was changed: its content does not match its hash');
    } finally {
      await tamper(db, 'UPDATE audit_events SET record = $1 WHERE seq = 3', [third.record]);
    }
  });
});

describe('records against the real archive', () => {
  const archiveRoot = inject('dicomWebRoot');
  const config = parseConfig(
    {
      logLevel: 'warn',
      sources: [
        {
          id: 'dev',
          label: 'Development archive',
          upstream: { root: archiveRoot, authorization: inject('archiveGatewayAuthorization') },
          quirks: { queryValueEncoding: 'literal' },
        },
      ],
    },
    { origin: 'integration test' },
  );

  it('names the patient and issuer the archive holds for a study opened through the gateway', async () => {
    const direct = (await (
      await archive().gatewayFetch(`${archiveRoot}/studies?PatientID=RR100001&includefield=00100021&includefield=00080080`, {
        headers: { accept: 'application/dicom+json' },
      })
    ).json()) as Array<Record<string, { Value?: string[] }>>;
    const withIssuer = direct.find((study) => study['00100021']?.Value?.[0]);
    expect(withIssuer, 'the seeded archive has a study of RR100001 with an issuer').toBeDefined();
    const studyUid = withIssuer!['0020000D']!.Value![0]!;
    const issuer = withIssuer!['00100021']!.Value![0]!;

    const { app, db } = await testGateway(config);
    try {
      expect((await app.inject({ url: `/dicom-web/studies/${studyUid}/metadata` })).statusCode).toBe(200);
      const [row] = await searchChain(db, { study: studyUid, limit: 5 });
      const event = JSON.parse(row!.record) as AuditEvent;
      expect(event.objects).toContainEqual(expect.objectContaining({ id: 'RR100001', issuer, typeCode: 1, role: 1 }));
      const [facts] = await db.query<{ institution_name: string }>('SELECT institution_name FROM study_facts WHERE source_id = $1 AND study_uid = $2', [
        'dev',
        studyUid,
      ]);
      expect(facts?.institution_name).toBe(withIssuer!['00080080']?.Value?.[0] ?? '');
    } finally {
      await app.close();
    }
  });

  it("records the study and patient a STOW stored into, from the archive's answer (gzip accepted)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'readroom-audit-stow-'));
    const file = path.join(dir, 'ct.dcm');
    copyFileSync('/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm', file);
    execFileSync('dcmodify', ['-nb', '-gst', '-gse', '-gin', '-m', 'PatientID=AUDIT-STOW', '-i', '(0010,0021)=AUDIT-ISSUER', file]);
    const studyUid = /\[([0-9.]+)\]/.exec(execFileSync('dcmdump', ['+P', '0020,000d', file], { encoding: 'utf8' }))![1]!;
    const { body, contentType } = stowBody([readFileSync(file)]);
    const { app, db, account } = await testGateway(config);
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/dicom-web/studies',
        headers: { 'content-type': contentType, accept: 'application/dicom+json', 'accept-encoding': 'gzip' },
        payload: body,
      });
      expect(res.statusCode).toBe(200);
      const stored = (await searchChain(db, { user: account.username, limit: 5 })).map((row) => JSON.parse(row.record) as AuditEvent);
      expect(stored[0]).toMatchObject({ eventId: { code: '110104' }, action: 'C', outcome: 0 });
      expect(stored[0]!.objects).toEqual([expect.objectContaining({ id: studyUid }), expect.objectContaining({ id: 'AUDIT-STOW', issuer: 'AUDIT-ISSUER' })]);
      expect(stored[1]).toMatchObject({ eventId: { code: '110102' } });
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      // Other integration files count the archive's studies: take this one out again.
      const [match] = (await (await archive().adminFetch('/tools/lookup', { method: 'POST', body: studyUid })).json()) as Array<{ ID: string }>;
      if (match) await archive().adminFetch(`/studies/${match.ID}`, { method: 'DELETE' });
    }
  });
});
