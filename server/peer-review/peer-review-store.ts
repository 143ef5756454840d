import { randomBytes, randomInt } from 'node:crypto';
import type { ImageReference } from '../../src/reports/report-contract.ts';
import type { ARBITRATION_STATES, CASE_ORIGINS, CASE_STATES, KOS_TITLES } from '../../src/peer-review/peer-review-contract.ts';
import type { Score } from '../../src/peer-review/radpeer.ts';
import type { Queryable } from '../db/database.ts';

/** Peer review's SQL (tables from migration 0008_peer_review.sql). */

export type CaseOrigin = (typeof CASE_ORIGINS)[number];
export type CaseState = (typeof CASE_STATES)[number];
export type KosTitle = (typeof KOS_TITLES)[number];
export type ArbitrationState = (typeof ARBITRATION_STATES)[number];

/** What the queue shows of a case's study, kept when the case is made (the archive is not asked per listing). */
export interface CaseStudyFacts {
  accessionNumber: string;
  patientName: string;
  studyDate: string;
  studyDescription: string;
  modalities: string[];
}

export interface CaseRow {
  id: string;
  sourceId: string;
  studyUid: string;
  institutionName: string;
  study: CaseStudyFacts;
  reportId: string;
  readerAccountId: number | null;
  finalizedAt: Date;
  origin: CaseOrigin;
  addedByAccountId: number | null;
  addedReason: string | null;
  state: CaseState;
  assignedAccountId: number | null;
  assignedAt: Date | null;
  createdAt: Date;
}

interface CaseDbRow {
  id: string;
  source_id: string;
  study_uid: string;
  institution_name: string;
  study: CaseStudyFacts | string;
  report_id: string;
  reader_account_id: number | null;
  finalized_at: Date;
  origin: CaseOrigin;
  added_by_account_id: number | null;
  added_reason: string | null;
  state: CaseState;
  assigned_account_id: number | null;
  assigned_at: Date | null;
  created_at: Date;
}

const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

function caseOf(row: CaseDbRow): CaseRow {
  return {
    id: row.id,
    sourceId: row.source_id,
    studyUid: row.study_uid,
    institutionName: row.institution_name,
    study: parsed(row.study),
    reportId: row.report_id,
    readerAccountId: row.reader_account_id,
    finalizedAt: new Date(row.finalized_at),
    origin: row.origin,
    addedByAccountId: row.added_by_account_id,
    addedReason: row.added_reason,
    state: row.state,
    assignedAccountId: row.assigned_account_id,
    assignedAt: row.assigned_at ? new Date(row.assigned_at) : null,
    createdAt: new Date(row.created_at),
  };
}

export const newCaseId = () => `prc_${randomBytes(12).toString('base64url')}`;
export const newReviewId = () => `prv_${randomBytes(12).toString('base64url')}`;
export const newTaskId = () => `prt_${randomBytes(12).toString('base64url')}`;

export type NewCase = Omit<CaseRow, 'state' | 'assignedAccountId' | 'assignedAt' | 'createdAt'>;

/** Writes a case unless the study has one already (then undefined: one case per study). */
export async function insertCase(db: Queryable, c: NewCase): Promise<CaseRow | undefined> {
  const [row] = await db.query<CaseDbRow>(
    `INSERT INTO peer_review_cases (id, source_id, study_uid, institution_name, study, report_id, reader_account_id, finalized_at, origin,
                                    added_by_account_id, added_reason)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (source_id, study_uid) DO NOTHING
     RETURNING *`,
    [
      c.id,
      c.sourceId,
      c.studyUid,
      c.institutionName,
      JSON.stringify(c.study),
      c.reportId,
      c.readerAccountId,
      c.finalizedAt.toISOString(),
      c.origin,
      c.addedByAccountId,
      c.addedReason,
    ],
  );
  return row ? caseOf(row) : undefined;
}

export async function caseById(db: Queryable, id: string): Promise<CaseRow | undefined> {
  if (!/^prc_[A-Za-z0-9_-]{16}$/.test(id)) return undefined;
  const [row] = await db.query<CaseDbRow>('SELECT * FROM peer_review_cases WHERE id = $1', [id]);
  return row ? caseOf(row) : undefined;
}

