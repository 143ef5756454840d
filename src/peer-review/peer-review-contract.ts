import { z } from 'zod';
import { imageReferenceSchema, sectionSchema } from '../reports/report-contract.ts';
import { ALL_SCORES, SCALES } from './radpeer.ts';

/**
 * Peer review's HTTP contract (server/peer-review), one module for both ends: the gateway answers in
 * these shapes and the app parses them with these schemas. Routes (all `no-store`, none open to share links):
 * - `GET  /api/peer-review/queue`                 peer-review:review     the caller's open cases
 * - `GET  /api/peer-review/cases/:id`             peer-review:review     a case; opening it assigns it to the caller
 * - `POST /api/peer-review/cases/:id/review`      peer-review:review     the score (201), `comment_required` (400)
 * - `POST /api/peer-review/cases`                 peer-review:add        a finalised study added by hand
 * - `GET  /api/peer-review/arbitration`           peer-review:arbitrate  serious scores waiting for a decision
 * - `POST /api/peer-review/arbitration/:reviewId` peer-review:arbitrate  confirm or change, with a note
 * - `GET  /api/peer-review/tasks`                 peer-review:tasks      what review gave the caller as original reader
 * - `POST /api/peer-review/tasks/:id/close`       peer-review:tasks      closed without an addendum (with a note)
 * - `GET  /api/peer-review/statistics`            signed in              every reader (statistics) or the caller's own
 * - `GET  /api/peer-review/pseudonyms`            peer-review:identities who is behind each pseudonym
 * - `GET  /api/peer-review/export.csv`            peer-review:statistics RADPEER submission fields, no patient data
 * - `GET  /api/peer-review/summary`               signed in              counts for the navigation badge
 * A case the caller may not see (their own read, outside their scope, unknown) is 404.
 */

export const scoreSchema = z.enum(ALL_SCORES);
export const scaleSchema = z.enum(SCALES);

export const MAX_COMMENT = 4000;
export const MAX_KEY_IMAGES = 50;

const dicomUid = z
  .string()
  .max(64)
  .regex(/^[0-9]+(?:\.[0-9]+)*$/, 'must be a DICOM UID (digits and dots)');

/** How a case entered the pool: the random sample of finalised studies, or a QA user by hand. */
export const CASE_ORIGINS = ['sampled', 'manual'] as const;
export const CASE_STATES = ['open', 'reviewed', 'withdrawn'] as const;
export const KOS_TITLES = ['for-peer-review', 'quality-issue'] as const;
export const KOS_STATES = ['none', 'pending', 'stored', 'failed'] as const;
export const ARBITRATION_STATES = ['not-needed', 'pending', 'confirmed', 'changed'] as const;

/** The study of a case, as the archive names it (the patient is shown: the reviewer reads the images anyway). */
export const caseStudySchema = z.object({
  studyInstanceUid: z.string(),
  sourceId: z.string(),
  accessionNumber: z.string(),
  patientName: z.string(),
  studyDate: z.string(),
  studyDescription: z.string(),
  modalities: z.array(z.string()),
});
export type CaseStudy = z.infer<typeof caseStudySchema>;

export const queueCaseSchema = z.object({
  id: z.string(),
  study: caseStudySchema,
  origin: z.enum(CASE_ORIGINS),
  finalizedAt: z.iso.datetime(),
  addedAt: z.iso.datetime(),
  /** Opened by the caller and not yet scored (a case opened by another reviewer is not in the queue). */
  mine: z.boolean(),
});
export type QueueCase = z.infer<typeof queueCaseSchema>;

export const queueSchema = z.object({
  cases: z.array(queueCaseSchema),
  scale: scaleSchema,
  /** A radiologist's monthly review quota (null for QA staff, who have none). */
  quota: z.object({ perMonth: z.number().int().min(0), doneThisMonth: z.number().int().min(0) }).nullable(),
});
export type Queue = z.infer<typeof queueSchema>;

/** The original report as the reviewer sees it: read-only, the reader's identity left out while blinded. */
export const originalReportSchema = z.object({
  signedAt: z.iso.datetime(),
  sections: z.array(sectionSchema),
  /** The original reader's display name, or null while the review is blinded (the default). */
  readerName: z.string().nullable(),
});

export const reviewSchema = z.object({
  id: z.string(),
  score: scoreSchema,
  comment: z.string(),
  submittedAt: z.iso.datetime(),
  keyImages: z.array(imageReferenceSchema),
  kosTitle: z.enum(KOS_TITLES).nullable(),
  kosState: z.enum(KOS_STATES),
  arbitration: z.enum(ARBITRATION_STATES),
  /** The score that counts: the arbiter's when changed, else the reviewer's. */
  finalScore: scoreSchema,
});
export type Review = z.infer<typeof reviewSchema>;

export const caseViewSchema = z.object({
  id: z.string(),
  study: caseStudySchema,
  origin: z.enum(CASE_ORIGINS),
  state: z.enum(CASE_STATES),
  scale: scaleSchema,
  originalReport: originalReportSchema,
  /** The caller's review once submitted. */
  review: reviewSchema.nullable(),
});
export type CaseView = z.infer<typeof caseViewSchema>;

