import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DataSource } from '../dicomweb/runtime-config.ts';
import { EMPTY_STUDY_FILTERS } from '../dicomweb/study-query.ts';
import { Tag } from '../dicomweb/tags.ts';
import { compareNewestFirst } from './date-window-paging.ts';
import { fetchWorklistPage, SORT_CAP, type WorklistPage } from './fetch-worklist-page.ts';
import type { WindowHints } from './window-hints.ts';
import type { StudyReading } from '../reading/reading-contract.ts';
import { DEFAULT_WORKLIST_STATE, nextPage, type WorklistState } from './worklist-state.ts';

const source: DataSource = {
  sourceName: 'test',
  friendlyName: 'Test',
  qidoRoot: '/dicom-web',
  wadoRoot: '/dicom-web',
  stowRoot: '/dicom-web',
  quirks: { queryValueEncoding: 'literal' },
};
const noHints: WindowHints = { read: async () => undefined, write: () => undefined };
const now = new Date(2026, 0, 15, 12);

interface Row {
  uid: string;
  name: string;
  date: string;
}

/** A QIDO-RS archive in memory that, like Orthanc, cannot fold accents; it records every query. */
function fakeArchive(rows: Row[]) {
  const queries: URLSearchParams[] = [];
  const fetchStub = vi.fn(async (url: string) => {
    const params = new URL(url, 'http://readroom.test').searchParams;
    queries.push(params);
    if (params.has('PatientName')) throw new Error('the archive must not be asked for the name');
    const range = params.get('StudyDate') ?? '';
    const [from, to] = range.includes('-') ? range.split('-') : [range, range];
    const hits = rows.filter((r) => (!from || r.date >= from) && (!to || r.date <= to));
    const offset = Number(params.get('offset') ?? 0);
    const limit = Number(params.get('limit') ?? hits.length);
    const body = hits.slice(offset, offset + limit).map((r) => ({
      [Tag.StudyInstanceUID]: { vr: 'UI', Value: [r.uid] },
      [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: r.name }] },
      [Tag.StudyDate]: { vr: 'DA', Value: [r.date] },
      [Tag.StudyTime]: { vr: 'TM', Value: ['120000'] },
    }));
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/dicom+json' } });
  });
  vi.stubGlobal('fetch', fetchStub);
  return { queries };
}

/** `count` studies, one a day going back from 2025-12-31, named from `names` in turn. */
function studies(count: number, names: (i: number) => string): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(2025, 11, 31) - Math.floor(i / 3) * 86_400_000);
    const date = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    return { uid: `1.2.${i}`, name: names(i), date };
  });
}

const newestFirstUids = (rows: Row[]) =>
  rows
    .map((r) => ({ studyInstanceUID: r.uid, studyDate: r.date, studyTime: '120000' }))
    .sort(compareNewestFirst)
    .map((r) => r.studyInstanceUID);

const NEWEST_FIRST: WorklistState = { ...DEFAULT_WORKLIST_STATE, sort: 'date', direction: 'desc' };

