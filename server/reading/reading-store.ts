import type { Database, Queryable } from '../db/database.ts';
import type { ClaimState, Priority, ReportStatus } from '../../src/reading/reading-rules.ts';

/**
 * The reading shift's SQL (table `reading_studies`, migration 0005_reading.sql). Claims are taken under
 * a row lock, so concurrent claims of one study have exactly one winner on either database.
 */

export interface StudyReadingRow {
  studyUid: string;
  sourceId: string;
  firstSeenAt: Date;
  claim: (ClaimState & { claimedAt: Date; username: string; displayName: string }) | null;
  reportStatus: ReportStatus | null;
  headerPriority: Priority | null;
  headerChecked: boolean;
  priorityOverride: Priority | null;
  prioritySetBy: string | null;
}

interface Row {
  study_uid: string;
  source_id: string;
  first_seen_at: Date;
  claimed_by: number | null;
  claimed_at: Date | null;
  claim_active_at: Date | null;
  claim_expires_at: Date | null;
  claimer_username: string | null;
  claimer_name: string | null;
  report_status: ReportStatus | null;
  header_priority: Priority | null;
  header_checked_at: Date | null;
  priority_override: Priority | null;
  priority_setter_name: string | null;
}

const SELECT = `
  SELECT r.study_uid, r.source_id, r.first_seen_at, r.claimed_by, r.claimed_at, r.claim_active_at, r.claim_expires_at,
         c.username AS claimer_username, c.display_name AS claimer_name, r.report_status, r.header_priority, r.header_checked_at,
         r.priority_override, p.display_name AS priority_setter_name
    FROM reading_studies r
    LEFT JOIN accounts c ON c.id = r.claimed_by
    LEFT JOIN accounts p ON p.id = r.priority_set_by`;

function rowOf(row: Row): StudyReadingRow {
  return {
    studyUid: row.study_uid,
    sourceId: row.source_id,
    firstSeenAt: row.first_seen_at,
    claim:
      row.claimed_by !== null && row.claimed_at && row.claim_active_at && row.claim_expires_at
        ? {
            accountId: row.claimed_by,
            claimedAt: row.claimed_at,
            activeAt: row.claim_active_at,
            expiresAt: row.claim_expires_at,
            username: row.claimer_username ?? '',
            displayName: row.claimer_name || row.claimer_username || '',
          }
        : null,
    reportStatus: row.report_status,
    headerPriority: row.header_priority,
    headerChecked: row.header_checked_at !== null,
    priorityOverride: row.priority_override,
    prioritySetBy: row.priority_setter_name,
  };
}

/** Records the first sighting of these studies (their arrival); studies already known keep theirs. */
export async function ensureStudies(db: Queryable, sourceId: string, studyUids: readonly string[]): Promise<void> {
  if (studyUids.length === 0) return;
  await db.query('INSERT INTO reading_studies (study_uid, source_id) SELECT unnest($1::text[]), $2 ON CONFLICT (study_uid) DO NOTHING', [
    [...new Set(studyUids)],
    sourceId,
  ]);
}

export async function readStudies(db: Queryable, studyUids: readonly string[]): Promise<Map<string, StudyReadingRow>> {
  if (studyUids.length === 0) return new Map();
  const rows = await db.query<Row>(`${SELECT} WHERE r.study_uid = ANY($1::text[])`, [[...new Set(studyUids)]]);
  return new Map(rows.map((row) => [row.study_uid, rowOf(row)]));
}

export async function readStudy(db: Queryable, studyUid: string): Promise<StudyReadingRow | undefined> {
  return (await readStudies(db, [studyUid])).get(studyUid);
}

export async function saveHeaderPriority(db: Queryable, studyUid: string, priority: Priority | null): Promise<void> {
  await db.query('UPDATE reading_studies SET header_priority = $2, header_checked_at = now() WHERE study_uid = $1', [studyUid, priority]);
}

/** Whose claim a claim found: the previous holder while it was active, for the answer and the audit. */
export interface PreviousClaim {
  accountId: number;
  claimedAt: Date;
  activeAt: Date;
  expiresAt: Date;
}

