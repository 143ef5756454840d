import type { Queryable } from '../db/database.ts';
import type { SearchFields } from './record.ts';

/** The audit trail's SQL (tables from migration 0002_audit.sql). */

export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainRow {
  seq: number;
  hash: string;
  prevHash: string;
  /** The canonical JSON of the event, exactly as hashed. */
  record: string;
  fields: SearchFields;
}

interface ChainRowSql {
  seq: number | string;
  hash: string;
  prev_hash: string;
  record: string;
  at: Date;
  event_code: string;
  outcome: number;
  user_id: string;
  client_address: string;
  source_id: string;
  patient_ids: string[];
  study_uids: string[];
}

const ROW_COLUMNS = 'seq, hash, prev_hash, record, at, event_code, outcome, user_id, client_address, source_id, patient_ids, study_uids';

function chainRowOf(row: ChainRowSql): ChainRow {
  return {
    seq: Number(row.seq),
    hash: row.hash,
    prevHash: row.prev_hash,
    record: row.record,
    fields: {
      at: row.at,
      eventCode: row.event_code,
      outcome: row.outcome as SearchFields['outcome'],
      userId: row.user_id,
      clientAddress: row.client_address,
      sourceId: row.source_id,
      patientIds: row.patient_ids,
      studyUids: row.study_uids,
    },
  };
}

/** The end of the chain, locked until the transaction ends: appends from every replica take turns here. */
export async function lockChainHead(tx: Queryable): Promise<ChainHead> {
  const [row] = await tx.query<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit_chain_head WHERE id FOR UPDATE');
  if (!row) throw new Error('audit_chain_head has no row (migration 0002_audit not applied?)');
  return { seq: Number(row.seq), hash: row.hash };
}

export async function readChainHead(db: Queryable): Promise<ChainHead> {
  const [row] = await db.query<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit_chain_head WHERE id');
  if (!row) throw new Error('audit_chain_head has no row (migration 0002_audit not applied?)');
  return { seq: Number(row.seq), hash: row.hash };
}

export async function insertChainRow(tx: Queryable, row: ChainRow): Promise<void> {
  const f = row.fields;
  await tx.query(
    `INSERT INTO audit_events (seq, at, event_code, outcome, user_id, client_address, source_id, patient_ids, study_uids, record, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [row.seq, f.at, f.eventCode, f.outcome, f.userId, f.clientAddress, f.sourceId, f.patientIds, f.studyUids, row.record, row.prevHash, row.hash],
  );
  await tx.query('UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id', [row.seq, row.hash]);
}

/** Rows after `afterSeq` in chain order (verification, forwarding). */
export async function readChainAfter(db: Queryable, afterSeq: number, limit: number): Promise<ChainRow[]> {
  const rows = await db.query<ChainRowSql>(`SELECT ${ROW_COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit]);
  return rows.map(chainRowOf);
}

export interface AuditSearch {
  user?: string | undefined;
  patient?: string | undefined;
  study?: string | undefined;
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  /** Only records older than this sequence number (the next page). */
  before?: number | undefined;
  limit: number;
}

