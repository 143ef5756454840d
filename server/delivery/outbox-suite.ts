import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../db/database.ts';
import { startDeliveryWorker, type WorkerOptions } from './delivery-worker.ts';
import type { Destination, SendOutcome } from './destinations.ts';
import { claimDue, deliveriesOfStudy, enqueueDeliveries, retryNow, troubledDeliveries, type OutboxRow } from './outbox-store.ts';
import { sampleReport } from './sample-report.ts';
import type { Sender } from './senders.ts';

/**
 * The outbox and its worker against a real database; run on the embedded one by the unit tests and on
 * PostgreSQL by the integration tests (outbox.integration.test.ts), so both behave the same.
 */

const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const RETRY = { baseMs: 60_000, capMs: 600_000, maxAttempts: 3 };

interface Recorded {
  row: OutboxRow;
}

/** A sender that answers from a script and remembers what it was given. */
function scripted(answers: SendOutcome[]): Sender & { calls: Recorded[] } {
  const calls: Recorded[] = [];
  const send: Sender = async (row) => {
    calls.push({ row });
    return answers.shift() ?? { kind: 'delivered', detail: 'ok' };
  };
  return Object.assign(send, { calls });
}

async function auditDescriptions(db: Queryable, reportId: string): Promise<string[]> {
  const rows = await db.query<{ record: string | Record<string, unknown> }>('SELECT record FROM audit_events ORDER BY seq');
  return rows
    .map((r) => (typeof r.record === 'string' ? JSON.parse(r.record) : r.record) as { outcomeDescription?: string; objects: Array<{ id: string }> })
    .filter((e) => e.objects.some((o) => o.id === reportId))
    .map((e) => e.outcomeDescription ?? '');
}

/** Makes the study's rows due now (the tests do not wait for backoff). */
async function makeDue(db: Queryable, studyUid: string): Promise<void> {
  await db.query(`UPDATE report_outbox SET next_attempt_at = now() - interval '1 second' WHERE study_uid = $1`, [studyUid]);
}

let counter = 0;
function uniqueReport(status: 'preliminary' | 'final' | 'amended' = 'final') {
  counter += 1;
  const tag = `${process.pid}.${Date.now()}.${counter}`;
  return sampleReport({ reportId: `rpt-${tag}`, studyInstanceUid: `1.2.826.0.1.3680043.8.498.${tag}`, status });
}