/** `POST /api/peer-review/cases/:id/review`. A comment is required for 2b and above. */
export const submitReviewBody = z.strictObject({
  score: scoreSchema,
  comment: z.string().max(MAX_COMMENT),
  keyImages: z.array(imageReferenceSchema).max(MAX_KEY_IMAGES),
  /** The KOS document title (CID 7010) when key images are marked: 113008 "For Peer Review" or 113010 "Quality Issue". */
  kosTitle: z.enum(KOS_TITLES).optional(),
});
export type SubmitReviewBody = z.infer<typeof submitReviewBody>;

/** `POST /api/peer-review/cases`: a QA user adds a finalised study by hand, saying why. */
export const addCaseBody = z.strictObject({
  studyInstanceUid: dicomUid,
  dataSource: z.string().min(1).max(64).optional(),
  reason: z.string().trim().min(1).max(MAX_COMMENT),
});
export type AddCaseBody = z.infer<typeof addCaseBody>;

export const arbitrationCaseSchema = z.object({
  reviewId: z.string(),
  caseId: z.string(),
  study: caseStudySchema,
  score: scoreSchema,
  comment: z.string(),
  submittedAt: z.iso.datetime(),
  /** Pseudonyms: the arbiter judges the read, not the people. */
  readerPseudonym: z.string(),
  reviewerPseudonym: z.string(),
  originalReport: originalReportSchema,
  keyImages: z.array(imageReferenceSchema),
});
export type ArbitrationCase = z.infer<typeof arbitrationCaseSchema>;
export const arbitrationListSchema = z.object({ cases: z.array(arbitrationCaseSchema), scale: scaleSchema });

/** `POST /api/peer-review/arbitration/:reviewId`: confirm the score, or change it; a note either way. */
export const arbitrateBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('confirm'), note: z.string().trim().min(1).max(MAX_COMMENT) }),
  z.strictObject({ decision: z.literal('change'), score: scoreSchema, note: z.string().trim().min(1).max(MAX_COMMENT) }),
]);
export type ArbitrateBody = z.infer<typeof arbitrateBody>;

/** A task for the original reader after a confirmed significant discrepancy: never names the reviewer. */
export const readerTaskSchema = z.object({
  id: z.string(),
  study: caseStudySchema,
  score: scoreSchema,
  reviewComment: z.string(),
  arbiterNote: z.string(),
  createdAt: z.iso.datetime(),
  state: z.enum(['open', 'addended', 'closed']),
  closedAt: z.iso.datetime().nullable(),
  closingNote: z.string().nullable(),
});
export type ReaderTask = z.infer<typeof readerTaskSchema>;
export const readerTasksSchema = z.object({ tasks: z.array(readerTaskSchema) });

export const closeTaskBody = z.strictObject({ note: z.string().trim().min(1).max(MAX_COMMENT) });

/** Agreement figures of one group of reviews (a reader, a modality, a month). */
export const figuresSchema = z.object({
  reviews: z.number().int().min(0),
  /** Reviews per score that counts (after arbitration). */
  scores: z.partialRecord(scoreSchema, z.number().int().min(0)),
  /** Serious scores still waiting for arbitration (not counted yet). */
  pendingArbitration: z.number().int().min(0),
  /** Confirmed significant discrepancies (2b and above after arbitration). */
  significant: z.number().int().min(0),
  /** significant / counted reviews, and its 95 % Wilson interval; null when nothing counts yet. */
  rate: z.number().min(0).max(1).nullable(),
  interval: z.tuple([z.number(), z.number()]).nullable(),
});
export type Figures = z.infer<typeof figuresSchema>;

export const statisticsSchema = z.object({
  scale: scaleSchema,
  /** 'all': every reader under a pseudonym (QA, admin); 'own': only the caller's reads. */
  view: z.enum(['all', 'own']),
  ownPseudonym: z.string().nullable(),
  overall: figuresSchema,
  readers: z.array(figuresSchema.extend({ pseudonym: z.string() })),
  modalities: z.array(figuresSchema.extend({ modality: z.string() })),
  /** YYYY-MM, oldest first. */
  months: z.array(figuresSchema.extend({ month: z.string() })),
});
export type Statistics = z.infer<typeof statisticsSchema>;

export const pseudonymsSchema = z.object({
  pseudonyms: z.array(z.object({ pseudonym: z.string(), username: z.string(), displayName: z.string() })),
});

export const summarySchema = z.object({
  queue: z.number().int().min(0),
  arbitration: z.number().int().min(0),
  tasks: z.number().int().min(0),
});
export type PeerReviewSummary = z.infer<typeof summarySchema>;

/** The export's columns, in order (a RADPEER submission's fields; nothing that identifies the patient). */
export const EXPORT_COLUMNS = [
  'physician_id',
  'exam_type',
  'modality',
  'score',
  'significance',
  'review_date',
  'original_read_date',
  'arbitration',
  'origin',
] as const;
