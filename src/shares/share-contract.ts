import { z } from 'zod';

/**
 * The share links' HTTP contract, one module for both ends: the gateway (server/shares) answers in
 * these shapes and the app parses them with these schemas.
 */

export const SHARE_STATES = ['active', 'expired', 'revoked', 'blocked', 'used-up'] as const;
export type ShareLinkState = (typeof SHARE_STATES)[number];

const DICOM_UID = /^[0-9]+(?:\.[0-9]+)*$/;
export const MAX_SHARED_STUDIES = 20;
export const MAX_RECIPIENT_LENGTH = 200;
export const MIN_PASSCODE_LENGTH = 4;
export const MAX_PASSCODE_LENGTH = 64;
export const MAX_USES = 1000;

/** `POST /api/shares` body. */
export const createShareBody = z
  .object({
    studyInstanceUids: z
      .array(z.string().max(64).regex(DICOM_UID, 'must be a DICOM UID (digits and dots)'))
      .min(1, 'name at least one study')
      .max(MAX_SHARED_STUDIES, `at most ${MAX_SHARED_STUDIES} studies`),
    /** The data source of the studies (default: the default source). */
    dataSource: z.string().min(1).max(64).optional(),
    expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date and time' }).optional(),
    expiresInDays: z.number().positive('must be more than 0 days').optional(),
    maxUses: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_USES, `must be at most ${MAX_USES}`).optional(),
    passcode: z
      .string()
      .trim()
      .min(MIN_PASSCODE_LENGTH, `must have at least ${MIN_PASSCODE_LENGTH} characters`)
      .max(MAX_PASSCODE_LENGTH, `must have at most ${MAX_PASSCODE_LENGTH} characters`)
      .optional(),
    includePriors: z.boolean().optional(),
    recipient: z.string().trim().max(MAX_RECIPIENT_LENGTH, `must have at most ${MAX_RECIPIENT_LENGTH} characters`).optional(),
    /** What the recipient may do; only viewing for now. */
    permissions: z.array(z.literal('view')).optional(),
  })
  .strict();
export type CreateShareBody = z.input<typeof createShareBody>;

/** `201` answer of `POST /api/shares`: `url` is the path `/s/<token>`, shown once (never stored). */
export const createdShareSchema = z.object({ id: z.string(), url: z.string(), expiresAt: z.string(), studyCount: z.number() });
export type CreatedShare = z.infer<typeof createdShareSchema>;

/** One link in `GET /api/shares?study=<uid>` (never its token). */
export const shareLinkSchema = z.object({
  id: z.string(),
  recipient: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  useCount: z.number(),
  maxUses: z.number().nullable(),
  lastUsedAt: z.string().nullable(),
  passcode: z.boolean(),
  state: z.enum(SHARE_STATES),
  studyCount: z.number(),
});
export type ShareLink = z.infer<typeof shareLinkSchema>;
export const shareListSchema = z.object({ links: z.array(shareLinkSchema) });

/** One entry of `GET /api/shares/<id>/history`. */
export const shareHistoryEntrySchema = z.object({
  at: z.string(),
  what: z.string(),
  outcome: z.number(),
  clientAddress: z.string(),
  studyUids: z.array(z.string()),
});
export const shareHistorySchema = z.object({ link: shareLinkSchema, events: z.array(shareHistoryEntrySchema) });
export type ShareHistoryEntry = z.infer<typeof shareHistoryEntrySchema>;

/** `POST /api/share-links/status` (read-only: it changes nothing, counts no use). */
export const LINK_STATUSES = [...SHARE_STATES, 'unknown'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];
export const linkStatusSchema = z.object({ state: z.enum(LINK_STATUSES), passcodeRequired: z.boolean() });

/** `POST /api/share-sessions` body and its answers. */
export const exchangeBody = z.object({ token: z.string().min(1).max(100), passcode: z.string().max(MAX_PASSCODE_LENGTH).optional() }).strict();
export const exchangedSchema = z.object({ location: z.string().startsWith('/') });
export const EXCHANGE_ERRORS = [
  'share_unknown',
  'share_expired',
  'share_revoked',
  'share_blocked',
  'share_used_up',
  'passcode_required',
  'passcode_wrong',
] as const;
export type ExchangeError = (typeof EXCHANGE_ERRORS)[number];
export const exchangeRefusalSchema = z.object({ error: z.enum(EXCHANGE_ERRORS), message: z.string(), attemptsLeft: z.number().optional() });

/** What a share session sees of itself: `GET /api/session` under a share, and the page's inline configuration. */
export const shareSessionSchema = z.object({
  kind: z.literal('share'),
  id: z.string(),
  recipient: z.string(),
  sharedBy: z.string(),
  expiresAt: z.string(),
  studies: z.array(z.object({ dataSource: z.string(), studyInstanceUid: z.string(), isPrior: z.boolean() })).min(1),
});
export type ShareSession = z.infer<typeof shareSessionSchema>;

/** The viewer address of a share session's first study (the token never appears in it). */
export function sharedViewerPath(share: Pick<ShareSession, 'studies'>, defaultDataSource: string): string {
  const first = share.studies.find((study) => !study.isPrior) ?? share.studies[0]!;
  const base = `/viewer?StudyInstanceUIDs=${encodeURIComponent(first.studyInstanceUid)}`;
  return first.dataSource === defaultDataSource ? base : `${base}&dataSource=${encodeURIComponent(first.dataSource)}`;
}

/** The token of a landing page path `/s/<token>`, or undefined. */
export function tokenOfSharePath(pathname: string): string | undefined {
  return /^\/s\/([A-Za-z0-9_-]{1,100})\/?$/.exec(pathname)?.[1];
}