/** Whether a study is in the pool already (in any state, under any source). */
export async function studyHasCase(db: Queryable, studyUid: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM peer_review_cases WHERE study_uid = $1 LIMIT 1', [studyUid]);
  return rows.length > 0;
}

/** Open cases a reviewer may see: unassigned ones (unless `onlyMine`) and those assigned to them, never of their own reads. */
export async function openCasesFor(db: Queryable, accountId: number, onlyMine: boolean): Promise<CaseRow[]> {
  const rows = await db.query<CaseDbRow>(
    `SELECT * FROM peer_review_cases
      WHERE state = 'open' AND reader_account_id IS DISTINCT FROM $1
        AND (assigned_account_id = $1 OR (NOT $2 AND assigned_account_id IS NULL))
      ORDER BY finalized_at, id`,
    [accountId, onlyMine],
  );
  return rows.map(caseOf);
}

/** Assigns an open, unassigned case to the reviewer; false when it is no longer open or someone has it. */
export async function assignCase(db: Queryable, caseId: string, accountId: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE peer_review_cases SET assigned_account_id = $2, assigned_at = now()
      WHERE id = $1 AND state = 'open' AND assigned_account_id IS NULL AND reader_account_id IS DISTINCT FROM $2 RETURNING id`,
    [caseId, accountId],
  );
  return rows.length === 1;
}

/** The study has a case assigned to this account (its report routes then hide the authors: blinding). */
export async function reviewsStudy(db: Queryable, studyUid: string, accountId: number): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM peer_review_cases WHERE study_uid = $1 AND assigned_account_id = $2 LIMIT 1', [studyUid, accountId]);
  return rows.length > 0;
}

/** Reviews this account submitted since the start of the current month (UTC). */
export async function reviewsThisMonth(db: Queryable, accountId: number, now = new Date()): Promise<number> {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM peer_reviews WHERE reviewer_account_id = $1 AND submitted_at >= $2', [
    accountId,
    monthStart.toISOString(),
  ]);
  return row?.n ?? 0;
}

/** Takes a study out of the pool when an addendum is signed before it was reviewed; the cases withdrawn. */
export async function withdrawOpenCases(db: Queryable, studyUid: string): Promise<CaseRow[]> {
  const rows = await db.query<CaseDbRow>(`UPDATE peer_review_cases SET state = 'withdrawn' WHERE study_uid = $1 AND state = 'open' RETURNING *`, [studyUid]);
  return rows.map(caseOf);
}

export interface ReviewRow {
  id: string;
  caseId: string;
  reviewerAccountId: number | null;
  score: Score;
  comment: string;
  keyImages: ImageReference[];
  kosTitle: KosTitle | null;
  kosSopInstanceUid: string | null;
  arbitration: ArbitrationState;
  arbiterAccountId: number | null;
  arbiterNote: string | null;
  finalScore: Score;
  submittedAt: Date;
  arbitratedAt: Date | null;
}

interface ReviewDbRow {
  id: string;
  case_id: string;
  reviewer_account_id: number | null;
  score: Score;
  comment: string;
  key_images: ImageReference[] | string;
  kos_title: KosTitle | null;
  kos_sop_instance_uid: string | null;
  arbitration: ArbitrationState;
  arbiter_account_id: number | null;
  arbiter_note: string | null;
  final_score: Score;
  submitted_at: Date;
  arbitrated_at: Date | null;
}

function reviewOf(row: ReviewDbRow): ReviewRow {
  return {
    id: row.id,
    caseId: row.case_id,
    reviewerAccountId: row.reviewer_account_id,
    score: row.score,
    comment: row.comment,
    keyImages: parsed(row.key_images),
    kosTitle: row.kos_title,
    kosSopInstanceUid: row.kos_sop_instance_uid,
    arbitration: row.arbitration,
    arbiterAccountId: row.arbiter_account_id,
    arbiterNote: row.arbiter_note,
    finalScore: row.final_score,
    submittedAt: new Date(row.submitted_at),
    arbitratedAt: row.arbitrated_at ? new Date(row.arbitrated_at) : null,
  };
}

export type NewReview = Pick<
  ReviewRow,
  'id' | 'caseId' | 'reviewerAccountId' | 'score' | 'comment' | 'keyImages' | 'kosTitle' | 'kosSopInstanceUid' | 'arbitration'
>;

/**
 * Stores a review of a case open and assigned to its reviewer, and marks the case reviewed; undefined when
 * the case is no longer theirs to score (reviewed meanwhile, withdrawn, or never assigned to them).
 */
export async function insertReview(db: Queryable, review: NewReview): Promise<ReviewRow | undefined> {
  const taken = await db.query(`UPDATE peer_review_cases SET state = 'reviewed' WHERE id = $1 AND state = 'open' AND assigned_account_id = $2 RETURNING id`, [
    review.caseId,
    review.reviewerAccountId,
  ]);
  if (taken.length !== 1) return undefined;
  const [row] = await db.query<ReviewDbRow>(
    `INSERT INTO peer_reviews (id, case_id, reviewer_account_id, score, comment, key_images, kos_title, kos_sop_instance_uid, arbitration, final_score)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $4)
     RETURNING *`,
    [
      review.id,
      review.caseId,
      review.reviewerAccountId,
      review.score,
      review.comment,
      JSON.stringify(review.keyImages),
      review.kosTitle,
      review.kosSopInstanceUid,
      review.arbitration,
    ],
  );
  return reviewOf(row!);
}

export async function reviewOfCase(db: Queryable, caseId: string): Promise<ReviewRow | undefined> {
  const [row] = await db.query<ReviewDbRow>('SELECT * FROM peer_reviews WHERE case_id = $1', [caseId]);
  return row ? reviewOf(row) : undefined;
}

export async function reviewById(db: Queryable, id: string): Promise<ReviewRow | undefined> {
  if (!/^prv_[A-Za-z0-9_-]{16}$/.test(id)) return undefined;
  const [row] = await db.query<ReviewDbRow>('SELECT * FROM peer_reviews WHERE id = $1', [id]);
  return row ? reviewOf(row) : undefined;
}

/** A review with its case: what arbitration, tasks, statistics and the export work from. */
export interface ReviewWithCase {
  review: ReviewRow;
  case: CaseRow;
}

const REVIEW_COLUMNS = `r.id, r.case_id, r.reviewer_account_id, r.score, r.comment, r.key_images, r.kos_title, r.kos_sop_instance_uid, r.arbitration,
  r.arbiter_account_id, r.arbiter_note, r.final_score, r.submitted_at, r.arbitrated_at`;
const CASE_COLUMNS = `c.id AS c_id, c.source_id, c.study_uid, c.institution_name, c.study, c.report_id, c.reader_account_id, c.finalized_at,
  c.origin, c.added_by_account_id, c.added_reason, c.state, c.assigned_account_id, c.assigned_at, c.created_at`;

function withCase(row: ReviewDbRow & Omit<CaseDbRow, 'id'> & { c_id: string }): ReviewWithCase {
  return { review: reviewOf(row), case: caseOf({ ...row, id: row.c_id }) };
}

/** Serious scores waiting for a decision, oldest first. */
export async function pendingArbitrations(db: Queryable): Promise<ReviewWithCase[]> {
  const rows = await db.query<ReviewDbRow & Omit<CaseDbRow, 'id'> & { c_id: string }>(
    `SELECT ${REVIEW_COLUMNS}, ${CASE_COLUMNS} FROM peer_reviews r JOIN peer_review_cases c ON c.id = r.case_id
      WHERE r.arbitration = 'pending' ORDER BY r.submitted_at, r.id`,
  );
  return rows.map(withCase);
}

/** Every review (statistics, export), oldest first; `readerAccountId` for one reader's own. */
export async function reviewsWithCases(db: Queryable, readerAccountId?: number): Promise<ReviewWithCase[]> {
  const rows = await db.query<ReviewDbRow & Omit<CaseDbRow, 'id'> & { c_id: string }>(
    `SELECT ${REVIEW_COLUMNS}, ${CASE_COLUMNS} FROM peer_reviews r JOIN peer_review_cases c ON c.id = r.case_id
      WHERE $1::integer IS NULL OR c.reader_account_id = $1 ORDER BY r.submitted_at, r.id`,
    [readerAccountId ?? null],
  );
  return rows.map(withCase);
}

/** Records an arbiter's decision on a pending review; undefined when it was decided meanwhile. */
export async function decideArbitration(
  db: Queryable,
  reviewId: string,
  decision: { arbiterAccountId: number; state: 'confirmed' | 'changed'; finalScore: Score; note: string },
): Promise<ReviewRow | undefined> {
  const [row] = await db.query<ReviewDbRow>(
    `UPDATE peer_reviews SET arbitration = $2, final_score = $3, arbiter_account_id = $4, arbiter_note = $5, arbitrated_at = now()
      WHERE id = $1 AND arbitration = 'pending' RETURNING *`,
    [reviewId, decision.state, decision.finalScore, decision.arbiterAccountId, decision.note],
  );
  return row ? reviewOf(row) : undefined;
}

export interface TaskRow {
  id: string;
  reviewId: string;
  readerAccountId: number;
  state: 'open' | 'addended' | 'closed';
  closingNote: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

interface TaskDbRow {
  id: string;
  review_id: string;
  reader_account_id: number;
  state: TaskRow['state'];
  closing_note: string | null;
  created_at: Date;
  closed_at: Date | null;
}

function taskOf(row: TaskDbRow): TaskRow {
  return {
    id: row.id,
    reviewId: row.review_id,
    readerAccountId: row.reader_account_id,
    state: row.state,
    closingNote: row.closing_note,
    createdAt: new Date(row.created_at),
    closedAt: row.closed_at ? new Date(row.closed_at) : null,
  };
}

export async function insertTask(db: Queryable, task: { id: string; reviewId: string; readerAccountId: number }): Promise<TaskRow> {
  const [row] = await db.query<TaskDbRow>(
    `INSERT INTO peer_review_tasks (id, review_id, reader_account_id) VALUES ($1, $2, $3)
     ON CONFLICT (review_id) DO UPDATE SET review_id = EXCLUDED.review_id RETURNING *`,
    [task.id, task.reviewId, task.readerAccountId],
  );
  return taskOf(row!);
}

/** A reader's tasks with their reviews and cases, newest first. */
export async function tasksOf(db: Queryable, readerAccountId: number): Promise<Array<ReviewWithCase & { task: TaskRow }>> {
  const rows = await db.query<
    ReviewDbRow &
      Omit<CaseDbRow, 'id'> & { c_id: string } & {
        t_id: string;
        t_state: TaskRow['state'];
        closing_note: string | null;
        t_created_at: Date;
        closed_at: Date | null;
      }
  >(
    `SELECT ${REVIEW_COLUMNS}, ${CASE_COLUMNS}, t.id AS t_id, t.state AS t_state, t.closing_note, t.created_at AS t_created_at, t.closed_at
       FROM peer_review_tasks t JOIN peer_reviews r ON r.id = t.review_id JOIN peer_review_cases c ON c.id = r.case_id
      WHERE t.reader_account_id = $1 ORDER BY t.created_at DESC, t.id`,
    [readerAccountId],
  );
  return rows.map((row) => ({
    ...withCase(row),
    task: {
      id: row.t_id,
      reviewId: row.id,
      readerAccountId,
      state: row.t_state,
      closingNote: row.closing_note,
      createdAt: new Date(row.t_created_at),
      closedAt: row.closed_at ? new Date(row.closed_at) : null,
    },
  }));
}

export async function countOpenTasks(db: Queryable, readerAccountId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM peer_review_tasks WHERE reader_account_id = $1 AND state = 'open'`, [
    readerAccountId,
  ]);
  return row?.n ?? 0;
}

