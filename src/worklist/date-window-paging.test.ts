import { describe, expect, it } from 'vitest';
import {
  compareNewestFirst,
  fetchDateSortedPage,
  formatCursor,
  parseCursor,
  type DateCursor,
  type DatedRow,
  type DatePage,
  type DatePageRequest,
  type DateWindow,
} from './date-window-paging.ts';

/** A deterministic pseudo-random archive that answers date-range queries in a scrambled order, like QIDO. */
function fakeArchive(count: number, seed = 7, days = 1500, startDay = Date.UTC(2022, 0, 1)) {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rows: DatedRow[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(startDay + Math.floor(rnd() * rnd() * days) * 86_400_000);
    const da = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    // Few distinct times, so equal timestamps happen and the UID must break ties.
    rows.push({ studyDate: da, studyTime: ['080000', '120000', '1200', ''][i % 4]!, studyInstanceUID: `1.2.${i}` });
  }
  const scrambled = [...rows].sort(
    (a, b) =>
      ((a.studyInstanceUID.length * 7 + Number(a.studyInstanceUID.slice(4))) % 13) -
      ((b.studyInstanceUID.length * 7 + Number(b.studyInstanceUID.slice(4))) % 13),
  );
  const queries: Array<{ window: DateWindow; limit: number; returned: number }> = [];
  const probes: DateWindow[] = [];
  const inWindow = (window: DateWindow) => scrambled.filter((r) => r.studyDate <= window.to && (window.from === '' || r.studyDate >= window.from));
  const fetchWindow = async (window: DateWindow, limit: number) => {
    const hits = inWindow(window).slice(0, limit);
    queries.push({ window, limit, returned: hits.length });
    return hits;
  };
  const hasAtLeast = async (window: DateWindow, count: number) => {
    probes.push(window);
    return inWindow(window).length >= count;
  };
  return { rows, fetchWindow, hasAtLeast, queries, probes };
}

const base: Omit<DatePageRequest, 'cursor' | 'pageSize'> = { today: '20260115', floor: '', ceiling: '', windowCap: 40 };

async function allPages(archive: ReturnType<typeof fakeArchive>, pageSize: number, extra: Partial<DatePageRequest> = {}) {
  const pages: DatedRow[][] = [];
  let cursor: DateCursor | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page: DatePage<DatedRow> = await fetchDateSortedPage({ ...base, ...extra, cursor, pageSize }, archive.fetchWindow, archive.hasAtLeast);
    pages.push(page.rows);
    if (!page.next) break;
    cursor = page.next;
  }
  return pages;
}