const withName = (name: string, extra: Partial<WorklistState> = {}): WorklistState => ({
  ...NEWEST_FIRST,
  filters: { ...EMPTY_STUDY_FILTERS, patientName: name },
  ...extra,
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchWorklistPage', () => {
  it('finds "muller" among accented and plain names without asking the archive for the name', async () => {
    const rows = studies(30, (i) => ['Müller^Jürgen', 'Muller^Hans', 'Moeller^Jan', 'Okafor^Chinedu', 'Mueller^Eva'][i % 5]!);
    const archive = fakeArchive(rows);
    const page = await fetchWorklistPage(source, withName('muller'), now, undefined, noHints);
    const expected = newestFirstUids(rows.filter((r) => r.name.startsWith('Müller') || r.name.startsWith('Muller')));
    expect(page.rows.map((r) => r.studyInstanceUID)).toEqual(expected);
    expect(page.hasNext).toBe(false);
    expect(page.scanStop).toBeNull();
    expect(archive.queries.length).toBeGreaterThan(0);
  });

  it('sorts every matching study by name and pages through that order', async () => {
    const rows = studies(7, (i) => ['Zhang^Wei', 'Abe^Yuki', 'Müller^Jürgen', 'Okafor^Chinedu', 'Lindqvist^Sofia', 'Berg^Anna', 'Ngata^Aroha'][i]!);
    fakeArchive(rows);
    const state: WorklistState = { ...DEFAULT_WORKLIST_STATE, sort: 'name', direction: 'asc', pageSize: 3 };
    const names = async (s: WorklistState) => (await fetchWorklistPage(source, s, now, undefined, noHints)).rows.map((r) => r.patientName);
    expect(await names(state)).toEqual(['Abe^Yuki', 'Berg^Anna', 'Lindqvist^Sofia']);
    expect(await names(nextPage(state, null))).toEqual(['Müller^Jürgen', 'Ngata^Aroha', 'Okafor^Chinedu']);
    expect(await names({ ...state, page: 3 })).toEqual(['Zhang^Wei']);
  });

  it('refuses to sort more studies than it may fetch, with one cheap probe', async () => {
    const archive = fakeArchive(studies(SORT_CAP + 1, (i) => `Name^${i}`));
    const page = await fetchWorklistPage(source, { ...DEFAULT_WORKLIST_STATE, sort: 'name', direction: 'asc' }, now, undefined, noHints);
    expect(page).toMatchObject({ rows: [], tooManyToSort: true, hasNext: false });
    expect(archive.queries.map((q) => q.get('limit'))).toEqual(['1']);
  });

  it('stops a name search at its scan bound and goes on from there on the next page, skipping no match', async () => {
    // 2,500 studies, the only Müllers among the oldest: the first page reads its bound (2,000 rows) first.
    const rows = studies(2500, (i) => (i >= 2480 ? 'Müller^Jürgen' : `Other^${i}`));
    const archive = fakeArchive(rows);
    const state = withName('muller', { pageSize: 5 });
    const first: WorklistPage = await fetchWorklistPage(source, state, now, undefined, noHints);
    expect(first.rows).toEqual([]);
    expect(first.scanStop).not.toBeNull();
    expect(first.scanStop!.scanned).toBeGreaterThanOrEqual(2000);
    expect(first.hasNext).toBe(true);
    expect(Math.max(...archive.queries.map((q) => Number(q.get('limit'))))).toBe(201);
    const found: string[] = [];
    let current = state;
    let page = first;
    for (let guard = 0; page.hasNext && guard < 10; guard++) {
      current = nextPage(current, page.nextCursor);
      page = await fetchWorklistPage(source, current, now, undefined, noHints);
      found.push(...page.rows.map((r) => r.studyInstanceUID));
    }
    expect(found).toEqual(newestFirstUids(rows.filter((r) => r.name.startsWith('Müller'))));
  });

  it('puts STAT first, then the oldest unread, with the statuses of every match from one gateway request; the Status filter keeps its own', async () => {
    const rows = studies(6, (i) => `Name^${i}`);
    fakeArchive(rows);
    const reading = (uid: string, status: StudyReading['status'], priority: StudyReading['priority'], mine = false): StudyReading => ({
      studyInstanceUid: uid,
      status,
      reportStatus: null,
      claim: status === 'In progress' ? { name: 'Dr A', mine, since: now.toISOString(), activeAt: now.toISOString(), expiresAt: now.toISOString() } : null,
      priority,
      prioritySource: 'header',
      prioritySetBy: null,
      arrivedAt: now.toISOString(),
    });
    const known = new Map([
      ['1.2.4', reading('1.2.4', 'Unread', 'stat')],
      ['1.2.5', reading('1.2.5', 'Final', 'stat')],
      ['1.2.0', reading('1.2.0', 'In progress', 'routine', true)],
    ]);
    const asked: string[][] = [];
    const readingsOf = async (uids: readonly string[]) => {
      asked.push([...uids]);
      return new Map([...known].filter(([uid]) => uids.includes(uid)));
    };
    const page = await fetchWorklistPage(source, DEFAULT_WORKLIST_STATE, now, undefined, noHints, readingsOf);
    // Unread: STAT first, then the oldest (1.2.3 is a day older than 1.2.1 and 1.2.2, which tie: by UID); then in progress, then final.
    expect(page.rows.map((r) => r.studyInstanceUID)).toEqual(['1.2.4', '1.2.3', '1.2.1', '1.2.2', '1.2.0', '1.2.5']);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toHaveLength(6);
    const mine = await fetchWorklistPage(source, { ...DEFAULT_WORKLIST_STATE, reading: 'mine' }, now, undefined, noHints, readingsOf);
    expect(mine.rows.map((r) => r.studyInstanceUID)).toEqual(['1.2.0']);
    const unread = await fetchWorklistPage(
      source,
      { ...DEFAULT_WORKLIST_STATE, reading: 'unread', sort: 'date', direction: 'desc' },
      now,
      undefined,
      noHints,
      readingsOf,
    );
    expect(unread.rows.map((r) => r.studyInstanceUID)).toEqual(newestFirstUids(rows.filter((r) => ['1.2.1', '1.2.2', '1.2.3', '1.2.4'].includes(r.uid))));
  });
});