/** Closes an open task of this reader with a note; undefined when it is not theirs or not open. */
export async function closeTask(db: Queryable, taskId: string, readerAccountId: number, note: string): Promise<TaskRow | undefined> {
  if (!/^prt_[A-Za-z0-9_-]{16}$/.test(taskId)) return undefined;
  const [row] = await db.query<TaskDbRow>(
    `UPDATE peer_review_tasks SET state = 'closed', closing_note = $3, closed_at = now()
      WHERE id = $1 AND reader_account_id = $2 AND state = 'open' RETURNING *`,
    [taskId, readerAccountId, note],
  );
  return row ? taskOf(row) : undefined;
}

export async function taskById(db: Queryable, taskId: string): Promise<TaskRow | undefined> {
  if (!/^prt_[A-Za-z0-9_-]{16}$/.test(taskId)) return undefined;
  const [row] = await db.query<TaskDbRow>('SELECT * FROM peer_review_tasks WHERE id = $1', [taskId]);
  return row ? taskOf(row) : undefined;
}

/** An addendum signed on the study: its open reader tasks are done (`addended`). */
export async function markTasksAddended(db: Queryable, studyUid: string): Promise<Array<TaskRow & { caseId: string }>> {
  const rows = await db.query<TaskDbRow & { case_id: string }>(
    `UPDATE peer_review_tasks t SET state = 'addended', closed_at = now()
       FROM peer_reviews r, peer_review_cases c
      WHERE r.id = t.review_id AND c.id = r.case_id AND c.study_uid = $1 AND t.state = 'open'
      RETURNING t.*, c.id AS case_id`,
    [studyUid],
  );
  return rows.map((row) => ({ ...taskOf(row), caseId: row.case_id }));
}

