import { randomBytes, randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { KosRequest } from '../peer-review/kos-request.ts';
import { kosUids } from '../peer-review/build-kos.ts';
import { DESTINATIONS, KOS_DESTINATION, type DeliveryState, type Destination, type OutboxDestination } from './destinations.ts';
import type { SignedReport } from './signed-report.ts';
import { srUids } from './sr-uids.ts';

/**
 * The outbox table (migration 0007): rows written when a report is signed, claimed by a delivery worker,
 * and their outcomes. A claim is a lease (`claimed_until`) taken with `FOR UPDATE SKIP LOCKED`, so two
 * gateways on one PostgreSQL never take the same row, and a gateway that dies mid-send lets its rows go
 * when the lease passes. The send itself happens outside any transaction.
 */

export interface OutboxRow {
  id: string;
  reportId: string;
  reportVersion: number;
  sourceId: string;
  studyUid: string;
  destination: Destination;
  report: SignedReport;
  messageId: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/**
 * A peer review's key images on their way to the study's archive (report_id: the review id; the payload in
 * the `report` column is the KosRequest). Never listed with a study's report deliveries: peer review is confidential.
 */
export interface KosOutboxRow extends Omit<OutboxRow, 'destination' | 'report'> {
  destination: typeof KOS_DESTINATION;
  kos: KosRequest;
}

export type AnyOutboxRow = OutboxRow | KosOutboxRow;

export function isKosRow(row: AnyOutboxRow): row is KosOutboxRow {
  return row.destination === KOS_DESTINATION;
}

interface DbRow {
  id: string | number;
  report_id: string;
  report_version: number;
  source_id: string;
  study_uid: string;
  destination: OutboxDestination;
  report: SignedReport | KosRequest | string;
  message_id: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  last_attempt_at: Date | string | null;
  delivered_at: Date | string | null;
  created_at: Date | string;
  claim_token?: string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

function fromDb(row: DbRow): AnyOutboxRow {
  const payload: unknown = typeof row.report === 'string' ? JSON.parse(row.report) : row.report;
  const common = {
    id: String(row.id),
    reportId: row.report_id,
    reportVersion: row.report_version,
    sourceId: row.source_id,
    studyUid: row.study_uid,
    messageId: row.message_id,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: iso(row.next_attempt_at),
    lastError: row.last_error,
    lastAttemptAt: isoOrNull(row.last_attempt_at),
    deliveredAt: isoOrNull(row.delivered_at),
    createdAt: iso(row.created_at),
  };
  if (row.destination === KOS_DESTINATION) return { ...common, destination: KOS_DESTINATION, kos: payload as KosRequest };
  return { ...common, destination: row.destination, report: payload as SignedReport };
}

/** Report rows only (the queries that list them leave the KOS rows out). */
function reportRow(row: DbRow): OutboxRow {
  const parsed = fromDb(row);
  if (isKosRow(parsed)) throw new Error('a KOS row where only report rows were asked for');
  return parsed;
}

/** An HL7 message control id (MSH-10, ST of at most 20 characters): unique, chosen once per row. */
export function newControlId(): string {
  return `RR${randomBytes(9).toString('hex').toUpperCase()}`;
}

/** The id each destination knows the message by; fixed at enqueue so every retry sends the same message. */
export function messageIdFor(destination: Destination, report: SignedReport): string {
  if (destination === 'archive-sr') return srUids(report.reportId).sopInstanceUid;
  if (destination === 'fhir') return report.reportId;
  return newControlId();
}

/**
 * Puts a signed report in the outbox: one row per destination (default: every kind; the gateway passes
 * the configured ones). Idempotent on report id + destination: signing the same version twice changes
 * nothing. `db` may be a transaction of the caller, so the rows commit with the report itself.
 */
export async function enqueueDeliveries(db: Queryable, report: SignedReport, destinations: readonly Destination[] = DESTINATIONS): Promise<void> {
  for (const destination of destinations) {
    await db.query(
      `INSERT INTO report_outbox (report_id, report_version, source_id, study_uid, destination, report, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (report_id, destination) DO NOTHING`,
      [report.reportId, report.version, report.sourceId, report.studyInstanceUid, destination, JSON.stringify(report), messageIdFor(destination, report)],
    );
  }
}

/**
 * Puts a review's KOS in the outbox (one row; the same request again changes nothing). `db` may be the
 * caller's transaction, so the row commits with the review.
 */
export async function enqueueKos(db: Queryable, request: KosRequest): Promise<void> {
  await db.query(
    `INSERT INTO report_outbox (report_id, report_version, source_id, study_uid, destination, report, message_id)
     VALUES ($1, 1, $2, $3, $4, $5, $6)
     ON CONFLICT (report_id, destination) DO NOTHING`,
    [request.reviewId, request.sourceId, request.studyInstanceUid, KOS_DESTINATION, JSON.stringify(request), kosUids(request.reviewId).sopInstanceUid],
  );
}

/** The delivery state of each review's KOS (reviews without a KOS row are absent). */
export async function kosDeliveryStates(db: Queryable, reviewIds: readonly string[]): Promise<Map<string, DeliveryState>> {
  if (reviewIds.length === 0) return new Map();
  const rows = await db.query<{ report_id: string; state: DeliveryState }>(
    `SELECT report_id, state FROM report_outbox WHERE destination = $1 AND report_id = ANY($2::text[])`,
    [KOS_DESTINATION, [...reviewIds]],
  );
  return new Map(rows.map((row) => [row.report_id, row.state]));
}

export interface Claim {
  row: AnyOutboxRow;
  token: string;
}

/**
 * Claims up to `limit` due rows of the given destinations for `leaseMs`, counting the attempt. Rows that
 * another worker holds (locked right now, or claimed with a lease not yet passed) are skipped.
 */
export async function claimDue(db: Database, destinations: readonly OutboxDestination[], limit: number, leaseMs: number): Promise<Claim[]> {
  if (destinations.length === 0) return [];
  const token = randomUUID();
  const rows = await db.transaction((tx) =>
    tx.query<DbRow>(
      `UPDATE report_outbox SET claimed_until = now() + $3::integer * interval '1 millisecond', claim_token = $4,
         attempts = attempts + 1, last_attempt_at = now()
       WHERE id IN (
         SELECT id FROM report_outbox o
         WHERE state IN ('pending', 'retrying') AND next_attempt_at <= now()
           AND (claimed_until IS NULL OR claimed_until < now()) AND destination = ANY($1::text[])
           -- In signing order per study and destination: a final report never overtakes its preliminary.
           AND NOT EXISTS (
             SELECT 1 FROM report_outbox older
             WHERE older.source_id = o.source_id AND older.study_uid = o.study_uid AND older.destination = o.destination
               AND older.state IN ('pending', 'retrying') AND older.id < o.id)
         ORDER BY next_attempt_at, id
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [destinations, limit, Math.round(leaseMs), token],
    ),
  );
  return rows.map((row) => ({ row: fromDb(row), token }));
}

export type Outcome = { state: 'delivered' } | { state: 'retrying'; error: string; nextAttemptAt: Date } | { state: 'failed'; error: string };

/**
 * Records the outcome of a claimed attempt, unless the claim was lost meanwhile (its lease passed and
 * another worker took the row): then nothing is written and false is returned.
 */
export async function recordOutcome(tx: Queryable, claim: Claim, outcome: Outcome): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE report_outbox SET state = $3, claimed_until = NULL, claim_token = NULL,
       last_error = $4, next_attempt_at = COALESCE($5::timestamptz, next_attempt_at),
       delivered_at = CASE WHEN $3 = 'delivered' THEN now() ELSE delivered_at END
     WHERE id = $1 AND claim_token = $2
     RETURNING id`,
    [
      claim.row.id,
      claim.token,
      outcome.state,
      outcome.state === 'delivered' ? null : outcome.error,
      outcome.state === 'retrying' ? outcome.nextAttemptAt.toISOString() : null,
    ],
  );
  return rows.length === 1;
}

/** Lets a claimed row go without counting the attempt (the gateway stopped before it was sent). */
export async function releaseClaim(db: Queryable, claim: Claim): Promise<void> {
  await db.query(`UPDATE report_outbox SET claimed_until = NULL, claim_token = NULL, attempts = GREATEST(attempts - 1, 0) WHERE id = $1 AND claim_token = $2`, [
    claim.row.id,
    claim.token,
  ]);
}

/** Every outbox row of a study, newest report first. */
export async function deliveriesOfStudy(db: Queryable, sourceId: string, studyUid: string): Promise<OutboxRow[]> {
  const rows = await db.query<DbRow>(
    `SELECT * FROM report_outbox WHERE source_id = $1 AND study_uid = $2 AND destination <> '${KOS_DESTINATION}'
     ORDER BY report_version DESC, created_at DESC, destination`,
    [sourceId, studyUid],
  );
  return rows.map(reportRow);
}

/** Rows not delivered yet and no longer plainly pending: retrying or failed, across studies, failed first. */
export async function troubledDeliveries(db: Queryable, limit: number): Promise<OutboxRow[]> {
  const rows = await db.query<DbRow>(
    `SELECT * FROM report_outbox WHERE state IN ('retrying', 'failed') AND destination <> '${KOS_DESTINATION}'
     ORDER BY CASE state WHEN 'failed' THEN 0 ELSE 1 END, created_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map(reportRow);
}

export async function deliveryById(db: Queryable, id: string): Promise<OutboxRow | undefined> {
  if (!/^[0-9]{1,18}$/.test(id)) return undefined;
  const [row] = await db.query<DbRow>(`SELECT * FROM report_outbox WHERE id = $1 AND destination <> '${KOS_DESTINATION}'`, [id]);
  return row ? reportRow(row) : undefined;
}

/**
 * "Retry now": a failed or retrying row becomes due at once with a fresh count of attempts. A row being
 * sent right now (claimed) or already delivered is left alone (false), and so is one whose report has a
 * newer signed version delivered to the same destination (sending it now would overwrite the newer one).
 */
export async function retryNow(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE report_outbox o SET state = 'retrying', attempts = 0, next_attempt_at = now()
     WHERE id = $1 AND state IN ('retrying', 'failed') AND (claimed_until IS NULL OR claimed_until < now())
       AND NOT EXISTS (
         SELECT 1 FROM report_outbox newer
         WHERE newer.source_id = o.source_id AND newer.study_uid = o.study_uid AND newer.destination = o.destination
           AND newer.state = 'delivered' AND newer.id > o.id)
     RETURNING id`,
    [id],
  );
  return rows.length === 1;
}
