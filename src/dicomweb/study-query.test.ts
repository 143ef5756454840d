import { describe, expect, it } from 'vitest';
import { buildQueryString } from './query-encoding.ts';
import { compactParams, containsMatch, dateRange, EMPTY_STUDY_FILTERS, personNameMatch, studyMatchParams, textMatch, toDicomDate } from './study-query.ts';

describe('personNameMatch', () => {
  it.each([
    ['muller', 'muller*'],
    ['Müller, Jürgen', 'Müller^Jürgen*'],
    ['Müller,Jü', 'Müller^Jü*'],
    ['Müller^Jürgen', 'Müller^Jürgen*'],
    ['Doe^Jane*', 'Doe^Jane*'],
    ['van der Berg', 'van der Berg*'],
    ['van der Berg, Anna Maria', 'van der Berg^Anna Maria*'],
    ['Okafor,', 'Okafor*'],
    [', Chinedu', 'Chinedu*'],
    ['  ', ''],
  ])('%j → %j', (typed, match) => expect(personNameMatch(typed)).toBe(match));
});

describe('other matches', () => {
  it('prefix and contains matches', () => {
    expect(textMatch(' ACC2024 ')).toBe('ACC2024*');
    expect(textMatch('')).toBe('');
    expect(containsMatch('brain')).toBe('*brain*');
    expect(containsMatch('*brain')).toBe('*brain*');
  });
  it('dates', () => {
    expect(toDicomDate('2024-03-14')).toBe('20240314');
    expect(toDicomDate('14.03.2024')).toBe('');
    expect(dateRange('20240301', '')).toBe('20240301-');
    expect(dateRange('', '20240301')).toBe('-20240301');
    expect(dateRange('20240301', '20240301')).toBe('20240301');
    expect(dateRange('', '')).toBe('');
  });
});

describe('studyMatchParams', () => {
  it('leaves out empty filters', () => expect(compactParams(studyMatchParams(EMPTY_STUDY_FILTERS))).toEqual({}));
  it('builds every filter, and the query string Orthanc understands', () => {
    const params = studyMatchParams({
      patientName: 'Müller, Jürgen',
      patientId: 'RR1',
      accessionNumber: 'ACC',
      dateFrom: '2024-03-01',
      dateTo: '2024-03-31',
      modalities: ['CT', 'MR'],
      description: 'thorax',
      referringPhysician: 'Schneider',
    });
    expect(buildQueryString(params, 'literal')).toBe(
      '?PatientName=M*ller^J*rgen*&PatientID=RR1*&AccessionNumber=ACC*&StudyDate=20240301-20240331&ModalitiesInStudy=CT,MR&StudyDescription=*thorax*&ReferringPhysicianName=Schneider*',
    );
    expect(buildQueryString({ PatientName: params['PatientName'] }, 'percent')).toBe('?PatientName=M%C3%BCller%5EJ%C3%BCrgen*');
  });
});