describe('fetchDateSortedPage', () => {
  it.each([
    [300, 10],
    [300, 25],
    [57, 100],
    [500, 7],
    [1500, 30],
  ])('pages through %i studies (page size %i) exactly as one global newest-first sort would', async (count, pageSize) => {
    const archive = fakeArchive(count);
    const pages = await allPages(archive, pageSize);
    const expected = [...archive.rows].sort(compareNewestFirst);
    expect(pages.flat()).toEqual(expected);
    for (const [i, page] of pages.entries()) expect(page).toEqual(expected.slice(i * pageSize, (i + 1) * pageSize));
  });

  it('never asks for more than windowCap + 1 rows, and ten times the studies cost about the same requests', async () => {
    const requests = async (count: number) => {
      const archive = fakeArchive(count, 3, 400);
      const page = await fetchDateSortedPage({ ...base, cursor: null, pageSize: 25 }, archive.fetchWindow, archive.hasAtLeast);
      expect(page.rows).toEqual([...archive.rows].sort(compareNewestFirst).slice(0, 25));
      expect(Math.max(...archive.queries.map((q) => q.limit))).toBe(41);
      expect(page.overfullDay).toBeNull();
      expect(archive.queries.length).toBeLessThanOrEqual(3);
      return archive.queries.length + archive.probes.length;
    };
    const small = await requests(2000);
    const large = await requests(20000);
    expect(large).toBeLessThanOrEqual(small + 6);
  });

  it('fetches one window when the probes find it', async () => {
    const archive = fakeArchive(300);
    await fetchDateSortedPage({ ...base, cursor: null, pageSize: 10 }, archive.fetchWindow, archive.hasAtLeast);
    expect(archive.queries).toHaveLength(1);
    expect(archive.queries[0]!.returned).toBeLessThanOrEqual(40);
  });

  it('respects the from/to dates and stops at the floor', async () => {
    const archive = fakeArchive(300);
    const pages = await allPages(archive, 20, { floor: '20230101', ceiling: '20231231' });
    const expected = archive.rows.filter((r) => r.studyDate >= '20230101' && r.studyDate <= '20231231').sort(compareNewestFirst);
    expect(pages.flat()).toEqual(expected);
    expect(archive.queries.every((q) => q.window.from >= '20230101' && q.window.to <= '20231231')).toBe(true);
  });

  it('ends with an open window towards the past and reports no next page on an empty archive', async () => {
    const archive = fakeArchive(0);
    const page = await fetchDateSortedPage({ ...base, cursor: null, pageSize: 10 }, archive.fetchWindow, archive.hasAtLeast);
    expect(page).toMatchObject({ rows: [], next: null });
    expect(archive.queries).toHaveLength(1);
    expect(archive.queries[0]!.window.from).toBe('');
  });

  it('first window covers future-dated studies and the last week', async () => {
    const archive = fakeArchive(0);
    await fetchDateSortedPage({ ...base, cursor: null, pageSize: 10 }, archive.fetchWindow, archive.hasAtLeast);
    expect(archive.probes[0]).toEqual({ from: '20260109', to: '99991231' });
  });

  it('flags a single day with more studies than a window may hold', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ studyDate: '20250101', studyTime: '', studyInstanceUID: `9.${i}` }));
    const inWindow = (w: DateWindow) => rows.filter((r) => r.studyDate <= w.to && (w.from === '' || r.studyDate >= w.from));
    const page = await fetchDateSortedPage(
      { ...base, cursor: null, pageSize: 10 },
      async (w, limit) => inWindow(w).slice(0, limit),
      async (w, count) => inWindow(w).length >= count,
    );
    expect(page.overfullDay).toBe('20250101');
    expect(page.rows).toHaveLength(10);
  });
});

describe('rows filtered here (keep) and the scan limit', () => {
  const rare = (r: DatedRow) => Number(r.studyInstanceUID.slice(4)) % 9 === 0;

  it.each([10, 25])('pages through the filtered rows exactly as one global sort would (page size %i)', async (pageSize) => {
    const archive = fakeArchive(700);
    const pages = await allPages(archive, pageSize, { keep: rare });
    const expected = archive.rows.filter(rare).sort(compareNewestFirst);
    expect(pages.flat()).toEqual(expected);
    for (const [i, page] of pages.entries()) expect(page).toEqual(expected.slice(i * pageSize, (i + 1) * pageSize));
    expect(Math.max(...archive.queries.map((q) => q.limit))).toBe(41);
  });

  it('a page that reaches the scan limit ends early and the next page goes on, so no match is skipped', async () => {
    const archive = fakeArchive(1500);
    const expected = archive.rows.filter(rare).sort(compareNewestFirst);
    const pages: DatePage<DatedRow>[] = [];
    let cursor: DateCursor | null = null;
    for (let guard = 0; guard < 500; guard++) {
      const before = archive.queries.reduce((n, q) => n + q.returned, 0);
      const page: DatePage<DatedRow> = await fetchDateSortedPage(
        { ...base, cursor, pageSize: 25, keep: rare, scanLimit: 100 },
        archive.fetchWindow,
        archive.hasAtLeast,
      );
      const fetched = archive.queries.reduce((n, q) => n + q.returned, 0) - before;
      // The limit is checked after each whole window: at most one window past it.
      expect(fetched).toBeLessThanOrEqual(100 + 41);
      if (page.scanStop) {
        expect(page.rows.length).toBeLessThan(26);
        expect(page.scanStop.scanned).toBe(fetched);
        expect(page.next!.day < page.scanStop.searchedFrom).toBe(true);
      }
      pages.push(page);
      if (!page.next) break;
      cursor = page.next;
    }
    expect(pages.some((p) => p.scanStop)).toBe(true);
    expect(pages.flatMap((p) => p.rows)).toEqual(expected);
  });

  it('without a filter the scan limit does not apply', async () => {
    const archive = fakeArchive(300);
    const page = await fetchDateSortedPage({ ...base, cursor: null, pageSize: 100, scanLimit: 10 }, archive.fetchWindow, archive.hasAtLeast);
    expect(page.rows).toEqual([...archive.rows].sort(compareNewestFirst).slice(0, 100));
    expect(page.scanStop).toBeNull();
  });
});