export type ClaimOutcome =
  | { result: 'claimed'; previous: PreviousClaim | null; renewed: boolean }
  /** Someone else's active claim stands (a take-over was not asked for). */
  | { result: 'held'; holder: PreviousClaim }
  /** `onlyUnread` and the study has a report already. */
  | { result: 'reported' };

interface LockedRow {
  claimed_by: number | null;
  claimed_at: Date | null;
  claim_active_at: Date | null;
  claim_expires_at: Date | null;
  active: boolean;
  report_status: ReportStatus | null;
}

/**
 * Claims a study for `accountId` (or renews the caller's own claim). Someone else's active claim wins
 * unless `takeOver`; then it is replaced and returned as `previous`. Atomic: the row is locked first,
 * so of concurrent claims exactly one finds the study free.
 */
export async function claimStudy(
  db: Database,
  claim: { studyUid: string; sourceId: string; accountId: number; idleMinutes: number; takeOver: boolean; onlyUnread?: boolean },
): Promise<ClaimOutcome> {
  return db.transaction(async (tx) => {
    await ensureStudies(tx, claim.sourceId, [claim.studyUid]);
    const [row] = await tx.query<LockedRow>(
      `SELECT claimed_by, claimed_at, claim_active_at, claim_expires_at, coalesce(claim_expires_at > now(), false) AS active, report_status
         FROM reading_studies WHERE study_uid = $1 FOR UPDATE`,
      [claim.studyUid],
    );
    if (claim.onlyUnread && row?.report_status) return { result: 'reported' };
    const previous: PreviousClaim | null =
      row && row.active && row.claimed_by !== null && row.claimed_at && row.claim_active_at && row.claim_expires_at
        ? { accountId: row.claimed_by, claimedAt: row.claimed_at, activeAt: row.claim_active_at, expiresAt: row.claim_expires_at }
        : null;
    if (previous && previous.accountId !== claim.accountId && !claim.takeOver) return { result: 'held', holder: previous };
    const renewing = previous?.accountId === claim.accountId;
    await tx.query(
      `UPDATE reading_studies
          SET claimed_by = $2, claimed_at = CASE WHEN $3 THEN claimed_at ELSE now() END,
              claim_active_at = now(), claim_expires_at = now() + make_interval(mins => $4)
        WHERE study_uid = $1`,
      [claim.studyUid, claim.accountId, renewing, claim.idleMinutes],
    );
    return { result: 'claimed', previous: renewing ? null : previous, renewed: renewing };
  });
}

/** Puts back what a claim replaced (its audit record could not be written); only if the claim is still the caller's. */
export async function undoClaim(db: Queryable, studyUid: string, accountId: number, previous: PreviousClaim | null): Promise<void> {
  await db.query(
    `UPDATE reading_studies SET claimed_by = $3, claimed_at = $4, claim_active_at = $5, claim_expires_at = $6
      WHERE study_uid = $1 AND claimed_by = $2`,
    [studyUid, accountId, previous?.accountId ?? null, previous?.claimedAt ?? null, previous?.activeAt ?? null, previous?.expiresAt ?? null],
  );
}

