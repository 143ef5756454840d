import { z } from 'zod';

/**
 * The reports' HTTP contract, one module for both ends: the gateway (server/reports) answers in these
 * shapes and the app parses them with these schemas.
 */

const DICOM_UID = /^[0-9]+(?:\.[0-9]+)*$/;
export const dicomUid = z.string().max(64).regex(DICOM_UID, 'must be a DICOM UID (digits and dots)');

export const MAX_SECTIONS = 12;
export const MAX_SECTION_TEXT = 20_000;
export const MAX_REFERENCES = 100;

export const sectionSchema = z.object({
  title: z.string().trim().min(1).max(80),
  text: z.string().max(MAX_SECTION_TEXT),
});
export type ReportSection = z.infer<typeof sectionSchema>;

export const comparisonSchema = z.object({
  studyInstanceUid: z.union([dicomUid, z.literal('')]),
  /** DICOM DA (YYYYMMDD) or '' */
  date: z.string().max(16),
  description: z.string().max(200),
});
export type ReportComparison = z.infer<typeof comparisonSchema>;

export const imageReferenceSchema = z.object({
  seriesInstanceUid: dicomUid,
  sopClassUid: z.union([dicomUid, z.literal('')]),
  sopInstanceUid: dicomUid,
  frameNumber: z.number().int().positive().optional(),
});
export type ImageReference = z.infer<typeof imageReferenceSchema>;

/** What a draft holds (the editor's content). */
export const draftContentSchema = z.object({
  templateId: z.string().max(80),
  sections: z.array(sectionSchema).min(1).max(MAX_SECTIONS),
  comparison: comparisonSchema.nullable(),
  references: z.array(imageReferenceSchema).max(MAX_REFERENCES),
});
export type DraftContent = z.infer<typeof draftContentSchema>;

/** `PUT /api/reports/<study>/draft`: the content and the revision it was based on (0: no draft yet). */
export const putDraftBody = draftContentSchema.extend({ baseRevision: z.number().int().min(0) }).strict();
export type PutDraftBody = z.infer<typeof putDraftBody>;

export const draftSchema = draftContentSchema.extend({ revision: z.number().int().positive(), updatedAt: z.string() });
export type ReportDraft = z.infer<typeof draftSchema>;

export const SIGNED_STATUSES = ['preliminary', 'final', 'addendum'] as const;
export type SignedStatus = (typeof SIGNED_STATUSES)[number];

export const signedReportSchema = z.object({
  id: z.string(),
  version: z.number(),
  status: z.enum(SIGNED_STATUSES),
  author: z.object({ username: z.string(), displayName: z.string() }),
  signedAt: z.string(),
  sections: z.array(sectionSchema),
  comparison: comparisonSchema.nullable(),
  /** An addendum: the final it amends and its text. */
  amendsReportId: z.string().nullable(),
  addendumText: z.string().nullable(),
});
export type SignedReportView = z.infer<typeof signedReportSchema>;

/** `GET /api/reports/<study>`: the caller's draft and every signed version, oldest first. */
export const reportStateSchema = z.object({
  studyInstanceUid: z.string(),
  draft: draftSchema.nullable(),
  reports: z.array(signedReportSchema),
});
export type ReportState = z.infer<typeof reportStateSchema>;

/** `409` of a draft save: the newer draft on the server (another tab or browser wrote it). */
export const draftConflictSchema = z.object({ error: z.literal('draft_conflict'), message: z.string(), current: draftSchema });

/** `POST /api/reports/<study>/sign`: sign the caller's draft at this revision. */
export const signBody = z.object({ status: z.enum(['preliminary', 'final']), revision: z.number().int().positive() }).strict();
export type SignBody = z.infer<typeof signBody>;

/** `POST /api/reports/<study>/addenda`: an addendum to the study's final report. */
export const addendumBody = z.object({ text: z.string().trim().min(1, 'must not be empty').max(MAX_SECTION_TEXT) }).strict();

/** The query naming the data source (default: the default source). */
export const sourceQuery = z.object({ source: z.string().min(1).max(64).optional() });
