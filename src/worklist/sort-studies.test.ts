import { describe, expect, it } from 'vitest';
import type { StudySummary } from '../dicomweb/study-summary.ts';
import { sortedPage } from './fetch-worklist-page.ts';
import { sortStudies } from './sort-studies.ts';

const study = (uid: string, patientName: string, studyDate: string, extra: Partial<StudySummary> = {}): StudySummary => ({
  studyInstanceUID: uid,
  patientName,
  patientId: '',
  issuerOfPatientId: '',
  patientBirthDate: '',
  patientSex: '',
  studyDate,
  studyTime: '',
  accessionNumber: '',
  modalities: [],
  description: '',
  referringPhysician: '',
  numberOfSeries: undefined,
  numberOfInstances: undefined,
  ...extra,
});

const all = [
  study('1', 'Okafor^Chinedu', '20240301', { patientId: 'RR10' }),
  study('2', 'Müller^Jürgen', '20240302', { patientId: 'RR2' }),
  study('3', 'Abe^Yuki', '20230101', { patientId: 'RR3' }),
  study('4', 'Muller^Hans', '20250505', { patientId: 'RR1' }),
  study('5', 'Zhang^Wei', '20240302', { patientId: 'RR20' }),
];
const names = (rows: StudySummary[]) => rows.map((r) => r.patientName);

describe('sortStudies', () => {
  it('sorts names ignoring accents and case, ties newest first', () => {
    expect(names(sortStudies(all, 'name', 'asc'))).toEqual(['Abe^Yuki', 'Muller^Hans', 'Müller^Jürgen', 'Okafor^Chinedu', 'Zhang^Wei']);
    expect(names(sortStudies(all, 'name', 'desc'))[0]).toBe('Zhang^Wei');
  });
  it('sorts IDs numerically and dates both ways', () => {
    expect(sortStudies(all, 'pid', 'asc').map((r) => r.patientId)).toEqual(['RR1', 'RR2', 'RR3', 'RR10', 'RR20']);
    expect(sortStudies(all, 'date', 'desc').map((r) => r.studyInstanceUID)).toEqual(['4', '5', '2', '1', '3']);
    expect(sortStudies(all, 'date', 'asc').map((r) => r.studyInstanceUID)).toEqual(['3', '1', '2', '5', '4']);
  });
});

describe('sortedPage', () => {
  it('slices the complete sorted set, so page 2 follows page 1 in the global order', () => {
    const state = { sort: 'name' as const, direction: 'asc' as const, pageSize: 2 };
    expect(names(sortedPage(all, { ...state, page: 1 }).rows)).toEqual(['Abe^Yuki', 'Muller^Hans']);
    expect(sortedPage(all, { ...state, page: 2 })).toMatchObject({ hasNext: true });
    expect(names(sortedPage(all, { ...state, page: 3 }).rows)).toEqual(['Zhang^Wei']);
    expect(sortedPage(all, { ...state, page: 3 }).hasNext).toBe(false);
  });
  it('filters before slicing', () => {
    const page = sortedPage(all, { sort: 'date', direction: 'asc', pageSize: 1, page: 2 }, (r) => r.patientName.startsWith('M'));
    expect(page).toEqual({ rows: [all[3]], hasNext: false });
  });
});