describe('window hint', () => {
  it("each page's hint makes the same page again, page after page", async () => {
    const archive = fakeArchive(700);
    let cursor: DateCursor | null = null;
    for (let n = 0; n < 6; n++) {
      const page: DatePage<DatedRow> = await fetchDateSortedPage({ ...base, cursor, pageSize: 30 }, archive.fetchWindow, archive.hasAtLeast);
      const again: DatePage<DatedRow> = await fetchDateSortedPage(
        { ...base, cursor, pageSize: 30, hintFrom: page.hint },
        archive.fetchWindow,
        archive.hasAtLeast,
      );
      expect(again.rows).toEqual(page.rows);
      expect(again.next).toEqual(page.next);
      cursor = page.next;
    }
  });

  it.each(['20251201', '20240101', '20260110', '', '20300101', '19000101', 'junk'])('hint %s: every page is the same as without a hint', async (hintFrom) => {
    const archive = fakeArchive(500);
    const plain = await allPages(archive, 25);
    const hinted = await allPages(archive, 25, { hintFrom });
    expect(hinted).toEqual(plain);
  });

  it('a good hint costs one request and no probe', async () => {
    const archive = fakeArchive(500);
    const first = await fetchDateSortedPage({ ...base, cursor: null, pageSize: 25 }, archive.fetchWindow, archive.hasAtLeast);
    archive.queries.length = 0;
    archive.probes.length = 0;
    const again = await fetchDateSortedPage({ ...base, cursor: null, pageSize: 25, hintFrom: first.hint }, archive.fetchWindow, archive.hasAtLeast);
    expect(again.rows).toEqual(first.rows);
    expect(archive.queries).toHaveLength(1);
    expect(archive.probes).toHaveLength(0);
    // The hinted window reaches only to the day of the row after the page.
    const fromHintDay = archive.rows.filter((r) => r.studyDate >= first.hint!);
    expect(archive.queries[0]!.returned).toBe(fromHintDay.length);
    expect(fromHintDay.length).toBeLessThanOrEqual(25 + archive.rows.filter((r) => r.studyDate === first.hint).length);
    expect(archive.queries[0]!.window.from).toBe(first.hint);
  });

  it('an open hint on a small archive fetches everything once', async () => {
    const archive = fakeArchive(20);
    const first = await fetchDateSortedPage({ ...base, cursor: null, pageSize: 25 }, archive.fetchWindow, archive.hasAtLeast);
    expect(first.windows[0]!.from).toBe('');
    archive.queries.length = 0;
    archive.probes.length = 0;
    expect(first.hint).toBe('');
    const again = await fetchDateSortedPage({ ...base, cursor: null, pageSize: 25, hintFrom: first.hint }, archive.fetchWindow, archive.hasAtLeast);
    expect(again.rows).toEqual(first.rows);
    expect(archive.queries.length + archive.probes.length).toBe(1);
  });
});

describe('cursor text', () => {
  it('round-trips and rejects junk', () => {
    expect(parseCursor(formatCursor({ day: '20240314', skip: 3 }))).toEqual({ day: '20240314', skip: 3 });
    expect(parseCursor('2024-03-14.3')).toBeNull();
    expect(parseCursor('')).toBeNull();
  });
});
