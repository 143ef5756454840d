import { describe, expect, inject, it, afterAll, beforeAll } from 'vitest';
import { createTestDatabase } from '../../scripts/testing/postgres-server.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { testDatabase } from '../test-gateway.ts';
import { startDeliveryWorker, type DeliveryWorker } from './delivery-worker.ts';
import { enqueueDeliveries, type OutboxRow } from './outbox-store.ts';
import { describeOutbox } from './outbox-suite.ts';
import { sampleReport } from './sample-report.ts';
import type { Sender } from './senders.ts';

/** The outbox on both databases; on PostgreSQL also two gateway replicas working one outbox. */

async function postgres(name: string): Promise<Database> {
  const db = await openDatabase({ kind: 'postgres', url: await createTestDatabase(inject('postgresUrl'), `${name}_${process.pid}`) });
  await migrate(db);
  return db;
}

describeOutbox('embedded', testDatabase);
describeOutbox(
  'PostgreSQL',
  () => postgres('outbox'),
  (db) => db.close(),
);

describe('two gateway replicas on one PostgreSQL outbox', () => {
  let first: Database;
  let second: Database;
  beforeAll(async () => {
    const url = await createTestDatabase(inject('postgresUrl'), `outbox_replicas_${process.pid}`);
    first = await openDatabase({ kind: 'postgres', url });
    await migrate(first);
    second = await openDatabase({ kind: 'postgres', url });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('send every message exactly once between them', async () => {
    // One report per study: the versions of one study's report go one after another, whoever sends them.
    const base = `1.2.826.0.1.3680043.8.498.${process.pid}.${Date.now()}`;
    for (let i = 0; i < 30; i++) await enqueueDeliveries(first, sampleReport({ reportId: `replica-${i}`, studyInstanceUid: `${base}.${i}` }), ['hl7']);
    const sent: Array<[string, string]> = [];
    const sender =
      (replica: string): Sender =>
      async (row: OutboxRow) => {
        sent.push([replica, row.messageId]);
        // A slow receiver: the other replica polls meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { kind: 'delivered', detail: 'ACK AA' };
      };
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const workers: DeliveryWorker[] = [first, second].map((db, index) =>
      startDeliveryWorker({
        db,
        targets: { hl7: { send: sender(`replica-${index}`), receiver: 'hl7:test' } },
        retry: { baseMs: 1000, capMs: 1000, maxAttempts: 3 },
        auditSourceId: `replica-${index}`,
        log,
        leaseMs: 60_000,
        pollMs: 10,
        batchSize: 3,
      }),
    );
    await expect
      .poll(async () => (await first.query(`SELECT 1 FROM report_outbox WHERE study_uid LIKE $1 AND state = 'delivered'`, [`${base}.%`])).length, {
        timeout: 60_000,
        interval: 100,
      })
      .toBe(30);
    await Promise.all(workers.map((w) => w.close()));
    const ids = sent.map(([, id]) => id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    // Both replicas did part of the work.
    expect(new Set(sent.map(([replica]) => replica)).size).toBe(2);
  });
});
