import { describe, expect, it } from 'vitest';
import { factsFromQidoAnswer, isStudyFactsQuery, studyFactsQuery } from './study-facts.ts';

describe('study facts from a QIDO-RS answer', () => {
  const item = (uid: string, extra: Record<string, unknown> = {}) => ({ '0020000D': { vr: 'UI', Value: [uid] }, ...extra });

  it('reads patient ID, issuer and institution of the study asked for', () => {
    const answer = [
      item('1.2.9', { '00100020': { vr: 'LO', Value: ['OTHER'] } }),
      item('1.2.3', {
        '00100020': { vr: 'LO', Value: ['RR100001'] },
        '00100021': { vr: 'LO', Value: ['NORDKLINIK'] },
        '00080080': { vr: 'LO', Value: ['Nordklinik Kiel'] },
      }),
    ];
    expect(factsFromQidoAnswer(answer, '1.2.3')).toEqual({
      studyUid: '1.2.3',
      patientId: 'RR100001',
      issuerOfPatientId: 'NORDKLINIK',
      institutionName: 'Nordklinik Kiel',
    });
  });

  it('has empty strings for what the archive does not say', () => {
    expect(factsFromQidoAnswer([item('1.2.3', { '00100020': { vr: 'LO' } })], '1.2.3')).toEqual({
      studyUid: '1.2.3',
      patientId: '',
      issuerOfPatientId: '',
      institutionName: '',
    });
  });

  it('is undefined without the study or for an answer that is not DICOM JSON', () => {
    expect(factsFromQidoAnswer([], '1.2.3')).toBeUndefined();
    expect(factsFromQidoAnswer([item('1.2.4')], '1.2.3')).toBeUndefined();
    expect(factsFromQidoAnswer({ error: 'x' }, '1.2.3')).toBeUndefined();
    expect(factsFromQidoAnswer([null, 'x', 3], '1.2.3')).toBeUndefined();
  });

  it('asks the archive for the study with only the fields it needs', () => {
    expect(studyFactsQuery('1.2.3')).toBe('/studies?StudyInstanceUID=1.2.3&includefield=00100020&includefield=00100021&includefield=00080080');
    expect(isStudyFactsQuery(`/pacs/rs${studyFactsQuery('1.2.3')}`)).toBe(true);
    expect(isStudyFactsQuery('/dicom-web/studies?StudyInstanceUID=1.2.3')).toBe(false);
  });
});