// Pseudonyms: "R-" and six characters without look-alikes (no 0/O, 1/I).
const PSEUDONYM_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export function newPseudonym(): string {
  return `R-${Array.from({ length: 6 }, () => PSEUDONYM_ALPHABET[randomInt(PSEUDONYM_ALPHABET.length)]).join('')}`;
}

/** The account's pseudonym, made on first use (random, unique, never changed). */
export async function ensurePseudonym(db: Queryable, accountId: number): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const [existing] = await db.query<{ pseudonym: string }>('SELECT pseudonym FROM peer_review_pseudonyms WHERE account_id = $1', [accountId]);
    if (existing) return existing.pseudonym;
    // A clash of pseudonyms (or another request making this one) inserts nothing: look again.
    await db.query('INSERT INTO peer_review_pseudonyms (account_id, pseudonym) VALUES ($1, $2) ON CONFLICT DO NOTHING', [accountId, newPseudonym()]);
  }
  throw new Error('no free pseudonym found');
}

/** Pseudonyms of several accounts (made where missing). */
export async function pseudonymsOf(db: Queryable, accountIds: Iterable<number | null>): Promise<Map<number, string>> {
  const ids = [...new Set([...accountIds].filter((id): id is number => id !== null))];
  const map = new Map<number, string>();
  for (const id of ids) map.set(id, await ensurePseudonym(db, id));
  return map;
}

export async function listPseudonyms(db: Queryable): Promise<Array<{ pseudonym: string; username: string; displayName: string }>> {
  const rows = await db.query<{ pseudonym: string; username: string; display_name: string }>(
    `SELECT p.pseudonym, a.username, a.display_name FROM peer_review_pseudonyms p JOIN accounts a ON a.id = p.account_id ORDER BY p.pseudonym`,
  );
  return rows.map((row) => ({ pseudonym: row.pseudonym, username: row.username, displayName: row.display_name }));
}

export async function countPendingArbitrations(db: Queryable, accountId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM peer_reviews r JOIN peer_review_cases c ON c.id = r.case_id
      WHERE r.arbitration = 'pending' AND r.reviewer_account_id IS DISTINCT FROM $1 AND c.reader_account_id IS DISTINCT FROM $1`,
    [accountId],
  );
  return row?.n ?? 0;
}
