/**
 * The audit page's filters, kept in the page URL (`/admin/audit?user=…&from=…&before=…`), and the
 * gateway request they make (`GET /api/audit`). Dates are the administrator's local days: `from` is
 * sent as the start of its day, `to` as the start of the day after (the gateway excludes it).
 */

export interface AuditFilters {
  user: string;
  patient: string;
  study: string;
  /** YYYY-MM-DD, local day, or ''. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { user: '', patient: '', study: '', from: '', to: '' };
const FIELDS = ['user', 'patient', 'study', 'from', 'to'] as const;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export const AUDIT_PAGE_SIZE = 100;
/** An export asks for up to this many records at once. */
export const AUDIT_EXPORT_SIZE = 1000;

export function readAuditFilters(params: URLSearchParams): AuditFilters {
  const filters = { ...EMPTY_AUDIT_FILTERS };
  for (const field of FIELDS) filters[field] = params.get(field)?.trim() ?? '';
  if (!DAY.test(filters.from)) filters.from = '';
  if (!DAY.test(filters.to)) filters.to = '';
  return filters;
}

/** Equal field by field: the page reads a new object from the URL on every render. */
export function sameAuditFilters(a: AuditFilters, b: AuditFilters): boolean {
  return FIELDS.every((field) => a[field] === b[field]);
}

/** The page URL's query for these filters (and a page cursor). */
export function writeAuditFilters(filters: AuditFilters, before?: number): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of FIELDS) if (filters[field].trim()) params.set(field, filters[field].trim());
  if (before !== undefined) params.set('before', String(before));
  return params;
}

export function readCursor(params: URLSearchParams): number | undefined {
  const value = Number(params.get('before'));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The instant a local day starts, `days` later. */
function localDayStart(day: string, days: number): string {
  const [, y, m, d] = DAY.exec(day)!;
  return new Date(Number(y), Number(m) - 1, Number(d) + days).toISOString();
}

export function auditApiUrl(filters: AuditFilters, options: { format?: 'fhir' | 'dicom'; before?: number | undefined; limit?: number } = {}): string {
  const params = new URLSearchParams();
  for (const field of ['user', 'patient', 'study'] as const) if (filters[field].trim()) params.set(field, filters[field].trim());
  if (filters.from) params.set('from', localDayStart(filters.from, 0));
  if (filters.to) params.set('to', localDayStart(filters.to, 1));
  params.set('limit', String(options.limit ?? AUDIT_PAGE_SIZE));
  if (options.before !== undefined) params.set('before', String(options.before));
  if (options.format === 'dicom') params.set('format', 'dicom');
  return `/api/audit?${params.toString()}`;
}
