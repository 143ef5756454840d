import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { DraftContent, ImageReference, ReportComparison, ReportSection, SignedStatus } from '../../src/reports/report-contract.ts';
import type { StoredDraft } from '../../src/reports/report-rules.ts';

/** The reports' SQL (tables from migration 0006_reports.sql). */

export interface DraftRow extends StoredDraft {
  updatedAt: Date;
}

interface DraftDbRow {
  revision: number;
  template_id: string;
  sections: ReportSection[];
  comparison: ReportComparison | null;
  image_references: ImageReference[];
  updated_at: Date;
}

const json = (value: unknown) => JSON.stringify(value);

function draftOf(row: DraftDbRow): DraftRow {
  return {
    revision: row.revision,
    updatedAt: row.updated_at,
    content: { templateId: row.template_id, sections: row.sections, comparison: row.comparison, references: row.image_references },
  };
}

export interface DraftKey {
  sourceId: string;
  studyUid: string;
  accountId: number;
}

export async function readDraft(db: Queryable, key: DraftKey): Promise<DraftRow | undefined> {
  const [row] = await db.query<DraftDbRow>(
    `SELECT revision, template_id, sections, comparison, image_references, updated_at FROM report_drafts
      WHERE source_id = $1 AND study_uid = $2 AND account_id = $3`,
    [key.sourceId, key.studyUid, key.accountId],
  );
  return row ? draftOf(row) : undefined;
}

/** Creates the draft at revision 1; undefined when one was created meanwhile. */
export async function insertDraft(db: Queryable, key: DraftKey, content: DraftContent): Promise<DraftRow | undefined> {
  const [row] = await db.query<DraftDbRow>(
    `INSERT INTO report_drafts (source_id, study_uid, account_id, revision, template_id, sections, comparison, image_references)
     VALUES ($1, $2, $3, 1, $4, $5::jsonb, $6::jsonb, $7::jsonb)
     ON CONFLICT DO NOTHING
     RETURNING revision, template_id, sections, comparison, image_references, updated_at`,
    [
      key.sourceId,
      key.studyUid,
      key.accountId,
      content.templateId,
      json(content.sections),
      content.comparison ? json(content.comparison) : null,
      json(content.references),
    ],
  );
  return row ? draftOf(row) : undefined;
}

/** Writes the draft as revision `base + 1` if it is still at `base`; undefined when another save came first. */
export async function updateDraft(db: Queryable, key: DraftKey, base: number, content: DraftContent): Promise<DraftRow | undefined> {
  const [row] = await db.query<DraftDbRow>(
    `UPDATE report_drafts SET revision = revision + 1, template_id = $5, sections = $6::jsonb, comparison = $7::jsonb, image_references = $8::jsonb,
            updated_at = now()
      WHERE source_id = $1 AND study_uid = $2 AND account_id = $3 AND revision = $4
      RETURNING revision, template_id, sections, comparison, image_references, updated_at`,
    [
      key.sourceId,
      key.studyUid,
      key.accountId,
      base,
      content.templateId,
      json(content.sections),
      content.comparison ? json(content.comparison) : null,
      json(content.references),
    ],
  );
  return row ? draftOf(row) : undefined;
}

export async function deleteDraft(db: Queryable, key: DraftKey): Promise<void> {
  await db.query('DELETE FROM report_drafts WHERE source_id = $1 AND study_uid = $2 AND account_id = $3', [key.sourceId, key.studyUid, key.accountId]);
}

export interface StoredReport {
  id: string;
  sourceId: string;
  studyUid: string;
  version: number;
  status: SignedStatus;
  authorAccountId: number | null;
  authorUsername: string;
  authorDisplayName: string;
  authorPersonName: string;
  signedAt: Date;
  templateId: string;
  sections: ReportSection[];
  comparison: ReportComparison | null;
  references: ImageReference[];
  amendsReportId: string | null;
  addendumText: string | null;
}

interface ReportDbRow {
  id: string;
  source_id: string;
  study_uid: string;
  version: number;
  status: SignedStatus;
  author_account_id: number | null;
  author_username: string;
  author_display_name: string;
  author_person_name: string;
  signed_at: Date;
  template_id: string;
  sections: ReportSection[];
  comparison: ReportComparison | null;
  image_references: ImageReference[];
  amends_report_id: string | null;
  addendum_text: string | null;
}

function reportOf(row: ReportDbRow): StoredReport {
  return {
    id: row.id,
    sourceId: row.source_id,
    studyUid: row.study_uid,
    version: row.version,
    status: row.status,
    authorAccountId: row.author_account_id,
    authorUsername: row.author_username,
    authorDisplayName: row.author_display_name,
    authorPersonName: row.author_person_name,
    signedAt: row.signed_at,
    templateId: row.template_id,
    sections: row.sections,
    comparison: row.comparison,
    references: row.image_references,
    amendsReportId: row.amends_report_id,
    addendumText: row.addendum_text,
  };
}

/** A study's signed versions, oldest first (a study UID names one study whatever the source). */
export async function reportsOfStudy(db: Queryable, studyUid: string): Promise<StoredReport[]> {
  const rows = await db.query<ReportDbRow>('SELECT * FROM reports WHERE study_uid = $1 ORDER BY version', [studyUid]);
  return rows.map(reportOf);
}

export function newReportId(): string {
  return `rpt_${randomBytes(12).toString('base64url')}`;
}

export type NewReport = Omit<StoredReport, 'signedAt'>;

export type InsertOutcome = { inserted: StoredReport } | { conflict: 'final-exists' | 'version-taken' };

/** A unique violation: of the one-final index, or of the version (another signature took it first). */
function uniqueViolation(error: unknown): 'final-exists' | 'version-taken' | undefined {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e?.code !== '23505') return undefined;
  const where = `${String(e.constraint ?? '')} ${String(e.message ?? '')}`;
  return where.includes('reports_one_final_per_study') ? 'final-exists' : 'version-taken';
}

/** Writes a signed version; the database refuses a second final report and a version already taken. */
export async function insertReport(db: Queryable, report: NewReport): Promise<InsertOutcome> {
  try {
    const [row] = await db.query<ReportDbRow>(
      `INSERT INTO reports (id, source_id, study_uid, version, status, author_account_id, author_username, author_display_name, author_person_name,
                            template_id, sections, comparison, image_references, amends_report_id, addendum_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13::jsonb, $14, $15)
       RETURNING *`,
      [
        report.id,
        report.sourceId,
        report.studyUid,
        report.version,
        report.status,
        report.authorAccountId,
        report.authorUsername,
        report.authorDisplayName,
        report.authorPersonName,
        report.templateId,
        json(report.sections),
        report.comparison ? json(report.comparison) : null,
        json(report.references),
        report.amendsReportId,
        report.addendumText,
      ],
    );
    return { inserted: reportOf(row!) };
  } catch (error) {
    const conflict = uniqueViolation(error);
    if (conflict) return { conflict };
    throw error;
  }
}

/** Takes back a signature whose audit record could not be written (nobody was told of it). */
export async function withdrawReport(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM reports WHERE id = $1', [id]);
}