/** Newest first. */
export async function searchChain(db: Queryable, search: AuditSearch): Promise<ChainRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (search.user) add((p) => `user_id = ${p}`, search.user);
  if (search.patient) add((p) => `${p} = ANY (patient_ids)`, search.patient);
  if (search.study) add((p) => `${p} = ANY (study_uids)`, search.study);
  if (search.from) add((p) => `at >= ${p}`, search.from);
  if (search.to) add((p) => `at < ${p}`, search.to);
  if (search.before !== undefined) add((p) => `seq < ${p}`, search.before);
  params.push(search.limit);
  const rows = await db.query<ChainRowSql>(
    `SELECT ${ROW_COLUMNS} FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(chainRowOf);
}

export interface OnceKey {
  sessionId: string;
  eventCode: string;
  sourceId: string;
  studyUid: string;
}

export async function onceAlreadyRecorded(db: Queryable, key: OnceKey): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM audit_access_once WHERE session_id = $1 AND event_code = $2 AND source_id = $3 AND study_uid = $4', [
    key.sessionId,
    key.eventCode,
    key.sourceId,
    key.studyUid,
  ]);
  return rows.length > 0;
}

/** Claims the key inside the transaction that appends its event; false when another request has it. */
export async function claimOnce(tx: Queryable, key: OnceKey): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO audit_access_once (session_id, event_code, source_id, study_uid) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [key.sessionId, key.eventCode, key.sourceId, key.studyUid],
  );
  return rows.length > 0;
}

/** Keys older than every session can live are of no use any more. */
export async function pruneOnceKeys(db: Queryable, olderThanS: number): Promise<void> {
  await db.query('DELETE FROM audit_access_once WHERE created_at < now() - make_interval(secs => $1)', [olderThanS]);
}

export interface ForwardingLease {
  forwardedSeq: number;
}

/**
 * Takes (or renews) the right to send to `destination` for `leaseS` seconds, unless another replica
 * holds it; answers how far the trail has been sent.
 */
export async function takeForwardingLease(db: Queryable, destination: string, owner: string, leaseS: number): Promise<ForwardingLease | undefined> {
  await db.query('INSERT INTO audit_forwarding (destination) VALUES ($1) ON CONFLICT DO NOTHING', [destination]);
  const [row] = await db.query<{ forwarded_seq: number | string }>(
    `UPDATE audit_forwarding SET lease_owner = $2, lease_until = now() + make_interval(secs => $3), updated_at = now()
      WHERE destination = $1 AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now())
      RETURNING forwarded_seq`,
    [destination, owner, leaseS],
  );
  return row ? { forwardedSeq: Number(row.forwarded_seq) } : undefined;
}

export async function markForwarded(db: Queryable, destination: string, owner: string, seq: number): Promise<void> {
  await db.query(
    'UPDATE audit_forwarding SET forwarded_seq = GREATEST(forwarded_seq, $3), last_error = NULL, updated_at = now() WHERE destination = $1 AND lease_owner = $2',
    [destination, owner, seq],
  );
}

export async function markForwardingFailed(db: Queryable, destination: string, owner: string, error: string): Promise<void> {
  await db.query(
    'UPDATE audit_forwarding SET last_error = $3, lease_owner = NULL, lease_until = NULL, updated_at = now() WHERE destination = $1 AND lease_owner = $2',
    [destination, owner, error.slice(0, 500)],
  );
}

export async function releaseForwardingLease(db: Queryable, destination: string, owner: string): Promise<void> {
  await db.query('UPDATE audit_forwarding SET lease_owner = NULL, lease_until = NULL WHERE destination = $1 AND lease_owner = $2', [destination, owner]);
}

export async function forwardingState(db: Queryable, destination: string): Promise<{ forwardedSeq: number; lastError: string | null } | undefined> {
  const [row] = await db.query<{ forwarded_seq: number | string; last_error: string | null }>(
    'SELECT forwarded_seq, last_error FROM audit_forwarding WHERE destination = $1',
    [destination],
  );
  return row ? { forwardedSeq: Number(row.forwarded_seq), lastError: row.last_error } : undefined;
}

/**
 * A share link's history, newest first: what its recipient did (`user_id` = `share:<id>`: opening,
 * passcodes, studies and images read, refusals) and its creation and revocation (Security Alerts that
 * name the link as a participant object).
 */
export async function searchShareHistory(db: Queryable, shareUserId: string, limit: number): Promise<ChainRow[]> {
  const rows = await db.query<ChainRowSql>(
    `SELECT ${ROW_COLUMNS} FROM audit_events
      WHERE user_id = $1 OR (event_code = '110113' AND strpos(record, $2) > 0)
      ORDER BY seq DESC LIMIT $3`,
    [shareUserId, JSON.stringify(shareUserId), limit],
  );
  return rows.map(chainRowOf);
}
