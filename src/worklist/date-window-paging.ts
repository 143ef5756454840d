/**
 * Exact "newest first" paging over an archive that cannot sort (QIDO-RS has no sort).
 *
 * The archive is asked for date windows, walking backwards in time from the cursor. To find how far
 * back the next window must reach, a ladder of windows (7, 14, 28, … days, up to the oldest date)
 * is probed a few at a time with `limit=1&offset=k-1` ("are there at least k studies?"), which costs
 * a few hundred bytes per probe whatever the archive's size; a window that turns out to hold more than
 * `windowCap` is narrowed the same way. A window holding enough rows but no more than `windowCap` is
 * then fetched completely, sorted here by date, time and Study
 * Instance UID. Because every window is complete and windows do not overlap, page N is exactly the
 * Nth slice of the globally date-sorted list, and the work per page does not grow with the archive.
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

export interface DatePageRequest<T extends DatedRow = DatedRow> {
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
  /**
   * Where the first window reached back to the last time this page was fetched (DA; '' = it was open
   * towards the past). It is tried first
   * with one fetch; the page is still exact because that window is used only if it turns out complete
   * and holding enough rows, otherwise the walk runs as without a hint.
   */
  hintFrom?: string;
  /**
   * A condition the archive could not apply (the accent-insensitive patient name): rows of a window
   * that fail it are dropped after the window was fetched whole, so the page stays exact; windows are
   * then taken as large as allowed, since most of their rows may be dropped.
   */
  keep?: (row: T) => boolean;
  /**
   * With `keep`: the most rows one page may fetch from the archive. When they are used up before the
   * page is full, the page ends early (`scanStop`) and its `next` cursor continues below the last window
   * searched, so no match is ever skipped; the reader is told how far back this page searched.
   */
  scanLimit?: number;
}

export interface DatePage<T> {
  rows: T[];
  /** Where the next page starts, or null on the last page. */
  next: DateCursor | null;
  /** Windows asked for (for tests and diagnostics). */
  windows: DateWindow[];
  /** A single day held more than windowCap studies: its rows are in archive order, not complete. */
  overfullDay: string | null;
  /**
   * The tightest first window for fetching this page again (`hintFrom` of a later request): from the
   * day of the row after the page ('' when the page reached the open bottom). Undefined when none is known.
   */
  hint: string | undefined;
  /**
   * Set when the page ended early at `scanLimit`: the oldest day searched (DA) and how many rows were
   * fetched; older studies were not searched for this page (the next page goes on from there).
   */
  scanStop: { searchedFrom: string; scanned: number } | null;
}

export type FetchWindow<T> = (window: DateWindow, limit: number) => Promise<T[]>;
/** Whether the window holds at least `count` studies (QIDO `limit=1&offset=count-1`). */
export type HasAtLeast = (window: DateWindow, count: number) => Promise<boolean>;

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
  return (
    b.studyDate.localeCompare(a.studyDate) ||
    normaliseTime(b.studyTime).localeCompare(normaliseTime(a.studyTime)) ||
    b.studyInstanceUID.localeCompare(a.studyInstanceUID)
  );
}

function normaliseTime(tm: string): string {
  return tm.replace(/[^0-9.]/g, '').padEnd(6, '0');
}

function isDa(value: string): boolean {
  return /^\d{8}$/.test(value);
}

/** A window ending at `hi` and reaching back to `lo` (day numbers); `open` = no lower bound at all. */
interface Span {
  lo: number;
  hi: number;
  open: boolean;
}

function toWindow(span: Span): DateWindow {
  return { from: span.open ? '' : dayNumberToDa(span.lo), to: span.hi === daToDayNumber(FAR_FUTURE) ? FAR_FUTURE : dayNumberToDa(span.hi) };
}

/**
 * Windows ending at `hi`, each twice as long as the one before, the last reaching the bottom.
 * The first ones end in the future when `hi` does, but their length counts from today.
 */
function ladder(hi: number, today: number, bottom: number, bottomIsOpen: boolean, firstDays: number): Span[] {
  const base = Math.min(hi, today);
  const spans: Span[] = [];
  for (let days = firstDays; ; days *= 2) {
    const lo = Math.max(bottom, base - days + 1);
    if (lo <= bottom) {
      spans.push({ lo: bottom, hi, open: bottomIsOpen });
      return spans;
    }
    spans.push({ lo, hi, open: false });
  }
}

/**
 * Probes run a few at a time: enough to save round trips, few enough not to swamp a small archive
 * server (thirteen at once took longer than three rounds of three on Orthanc with two cores).
 */
const PROBES_PER_ROUND = 3;

/** Index of the first step whose window holds `count` rows, probing in rounds; -1 when none does. */
async function firstWithEnough(steps: readonly Span[], count: number, hasAtLeast: HasAtLeast): Promise<number> {
  for (let i = 0; i < steps.length; i += PROBES_PER_ROUND) {
    const round = steps.slice(i, i + PROBES_PER_ROUND);
    const answers = await Promise.all(round.map((step) => hasAtLeast(toWindow(step), count)));
    const hit = answers.indexOf(true);
    if (hit !== -1) return i + hit;
  }
  return -1;
}

/**
 * The next window ending at `hi`: one holding between `wanted` and `cap` rows (fetchable whole and
 * enough for the page), or the whole rest when even that holds fewer than `wanted`. When a single day
 * holds more than `cap`, the window returned is the days after it (fewer than `wanted` rows) or, if
 * it is the first day, that day alone, which the caller then reports as over-full.
 */