/** Keeps the caller's active claim alive; false when the caller no longer holds it (lapsed or taken over). */
export async function heartbeat(db: Queryable, studyUid: string, accountId: number, idleMinutes: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE reading_studies SET claim_active_at = now(), claim_expires_at = now() + make_interval(mins => $3)
      WHERE study_uid = $1 AND claimed_by = $2 AND claim_expires_at > now() RETURNING 1`,
    [studyUid, accountId, idleMinutes],
  );
  return rows.length > 0;
}

/** Ends the caller's claim; the claim as it was when released, or undefined when the caller held none. */
export async function releaseClaim(db: Database, studyUid: string, accountId: number): Promise<PreviousClaim | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<LockedRow>(
      `SELECT claimed_by, claimed_at, claim_active_at, claim_expires_at, coalesce(claim_expires_at > now(), false) AS active, report_status
         FROM reading_studies WHERE study_uid = $1 FOR UPDATE`,
      [studyUid],
    );
    if (!row || !row.active || row.claimed_by !== accountId || !row.claimed_at || !row.claim_active_at || !row.claim_expires_at) return undefined;
    await tx.query('UPDATE reading_studies SET claimed_by = NULL, claimed_at = NULL, claim_active_at = NULL, claim_expires_at = NULL WHERE study_uid = $1', [
      studyUid,
    ]);
    return { accountId, claimedAt: row.claimed_at, activeAt: row.claim_active_at, expiresAt: row.claim_expires_at };
  });
}

export interface PriorityChange {
  before: Priority | null;
  setBy: number | null;
  setAt: Date | null;
}

/** Sets (or, with null, removes) the priority override; what it was before. */
export async function setPriorityOverride(
  db: Database,
  change: { studyUid: string; sourceId: string; accountId: number; priority: Priority | null },
): Promise<PriorityChange> {
  return db.transaction(async (tx) => {
    await ensureStudies(tx, change.sourceId, [change.studyUid]);
    const [row] = await tx.query<{ priority_override: Priority | null; priority_set_by: number | null; priority_set_at: Date | null }>(
      'SELECT priority_override, priority_set_by, priority_set_at FROM reading_studies WHERE study_uid = $1 FOR UPDATE',
      [change.studyUid],
    );
    await tx.query(
      `UPDATE reading_studies SET priority_override = $2, priority_set_by = CASE WHEN $2::text IS NULL THEN NULL ELSE $3::int END,
              priority_set_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END
        WHERE study_uid = $1`,
      [change.studyUid, change.priority, change.accountId],
    );
    return { before: row?.priority_override ?? null, setBy: row?.priority_set_by ?? null, setAt: row?.priority_set_at ?? null };
  });
}

/** Puts back a priority override whose change could not be recorded. */
export async function restorePriorityOverride(db: Queryable, studyUid: string, previous: PriorityChange): Promise<void> {
  await db.query('UPDATE reading_studies SET priority_override = $2, priority_set_by = $3, priority_set_at = $4 WHERE study_uid = $1', [
    studyUid,
    previous.before,
    previous.setBy,
    previous.setAt,
  ]);
}

/**
 * Seam for server/reports: a report of the study was signed. A final report (or an addendum) ends the
 * claim: the study is read. A preliminary one keeps it (its reader usually finalises it).
 */
export async function markReportSigned(db: Database, studyUid: string, status: 'preliminary' | 'final' | 'addended'): Promise<void> {
  const ends = status !== 'preliminary';
  await db.query(
    `INSERT INTO reading_studies (study_uid, report_status, report_status_at) VALUES ($1, $2, now())
     ON CONFLICT (study_uid) DO UPDATE SET report_status = EXCLUDED.report_status, report_status_at = now(),
       claimed_by = CASE WHEN $3 THEN NULL ELSE reading_studies.claimed_by END,
       claimed_at = CASE WHEN $3 THEN NULL ELSE reading_studies.claimed_at END,
       claim_active_at = CASE WHEN $3 THEN NULL ELSE reading_studies.claim_active_at END,
       claim_expires_at = CASE WHEN $3 THEN NULL ELSE reading_studies.claim_expires_at END`,
    [studyUid, status, ends],
  );
}

/** Seam for server/reports: whether `accountId` holds an active claim of the study (signing needs one). */
export async function holdsClaim(db: Database, studyUid: string, accountId: string | number): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM reading_studies WHERE study_uid = $1 AND claimed_by = $2 AND claim_expires_at > now()', [
    studyUid,
    Number(accountId),
  ]);
  return rows.length > 0;
}

/** Of `studyUids`, those nobody has read or is reading (no report, no active claim), in the given order. */
export async function unreadAmong(db: Queryable, studyUids: readonly string[]): Promise<string[]> {
  if (studyUids.length === 0) return [];
  const rows = await db.query<{ study_uid: string }>(
    `SELECT study_uid FROM reading_studies
      WHERE study_uid = ANY($1::text[]) AND report_status IS NULL AND (claimed_by IS NULL OR claim_expires_at <= now())`,
    [[...new Set(studyUids)]],
  );
  const unread = new Set(rows.map((row) => row.study_uid));
  return studyUids.filter((uid) => unread.has(uid));
}
