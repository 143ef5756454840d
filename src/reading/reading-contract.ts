import { z } from 'zod';
import { PRIORITIES, READING_STATUSES, REPORT_STATUSES } from './reading-rules.ts';

/**
 * The reading shift's HTTP contract (server/reading), one module for both ends: the gateway answers in
 * these shapes and the app parses them with these schemas.
 */

const DICOM_UID = z
  .string()
  .max(64)
  .regex(/^[0-9]+(?:\.[0-9]+)*$/, 'must be a DICOM UID (digits and dots)');
/** Most studies one status request or one "next" request may name (the worklist's largest sorted set). */
export const MAX_STUDIES_PER_REQUEST = 1000;

const dataSource = z.string().min(1).max(64).optional();

/** `POST /api/reading/statuses`: the statuses of the studies on a worklist page (or a whole sorted set). */
export const statusesBody = z.strictObject({ dataSource, studyInstanceUids: z.array(DICOM_UID).max(MAX_STUDIES_PER_REQUEST) });
export type StatusesBody = z.infer<typeof statusesBody>;

/** Bodies of claim, heartbeat, release and take-over: the data source of the study (default: the default one). */
export const studyActionBody = z.strictObject({ dataSource }).optional();

/** `PUT /api/reading/studies/:uid/priority`: null removes the override (the header's priority applies again). */
export const priorityBody = z.strictObject({ dataSource, priority: z.enum(PRIORITIES).nullable() });
export type PriorityBody = z.infer<typeof priorityBody>;

/** `POST /api/reading/next`: the current view's studies in its order (the app walks the archive's pages). */
export const nextBody = z.strictObject({ dataSource, candidates: z.array(DICOM_UID).max(MAX_STUDIES_PER_REQUEST) });
export type NextBody = z.infer<typeof nextBody>;

export const claimHolderSchema = z.object({
  /** Display name of whoever holds the claim. */
  name: z.string(),
  mine: z.boolean(),
  since: z.iso.datetime(),
  activeAt: z.iso.datetime(),
  /** When the claim lapses without a heartbeat (the viewer beats well before). */
  expiresAt: z.iso.datetime(),
});
export type ClaimHolder = z.infer<typeof claimHolderSchema>;

export const studyReadingSchema = z.object({
  studyInstanceUid: z.string(),
  status: z.enum(READING_STATUSES),
  reportStatus: z.enum(REPORT_STATUSES).nullable(),
  /** The active claim, if any (a lapsed one is not shown). */
  claim: claimHolderSchema.nullable(),
  priority: z.enum(PRIORITIES),
  /** Where the priority came from: set in Readroom, the DICOM header, or neither (routine by default). */
  prioritySource: z.enum(['override', 'header', 'default']),
  prioritySetBy: z.string().nullable(),
  /** When the gateway first saw the study (the turnaround clock's start when the header has no study date). */
  arrivedAt: z.iso.datetime(),
});
export type StudyReading = z.infer<typeof studyReadingSchema>;

export const readingSettingsSchema = z.object({
  claimIdleMinutes: z.number(),
  turnaroundMinutes: z.object({ stat: z.number(), urgent: z.number(), routine: z.number() }),
});
export type ReadingSettingsView = z.infer<typeof readingSettingsSchema>;

export const statusesAnswerSchema = z.object({ studies: z.array(studyReadingSchema), settings: readingSettingsSchema });
export type StatusesAnswer = z.infer<typeof statusesAnswerSchema>;

/** 200 of claim, heartbeat and take-over; `tookOverFrom` names whose active claim a take-over ended. */
export const claimAnswerSchema = z.object({ study: studyReadingSchema, tookOverFrom: z.string().nullable().optional() });
export type ClaimAnswer = z.infer<typeof claimAnswerSchema>;

/** 409 of claim and heartbeat: someone else holds the study. */
export const claimRefusalSchema = z.object({ error: z.literal('claimed'), message: z.string(), holder: claimHolderSchema });
export type ClaimRefusal = z.infer<typeof claimRefusalSchema>;

/** 200 of next: the study claimed for the caller, or null when the view has no unread study left. */
export const nextAnswerSchema = z.object({ studyInstanceUid: z.string().nullable() });
