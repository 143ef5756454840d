import { z } from 'zod';
import { isDicomUid } from '../../src/dicomweb/frame-batch-protocol.ts';
import type { AuditSearch } from './queries.ts';

/**
 * The filters of `GET /api/audit`: `user`, `patient`, `study`, `from`, `to` (a date `YYYY-MM-DD`, whole
 * days in UTC, `to` included; or an instant with its zone, `to` excluded), `before` (the next page:
 * records older than this id), `limit` (1–1000, default 100), `format` (`fhir` default, or `dicom`).
 */

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

function instant(text: string, endOfDay: boolean): Date | undefined {
  if (DATE.test(text)) {
    const day = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) return undefined;
    return endOfDay ? new Date(day.getTime() + DAY_MS) : day;
  }
  if (!INSTANT.test(text)) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

const text = (max: number) => z.string().trim().min(1).max(max).optional();
const when = z.string().trim().max(40).optional();

const schema = z
  .object({
    user: text(128),
    patient: text(64),
    study: z.string().trim().refine(isDicomUid, 'expected a DICOM UID').optional(),
    from: when,
    to: when,
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
    format: z.enum(['fhir', 'dicom']).optional(),
  })
  .strict();

export interface AuditRequest {
  search: AuditSearch;
  format: 'fhir' | 'dicom';
  /** The filters as given (for paging links). */
  filters: Record<string, string>;
}

export function parseAuditSearch(query: unknown): AuditRequest | { error: string } {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) {
    return { error: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ') };
  }
  const q = parsed.data;
  const from = q.from ? instant(q.from, false) : undefined;
  const to = q.to ? instant(q.to, true) : undefined;
  if (q.from && !from) return { error: 'from: expected a date (YYYY-MM-DD) or an instant with its time zone' };
  if (q.to && !to) return { error: 'to: expected a date (YYYY-MM-DD) or an instant with its time zone' };
  const filters: Record<string, string> = {};
  for (const key of ['user', 'patient', 'study', 'from', 'to'] as const) if (q[key]) filters[key] = q[key];
  if (q.limit !== undefined) filters['limit'] = String(q.limit);
  if (q.format) filters['format'] = q.format;
  return {
    search: { user: q.user, patient: q.patient, study: q.study, from, to, before: q.before, limit: q.limit ?? DEFAULT_LIMIT },
    format: q.format ?? 'fhir',
    filters,
  };
}
