/**
 * Exact "newest first" paging over an archive that cannot sort (QIDO-RS has no sort).
 *
 * The archive is asked for date windows, walking backwards in time from the cursor: each window
 * is fetched completely (at most `windowCap` rows; a window with more is shrunk and asked again),
 * sorted here by date, time and Study Instance UID, and windows are appended until the page (plus
 * one row, to know whether there is a next page) is full. Because every window is complete and
 * windows do not overlap, page N is exactly the Nth slice of the globally date-sorted list.
 *
 * The cursor names the day of the next page's first row and how many rows of that day earlier
 * pages already showed; it is small enough to live in the URL.
 */

/** A row the pager can order: DICOM DA date, TM time and a unique key. */
export interface DatedRow {
  studyDate: string;
  studyTime: string;
  studyInstanceUID: string;
}

export interface DateCursor {
  /** DICOM DA of the first row of the page. */
  day: string;
  /** Rows of that day already shown on earlier pages (in this order). */
  skip: number;
}

/** Inclusive DA bounds; `from` '' means open towards the past. */
export interface DateWindow {
  from: string;
  to: string;
}

export interface DatePageRequest {
  cursor: DateCursor | null;
  pageSize: number;
  /** Today as DA: the first window ends in the far future but starts a few days before today. */
  today: string;
  /** Oldest day to include (the reader's "from" date), '' for no limit. */
  floor: string;
  /** Newest day to include (the reader's "to" date), '' for no limit. */
  ceiling: string;
  /** Most rows one window may hold (bounds every request). */
  windowCap: number;
  /** Days in the first window (default 7). */
  firstSpanDays?: number;
}

export interface DatePage<T> {
  rows: T[];
  /** Where the next page starts, or null on the last page. */
  next: DateCursor | null;
  /** Windows asked for (for tests and diagnostics). */
  windows: DateWindow[];
  /** A single day held more than windowCap studies: its rows are in archive order, not complete. */
  overfullDay: string | null;
}

export type FetchWindow<T> = (window: DateWindow, limit: number) => Promise<T[]>;

const FAR_FUTURE = '99991231';
/** Below this, the last window is open towards the past ("-YYYYMMDD"). */
const OLDEST_WALKED = '19000101';

const DAY_MS = 86_400_000;

export function daToDayNumber(da: string): number {
  return Date.UTC(Number(da.slice(0, 4)), Number(da.slice(4, 6)) - 1, Number(da.slice(6, 8))) / DAY_MS;
}

export function dayNumberToDa(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear().toString().padStart(4, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Newest first: date, then time, then UID (descending), so equal timestamps still have one order. */
export function compareNewestFirst(a: DatedRow, b: DatedRow): number {
  return b.studyDate.localeCompare(a.studyDate) || normaliseTime(b.studyTime).localeCompare(normaliseTime(a.studyTime)) || b.studyInstanceUID.localeCompare(a.studyInstanceUID);
}

function normaliseTime(tm: string): string {
  return tm.replace(/[^0-9.]/g, '').padEnd(6, '0');
}

function isDa(value: string): boolean {
  return /^\d{8}$/.test(value);
}

export async function fetchDateSortedPage<T extends DatedRow>(req: DatePageRequest, fetchWindow: FetchWindow<T>): Promise<DatePage<T>> {
  const need = req.pageSize + 1;
  const floor = isDa(req.floor) ? daToDayNumber(req.floor) : null;
  const oldestWalked = daToDayNumber(OLDEST_WALKED);
  const top = req.cursor && isDa(req.cursor.day) ? req.cursor.day : isDa(req.ceiling) ? req.ceiling : FAR_FUTURE;
  const skipOfTop = req.cursor && isDa(req.cursor.day) ? Math.max(0, req.cursor.skip) : 0;

  let hi = daToDayNumber(top);
  let span = Math.max(1, req.firstSpanDays ?? 7);
  const today = daToDayNumber(req.today);
  // The first window may reach from the far future (or a future cursor) back to `span` days before today.
  let reachesFuture = hi > today;
  const windows: DateWindow[] = [];
  const collected: T[] = [];
  let overfullDay: string | null = null;

  while (collected.length < need) {
    const base = reachesFuture ? today : hi;
    let lo = Math.min(hi, base - span + 1);
    let openBelow = false;
    if (floor !== null && lo <= floor) lo = floor;
    else if (floor === null && lo <= oldestWalked) {
      lo = oldestWalked;
      openBelow = true;
    }
    const window: DateWindow = { from: openBelow ? '' : dayNumberToDa(lo), to: dayNumberToDa(hi) };
    windows.push(window);
    const rows = await fetchWindow(window, req.windowCap + 1);
    if (rows.length > req.windowCap) {
      const days = base - lo + 1;
      if (days > 1) {
        // Too many studies in this window: ask again for its newest eighth (an overfull answer is the
        // expensive one, so shrink hard; sparse windows double again afterwards).
        span = Math.max(1, Math.floor(days / 8));
        continue;
      }
      overfullDay = window.to;
    }
    const inWindow = rows.filter((r) => isDa(r.studyDate) && r.studyDate <= window.to && (window.from === '' || r.studyDate >= window.from)).sort(compareNewestFirst);
    const fresh = hi === daToDayNumber(top) ? dropLeadingOfDay(inWindow, top, skipOfTop) : inWindow;
    collected.push(...fresh);
    if (openBelow || (floor !== null && lo <= floor)) break;
    hi = lo - 1;
    reachesFuture = false;
    span = fresh.length === 0 ? span * 4 : span * 2;
  }

  const rows = collected.slice(0, req.pageSize);
  const following = collected[req.pageSize];
  let next: DateCursor | null = null;
  if (following) {
    const shownOfDay = rows.filter((r) => r.studyDate === following.studyDate).length;
    next = { day: following.studyDate, skip: shownOfDay + (following.studyDate === top ? skipOfTop : 0) };
  }
  return { rows, next, windows, overfullDay };
}

function dropLeadingOfDay<T extends DatedRow>(sorted: T[], day: string, count: number): T[] {
  let dropped = 0;
  return sorted.filter((r) => {
    if (dropped < count && r.studyDate === day) {
      dropped++;
      return false;
    }
    return true;
  });
}

export function formatCursor(cursor: DateCursor): string {
  return `${cursor.day}.${cursor.skip}`;
}

export function parseCursor(text: string): DateCursor | null {
  const m = /^(\d{8})\.(\d{1,6})$/.exec(text);
  return m ? { day: m[1]!, skip: Number(m[2]) } : null;
}