async function findWindow(steps: readonly Span[], wanted: number, cap: number, hasAtLeast: HasAtLeast): Promise<Span> {
  const pick = await firstWithEnough(steps.slice(0, -1), wanted, hasAtLeast);
  if (pick === -1) return steps.at(-1)!;
  const found = steps[pick]!;
  if (!(await hasAtLeast(toWindow(found), cap + 1))) return found;
  const window = (lo: number): Span => ({ lo, hi: found.hi, open: false });
  // Windows lengthen as lo falls: from `few` on they hold < wanted rows, from `many` on > cap.
  let few = pick > 0 ? steps[pick - 1]!.lo : found.hi + 1;
  let many = found.lo;
  while (few - many > 1) {
    const gap = few - many;
    const points = [
      ...new Set(Array.from({ length: PROBES_PER_ROUND }, (_, k) => many + Math.max(1, Math.round((gap * (k + 1)) / (PROBES_PER_ROUND + 1))))),
    ].filter((lo) => lo < few);
    const answers = await Promise.all(points.map((lo) => Promise.all([hasAtLeast(toWindow(window(lo)), wanted), hasAtLeast(toWindow(window(lo)), cap + 1)])));
    const fitting = points.find((_, k) => answers[k]![0] && !answers[k]![1]);
    if (fitting !== undefined) return window(fitting);
    points.forEach((lo, k) => {
      if (!answers[k]![0]) few = Math.min(few, lo);
      if (answers[k]![1]) many = Math.max(many, lo);
    });
  }
  // Day `many` alone holds more than cap.
  return few <= found.hi ? window(few) : window(found.hi);
}

export async function fetchDateSortedPage<T extends DatedRow>(
  req: DatePageRequest<T>,
  fetchWindow: FetchWindow<T>,
  hasAtLeast: HasAtLeast,
): Promise<DatePage<T>> {
  const need = req.pageSize + 1;
  const floor = isDa(req.floor) ? daToDayNumber(req.floor) : null;
  const bottom = floor ?? daToDayNumber(OLDEST_WALKED);
  const top = req.cursor && isDa(req.cursor.day) ? req.cursor.day : isDa(req.ceiling) ? req.ceiling : FAR_FUTURE;
  const topDay = daToDayNumber(top);
  const skipOfTop = req.cursor && isDa(req.cursor.day) ? Math.max(0, req.cursor.skip) : 0;
  const today = daToDayNumber(req.today);

  const windows: DateWindow[] = [];
  const collected: T[] = [];
  let overfullDay: string | null = null;
  let hi = topDay;

  const keep = req.keep;
  let scanned = 0;
  let scanStop: DatePage<T>['scanStop'] = null;
  let hinted = hintedSpan(req.hintFrom, topDay, bottom, floor === null);
  while (collected.length < need && hi >= bottom) {
    // Rows of the cursor's day that earlier pages showed are still counted by the archive; no
    // window may hold more than windowCap rows (then the page takes several windows). When rows are
    // also filtered here, at least half a cap is asked for (the filter may keep few of them).
    const missing = need - collected.length + (hi === topDay ? skipOfTop : 0);
    const wanted = Math.min(req.windowCap, keep ? Math.max(missing, Math.ceil(req.windowCap / 2)) : missing);
    let span: Span;
    let rows: T[];
    const tried = hinted ? await fetchWindow(toWindow(hinted), req.windowCap + 1) : null;
    if (hinted && tried && tried.length <= req.windowCap) {
      // A complete window: usable whether or not it holds enough (the walk then goes on below it).
      span = hinted;
      rows = tried;
    } else {
      const steps = ladder(hi, today, bottom, floor === null, Math.max(1, req.firstSpanDays ?? 7));
      span = await findWindow(steps, wanted, req.windowCap, hasAtLeast);
      rows = await fetchWindow(toWindow(span), req.windowCap + 1);
    }
    hinted = null;
    const window = toWindow(span);
    windows.push(window);
    if (rows.length > req.windowCap) overfullDay = window.to;
    scanned += rows.length;
    const inWindow = rows
      .filter((r) => isDa(r.studyDate) && r.studyDate <= window.to && (window.from === '' || r.studyDate >= window.from))
      .sort(compareNewestFirst);
    // The skipped rows of the cursor's day are counted among those that pass the filter (the earlier page showed them).
    const kept = keep ? inWindow.filter(keep) : inWindow;
    collected.push(...(span.hi === topDay ? dropLeadingOfDay(kept, top, skipOfTop) : kept));
    if (span.lo <= bottom) break;
    hi = span.lo - 1;
    if (keep && req.scanLimit !== undefined && scanned >= req.scanLimit && collected.length < need) {
      scanStop = { searchedFrom: window.from, scanned };
      break;
    }
  }

  const rows = collected.slice(0, req.pageSize);
  const following = collected[req.pageSize];
  let next: DateCursor | null = null;
  if (following) {
    const shownOfDay = rows.filter((r) => r.studyDate === following.studyDate).length;
    next = { day: following.studyDate, skip: shownOfDay + (following.studyDate === top ? skipOfTop : 0) };
  }
  // A page that stopped at the scan limit goes on from the day below its last window.
  if (scanStop) next = { day: dayNumberToDa(hi), skip: 0 };
  const hint = following ? following.studyDate : windows.at(-1)?.from === '' ? '' : undefined;
  return { rows, next, windows, overfullDay, hint, scanStop };
}

/** The hinted first window, when the hint is a day inside the range this page may cover. */
function hintedSpan(hintFrom: string | undefined, topDay: number, bottom: number, openBelow: boolean): Span | null {
  if (hintFrom === '' && openBelow) return { lo: bottom, hi: topDay, open: true };
  if (!hintFrom || !isDa(hintFrom)) return null;
  const lo = daToDayNumber(hintFrom);
  return lo > bottom && lo <= topDay ? { lo, hi: topDay, open: false } : null;
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
