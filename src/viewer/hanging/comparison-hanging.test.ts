import { describe, expect, it } from 'vitest';
import type { SeriesSummary, StudySummary } from '../../dicomweb/study-summary.ts';
import { comparisonHanging, comparisonPair, comparisonRoles } from './comparison-hanging.ts';
import type { LaunchStudy } from './launch-queries.ts';

const patient = { patientName: 'Müller^Jürgen', patientId: 'RR100001', issuerOfPatientId: 'READROOM-TEST', patientBirthDate: '19580412', patientSex: 'M' };

function launch(uid: string, date: string, series: Partial<SeriesSummary>[], who: Partial<StudySummary> = {}): LaunchStudy {
  const study: StudySummary = {
    studyInstanceUID: uid,
    ...patient,
    studyDate: date,
    studyTime: '100000',
    accessionNumber: '',
    modalities: ['CT'],
    description: '',
    referringPhysician: '',
    numberOfSeries: series.length,
    numberOfInstances: undefined,
    ...who,
  };
  return {
    studyInstanceUID: uid,
    study,
    series: series.map((s, i) => ({ seriesInstanceUID: `${uid}.${i}`, modality: 'CT', description: '', seriesNumber: i + 1, numberOfInstances: 10, ...s })),
  };
}

const current = launch('1.1', '20240314', [{ description: 'Thorax 1.25 mm axial' }]);
const prior = launch('1.2', '20230302', [{ description: 'Topogram' }, { description: 'Thorax 1.25 mm axial' }]);

describe('comparisonHanging', () => {
  it('hangs the current series left and the best-matching prior series right', () => {
    expect(comparisonHanging(current, [prior], [])).toEqual({
      current: { studyInstanceUID: '1.1', seriesInstanceUID: '1.1.0' },
      priors: [{ studyInstanceUID: '1.2', seriesInstanceUID: '1.2.1' }],
    });
  });

  it('never hangs another patient’s study as a prior', () => {
    const otherIssuer = launch('1.3', '20230101', [{}], { issuerOfPatientId: 'NORDKLINIK' });
    expect(comparisonHanging(current, [otherIssuer], [])).toBeUndefined();
    expect(comparisonHanging(current, [otherIssuer, prior], [])?.priors.map((p) => p.studyInstanceUID)).toEqual(['1.2']);
    expect(comparisonRoles([current, otherIssuer], '1.1').size).toBe(0);
  });
});

describe('comparisonRoles', () => {
  it('labels the current and prior studies with their dates', () => {
    const newer = launch('1.4', '20240501', [{}]);
    const roles = comparisonRoles([current, prior, newer], '1.1');
    expect(roles.get('1.1')).toEqual({ kind: 'current', date: '2024-03-14', label: 'CURRENT 2024-03-14' });
    expect(roles.get('1.2')?.label).toBe('PRIOR 2023-03-02');
    expect(roles.get('1.4')?.kind).toBe('other');
    expect(comparisonRoles([current], '1.1').size).toBe(0);
  });
});

describe('comparisonPair', () => {
  it('pairs the first viewport of the current study with the first of another study', () => {
    const a = { studyInstanceUID: '1.1', seriesInstanceUID: 'a' };
    const b = { studyInstanceUID: '1.2', seriesInstanceUID: 'b' };
    expect(comparisonPair({ 'viewport-1': a, 'viewport-2': b }, ['viewport-1', 'viewport-2'], '1.1')).toEqual({
      currentViewportId: 'viewport-1',
      priorViewportId: 'viewport-2',
    });
    expect(comparisonPair({ 'viewport-1': a, 'viewport-2': b }, ['viewport-1'], '1.1')).toBeUndefined();
  });
});
