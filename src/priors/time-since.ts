/** Calendar difference between two DICOM dates (YYYYMMDD), as years, months and days. */
export interface DateDifference {
  years: number;
  months: number;
  days: number;
  /** The other date is after the reference date. */
  later: boolean;
}

function parse(da: string): { y: number; m: number; d: number } | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  if (!match) return undefined;
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function dateDifference(reference: string, other: string): DateDifference | undefined {
  const a = parse(reference);
  const b = parse(other);
  if (!a || !b) return undefined;
  const later = `${other}` > `${reference}`;
  const [from, to] = later ? [a, b] : [b, a];
  let total = (to.y - from.y) * 12 + (to.m - from.m);
  if (to.d < from.d) total -= 1;
  // The start date moved by whole months, its day clamped to the month's length (Jan 31 + 1 m = Feb 29).
  const anchorYear = from.y + Math.floor((from.m - 1 + total) / 12);
  const anchorMonth = ((from.m - 1 + total) % 12) + 1;
  const anchor = Date.UTC(anchorYear, anchorMonth - 1, Math.min(from.d, daysInMonth(anchorYear, anchorMonth)));
  const days = Math.round((Date.UTC(to.y, to.m - 1, to.d) - anchor) / 86_400_000);
  const years = Math.floor(total / 12);
  const months = total % 12;
  return { years, months, days, later };
}

/**
 * "1 y 2 m ago" for a study 1 year and 2 months before the reference date; months and days
 * below a year ("3 m 5 d ago", "12 d ago"), "same day", and "… later" for a newer study.
 */
export function formatTimeSince(reference: string, other: string): string {
  const diff = dateDifference(reference, other);
  if (!diff) return '';
  const { years, months, days, later } = diff;
  let text: string;
  if (years > 0) text = `${years} y ${months} m`;
  else if (months > 0) text = `${months} m ${days} d`;
  else if (days > 0) text = `${days} d`;
  else return 'same day';
  return later ? `${text} later` : `${text} ago`;
}