export function describeOutbox(kind: string, openDb: () => Promise<Database>, closeDb: (db: Database) => Promise<void> = async () => undefined): void {
  describe(`the report outbox on the ${kind} database`, () => {
    let db: Database;
    beforeAll(async () => {
      db = await openDb();
    });
    afterAll(async () => {
      if (db) await closeDb(db);
    });
    // Rows of earlier tests must not be claimed by later ones.
    beforeEach(async () => {
      await db.query(`UPDATE report_outbox SET state = 'delivered' WHERE state IN ('pending', 'retrying')`);
    });

    const worker = (targets: Partial<Record<Destination, Sender>>, extra: Partial<WorkerOptions> = {}) =>
      startDeliveryWorker({
        db,
        targets: Object.fromEntries(Object.entries(targets).map(([d, send]) => [d, { send, receiver: `${d}:test` }])),
        retry: RETRY,
        auditSourceId: 'test-gateway',
        log: quietLog,
        leaseMs: 60_000,
        manual: true,
        ...extra,
      });

    it('enqueues one row per destination, once, with a message id fixed at enqueue', async () => {
      const report = uniqueReport();
      await enqueueDeliveries(db, report, ['archive-sr', 'fhir', 'hl7']);
      await enqueueDeliveries(db, report, ['archive-sr', 'fhir', 'hl7']);
      const rows = await deliveriesOfStudy(db, report.sourceId, report.studyInstanceUid);
      expect(rows.map((r) => [r.destination, r.state, r.attempts]).sort()).toEqual([
        ['archive-sr', 'pending', 0],
        ['fhir', 'pending', 0],
        ['hl7', 'pending', 0],
      ]);
      expect(rows.find((r) => r.destination === 'hl7')!.messageId).toMatch(/^RR[0-9A-F]{18}$/);
      expect(rows.find((r) => r.destination === 'fhir')!.messageId).toBe(report.reportId);
      expect(rows[0]!.report).toEqual(report);
    });

    it('delivers, records the outcome with its audit record, and sends nothing twice', async () => {
      const report = uniqueReport();
      await enqueueDeliveries(db, report, ['hl7']);
      const send = scripted([{ kind: 'delivered', detail: 'ACK AA' }]);
      const w = worker({ hl7: send });
      expect(await w.runOnce()).toBe(1);
      expect(await w.runOnce()).toBe(0);
      await w.close();
      const [row] = await deliveriesOfStudy(db, report.sourceId, report.studyInstanceUid);
      expect(row).toMatchObject({ state: 'delivered', attempts: 1, lastError: null });
      expect(row!.deliveredAt).not.toBeNull();
      expect(send.calls).toHaveLength(1);
      expect(await auditDescriptions(db, report.reportId)).toEqual(['Report delivered to HL7 ORU^R01 (attempt 1; ACK AA)']);
    });

    it('retries with backoff after a temporary error, with the same message, then fails after the last attempt', async () => {
      const report = uniqueReport();
      await enqueueDeliveries(db, report, ['fhir']);
      const send = scripted([
        { kind: 'retry', error: 'HTTP 500: database down' },
        { kind: 'retry', error: 'HTTP 503' },
        { kind: 'retry', error: 'HTTP 503' },
      ]);
      const w = worker({ fhir: send });
      const before = Date.now();
      await w.runOnce();
      let [row] = await deliveriesOfStudy(db, report.sourceId, report.studyInstanceUid);
      expect(row).toMatchObject({ state: 'retrying', attempts: 1, lastError: 'HTTP 500: database down' });
      // Equal jitter: between half and all of the base delay.
      const wait = new Date(row!.nextAttemptAt).getTime() - before;
      expect(wait).toBeGreaterThanOrEqual(RETRY.baseMs / 2 - 1000);
      expect(wait).toBeLessThanOrEqual(RETRY.baseMs + 1000);
      // Not due yet: nothing is sent.
      expect(await w.runOnce()).toBe(0);
      await makeDue(db, report.studyInstanceUid);
      await w.runOnce();
      await makeDue(db, report.studyInstanceUid);
      await w.runOnce();
      await w.close();
      [row] = await deliveriesOfStudy(db, report.sourceId, report.studyInstanceUid);
      expect(row).toMatchObject({ state: 'failed', attempts: 3, lastError: 'HTTP 503 (gave up after 3 attempts)' });
      expect(new Set(send.calls.map((c) => c.row.messageId))).toEqual(new Set([report.reportId]));
      expect(await auditDescriptions(db, report.reportId)).toEqual([
        'Report delivery to FHIR DiagnosticReport will be retried (attempt 1): HTTP 500: database down',
        'Report delivery to FHIR DiagnosticReport will be retried (attempt 2): HTTP 503',
        'Report delivery to FHIR DiagnosticReport failed (attempt 3): HTTP 503 (gave up after 3 attempts)',
      ]);
      expect((await troubledDeliveries(db, 100)).map((r) => r.reportId)).toContain(report.reportId);
    });

    it('fails at once on a permanent error; "retry now" makes it due again with fresh attempts', async () => {
      const report = uniqueReport();
      await enqueueDeliveries(db, report, ['hl7']);
      const send = scripted([
        { kind: 'failed', error: 'HL7 receiver rejected the message (AR): unknown patient' },
        { kind: 'delivered', detail: 'ACK AA' },
      ]);
      const w = worker({ hl7: send });
      await w.runOnce();
      let [row] = await deliveriesOfStudy(db, report.sourceId, report.studyInstanceUid);
      expect(row).toMatchObject({ state: 'failed', attempts: 1, lastError: 'HL7 receiver rejected the message (AR): unknown patient' });
      expect(await retryNow(db, row!.id)).toBe(true);
      await w.runOnce();
      [row] = await deliveriesOfStudy(db, report.sourceId, report.studyInstanceUid);
      expect(row).toMatchObject({ state: 'delivered', attempts: 1 });
      expect(await retryNow(db, row!.id)).toBe(false);
      expect(send.calls.map((c) => c.row.messageId)).toEqual([row!.messageId, row!.messageId]);
      await w.close();
    });

    it('does not mark a row delivered when its audit record cannot be written; it is sent again, with the same message id', async () => {
      const report = uniqueReport();
      await enqueueDeliveries(db, report, ['hl7']);
      const broken: Database = {
        ...db,
        transaction: (work) =>
          db.transaction((tx) =>
            work({
              query: async (sql, params) => {
                if (/audit_/.test(sql)) throw new Error('audit table unavailable');
                return tx.query(sql, params);
              },
            } as Queryable),
          ),
      };
      const send = scripted([
        { kind: 'delivered', detail: 'ACK AA' },
        { kind: 'delivered', detail: 'ACK AA' },
      ]);
      const first = startDeliveryWorker({
        db: broken,
        targets: { hl7: { send, receiver: 'hl7:test' } },
        retry: RETRY,
        auditSourceId: 'test-gateway',
        log: quietLog,
        leaseMs: 1,
        manual: true,
      });
      await first.runOnce();
      await first.close();
      let [row] = await deliveriesOfStudy(db, report.sourceId, report.studyInstanceUid);
      expect(row!.state).toBe('pending');
      expect(row!.deliveredAt).toBeNull();
      expect(await auditDescriptions(db, report.reportId)).toEqual([]);
      // The claim (1 ms) has run out: a healthy worker takes the row and delivers it with its record.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = worker({ hl7: send });
      await second.runOnce();
      await second.close();
      [row] = await deliveriesOfStudy(db, report.sourceId, report.studyInstanceUid);
      expect(row!.state).toBe('delivered');
      expect(send.calls.map((c) => c.row.messageId)).toEqual([row!.messageId, row!.messageId]);
      expect(await auditDescriptions(db, report.reportId)).toEqual(['Report delivered to HL7 ORU^R01 (attempt 2; ACK AA)']);
    });

    it('never hands one row to two claimers at once', async () => {
      const reports = Array.from({ length: 12 }, () => uniqueReport());
      for (const report of reports) await enqueueDeliveries(db, report, ['fhir']);
      const claims = await Promise.all(Array.from({ length: 4 }, () => claimDue(db, ['fhir'], 5, 60_000)));
      const ids = claims.flat().map((c) => c.row.id);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
      // Claimed rows are not claimed again while the claim holds.
      expect(await claimDue(db, ['fhir'], 50, 60_000)).toEqual([]);
    });

    it('stops cleanly on close: a send in progress is aborted and its row left for the next start, the attempt not counted', async () => {
      const report = uniqueReport();
      await enqueueDeliveries(db, report, ['hl7']);
      let started!: () => void;
      const sending = new Promise<void>((resolve) => (started = resolve));
      const hangs: Sender = (_row, signal) =>
        new Promise((resolve) => {
          started();
          signal.addEventListener('abort', () => resolve({ kind: 'retry', error: 'HL7 receiver: the gateway stopped before the receiver answered' }));
        });
      const w = worker({ hl7: hangs });
      const round = w.runOnce();
      await sending;
      await w.close();
      await round;
      const [row] = await deliveriesOfStudy(db, report.sourceId, report.studyInstanceUid);
      expect(row).toMatchObject({ state: 'pending', attempts: 0, lastError: null });
      expect(await auditDescriptions(db, report.reportId)).toEqual([]);
      const next = worker({ hl7: scripted([]) });
      expect(await next.runOnce()).toBe(1);
      await next.close();
    });

    it('sends the versions of a study’s report in signing order per destination, and never an old one over a newer delivered one', async () => {
      const preliminary = uniqueReport('preliminary');
      const final = { ...preliminary, reportId: `${preliminary.reportId}-final`, version: 2, status: 'final' as const };
      await enqueueDeliveries(db, preliminary, ['hl7', 'fhir']);
      await enqueueDeliveries(db, final, ['hl7', 'fhir']);
      const hl7 = scripted([{ kind: 'retry', error: 'HL7 receiver: no acknowledgement within 15000 ms' }]);
      const fhir = scripted([]);
      const w = worker({ hl7, fhir });
      await w.runOnce();
      // FHIR: the preliminary went; HL7: the preliminary waits for a retry, and the final waits behind it.
      expect(fhir.calls.map((c) => c.row.reportId)).toEqual([preliminary.reportId]);
      expect(hl7.calls.map((c) => c.row.reportId)).toEqual([preliminary.reportId]);
      await w.runOnce();
      expect(fhir.calls.map((c) => c.row.reportId)).toEqual([preliminary.reportId, final.reportId]);
      expect(hl7.calls).toHaveLength(1);
      await makeDue(db, preliminary.studyInstanceUid);
      await w.runOnce();
      await w.runOnce();
      await w.close();
      expect(hl7.calls.map((c) => c.row.reportId)).toEqual([preliminary.reportId, preliminary.reportId, final.reportId]);

      // An older version that failed is not sent over a newer one that was delivered.
      const rows = await deliveriesOfStudy(db, preliminary.sourceId, preliminary.studyInstanceUid);
      const old = rows.find((r) => r.reportId === preliminary.reportId && r.destination === 'hl7')!;
      await db.query(`UPDATE report_outbox SET state = 'failed' WHERE id = $1`, [old.id]);
      expect(await retryNow(db, old.id)).toBe(false);
    });

    it('leaves rows of destinations it does not deliver to alone', async () => {
      const report = uniqueReport();
      await enqueueDeliveries(db, report, ['archive-sr', 'hl7']);
      const w = worker({ hl7: scripted([]) });
      await w.runOnce();
      await w.close();
      const rows = await deliveriesOfStudy(db, report.sourceId, report.studyInstanceUid);
      expect(Object.fromEntries(rows.map((r) => [r.destination, r.state]))).toEqual({ 'archive-sr': 'pending', hl7: 'delivered' });
    });
  });
}
