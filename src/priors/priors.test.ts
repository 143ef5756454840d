import { describe, expect, it } from 'vitest';
import type { StudySummary } from '../dicomweb/study-summary.ts';
import { bestMatchingSeries, descriptionSimilarity, scanPlane } from './best-series.ts';
import { modalityMatch } from './modality.ts';
import { isSamePatient, normalisedName, patientRelation } from './patient-identity.ts';
import { priorsToHang, rankPriors, type StudyFacts } from './rank-priors.ts';
import { regionsOf, regionsOfText, regionsOverlap } from './regions.ts';
import { dateDifference, formatTimeSince } from './time-since.ts';

const MUELLER = { patientName: 'Müller^Jürgen', patientId: 'RR100001', issuerOfPatientId: 'READROOM-TEST', patientBirthDate: '19580412', patientSex: 'M' };

function study(uid: string, date: string, modalities: string[], description: string, patient: Partial<StudySummary> = {}): StudySummary {
  return {
    studyInstanceUID: uid,
    ...MUELLER,
    studyDate: date,
    studyTime: '100000',
    accessionNumber: '',
    modalities,
    description,
    referringPhysician: '',
    numberOfSeries: 1,
    numberOfInstances: 1,
    ...patient,
  };
}

const facts = (s: StudySummary, bodyPart?: string): StudyFacts => ({ study: s, bodyParts: bodyPart ? [bodyPart] : [] });

// The sample patient's studies (scripts/samples/catalogue.ts).
const current = facts(study('current', '20240314', ['CT'], 'CT Thorax ohne KM'), 'CHEST');
const priorChest = facts(study('prior-chest', '20230302', ['CT'], 'CT Thorax ohne KM'), 'CHEST');
const olderChest = facts(study('older-chest', '20200915', ['CT'], 'CT Thorax'), 'CHEST');
const crChest = facts(study('cr-chest', '20231120', ['CR'], 'Röntgen Thorax pa'), 'CHEST');
const ctHead = facts(study('ct-head', '20231005', ['CT'], 'CT Schädel nativ'), 'HEAD');
const otherIssuer = facts(
  study('other-issuer', '20220601', ['CT'], 'CT Chest', { patientName: 'Hansen^Ole', issuerOfPatientId: 'NORDKLINIK', patientBirthDate: '19700101' }),
  'CHEST',
);
const sameName = facts(study('same-name', '20210301', ['CT'], 'CT Chest', { patientId: 'ST-998877', issuerOfPatientId: 'STADTSPITAL' }), 'CHEST');
const sameIdOtherIssuerSameName = facts(study('twin', '20210302', ['CT'], 'CT Chest', { issuerOfPatientId: 'NORDKLINIK' }), 'CHEST');

describe('rankPriors', () => {
  const result = rankPriors(current, [ctHead, crChest, otherIssuer, olderChest, sameName, priorChest, current]);
  const uids = (list: { study: StudySummary }[]) => list.map((r) => r.study.studyInstanceUID);

  it('ranks the prior CT chest first, the older CT chest next, the CR chest before the CT head', () => {
    expect(uids(result.priors)).toEqual(['prior-chest', 'older-chest', 'cr-chest', 'ct-head']);
    expect(result.priors.map((r) => r.relevance)).toEqual(['high', 'high', 'medium', 'low']);
  });

  it('never counts a study under another Issuer of Patient ID as the patient’s', () => {
    expect(uids([...result.priors, ...result.others, ...result.possibleMatches])).not.toContain('other-issuer');
  });

  it('lists the same name and birth date under another ID only as a possible match, never to hang', () => {
    expect(uids(result.possibleMatches)).toEqual(['same-name']);
    expect(uids(priorsToHang(result))).toEqual(['prior-chest']);
    expect(uids(priorsToHang(result, 2))).toEqual(['prior-chest', 'older-chest']);
  });

  it('a different issuer with the same name and birth date is a possible match too', () => {
    expect(uids(rankPriors(current, [sameIdOtherIssuerSameName]).possibleMatches)).toEqual(['twin']);
  });

  it('only older studies are priors; newer and undated ones are the patient’s other studies', () => {
    const newer = facts(study('newer', '20240501', ['CT'], 'CT Thorax'), 'CHEST');
    const sameDayLater = { study: { ...study('later', '20240314', ['CR'], 'Thorax'), studyTime: '120000' } };
    const undated = facts(study('undated', '', ['CT'], 'CT Thorax'));
    const r = rankPriors(current, [newer, sameDayLater, undated, priorChest]);
    expect(uids(r.priors)).toEqual(['prior-chest']);
    expect(uids(r.others)).toEqual(['newer', 'later', 'undated']);
  });

  it('with same region and modality, the most recent comes first', () => {
    const a = facts(study('a', '20190101', ['CT'], 'CT Chest'));
    const b = facts(study('b', '20220101', ['CT'], 'CT Chest'));
    expect(uids(rankPriors(current, [a, b]).priors)).toEqual(['b', 'a']);
  });

  it('counts PET-CT as compatible with CT, ahead of an unrelated modality of the same region', () => {
    const pet = facts(study('pet', '20230101', ['PT'], 'PET Thorax'));
    const mr = facts(study('mr', '20230601', ['MR'], 'MR Thorax'));
    const r = rankPriors(current, [mr, pet]);
    expect(uids(r.priors)).toEqual(['pet', 'mr']);
    expect(r.priors[0]!.relevance).toBe('high');
  });
});

describe('patient identity', () => {
  it('matches Patient ID within the current issuer only', () => {
    expect(isSamePatient(MUELLER, { ...MUELLER, patientName: 'Anyone' })).toBe(true);
    expect(isSamePatient(MUELLER, { ...MUELLER, issuerOfPatientId: 'OTHER' })).toBe(false);
    expect(isSamePatient({ ...MUELLER, issuerOfPatientId: '' }, { ...MUELLER, issuerOfPatientId: 'OTHER' })).toBe(true);
    expect(isSamePatient({ ...MUELLER, patientId: '' }, { ...MUELLER, patientId: '' })).toBe(false);
  });

  it('compares names case-insensitively without trailing empty components', () => {
    expect(normalisedName('MÜLLER^Jürgen^^')).toBe(normalisedName('Müller^Jürgen'));
    expect(patientRelation(MUELLER, { ...MUELLER, patientId: 'X', patientName: 'müller^jürgen^' })).toBe('possible-match');
    expect(patientRelation(MUELLER, { ...MUELLER, patientId: 'X', patientBirthDate: '19580413' })).toBe('other');
  });
});

describe('regions', () => {
  it.each([
    ['CT Thorax ohne KM', ['chest']],
    ['CT Head without contrast', ['head']],
    ['MRI Brain', ['head']],
    ['CT Chest/Abdomen/Pelvis', ['abdomen', 'chest', 'pelvis']],
    ['MR thoracic spine', ['spine-thoracic']],
    ['MR LWS L4/5', ['spine-lumbar']],
    ['MR T1 SE axial', []],
    ['XR Knee left', ['knee:left']],
    ['Knie rechts 2 Ebenen', ['knee:right']],
    ['CSPINE', ['spine-cervical']],
  ])('%s → %j', (text, regions) => {
    expect([...regionsOfText(text)].sort()).toEqual(regions);
  });

  it('takes the side of an extremity from Laterality and lets an unknown side match either', () => {
    expect([...regionsOf({ bodyParts: ['KNEE'], laterality: 'R' })]).toEqual(['knee:right']);
    expect(regionsOverlap(new Set(['knee:left']), new Set(['knee:right']))).toBe(false);
    expect(regionsOverlap(new Set(['knee:left']), new Set(['knee']))).toBe(true);
    expect(regionsOverlap(regionsOfText('spine'), regionsOfText('LSPINE'))).toBe(true);
  });

  it('reads Anatomic Region Sequence meanings through the same table', () => {
    expect([...regionsOf({ anatomicRegions: ['Chest'] })]).toEqual(['chest']);
  });
});

describe('modalityMatch', () => {
  it('same, compatible (CT↔PT, CR↔DX) or none; non-image series do not count', () => {
    expect(modalityMatch(['CT'], ['CT', 'SR'])).toBe('same');
    expect(modalityMatch(['CT'], ['PT'])).toBe('compatible');
    expect(modalityMatch(['DX'], ['CR'])).toBe('compatible');
    expect(modalityMatch(['CT'], ['CR'])).toBe('none');
    expect(modalityMatch(['CT', 'PR'], ['PR'])).toBe('none');
  });
});

describe('bestMatchingSeries', () => {
  const reference = { seriesInstanceUID: 'r', modality: 'CT', description: 'Thorax 1.25 mm axial', plane: 'axial' as const, sliceThickness: 1.25 };
  it('prefers the same modality, plane, description and thickness', () => {
    const candidates = [
      { seriesInstanceUID: 'topo', modality: 'CT', description: 'Topogram', plane: 'coronal' as const },
      { seriesInstanceUID: 'thick', modality: 'CT', description: 'Thorax 5 mm axial', plane: 'axial' as const, sliceThickness: 5 },
      { seriesInstanceUID: 'thin', modality: 'CT', description: 'Thorax 1.25 mm axial', plane: 'axial' as const, sliceThickness: 1.25 },
      { seriesInstanceUID: 'pr', modality: 'PR', description: 'Thorax 1.25 mm axial' },
    ];
    expect(bestMatchingSeries(reference, candidates)?.seriesInstanceUID).toBe('thin');
    expect(bestMatchingSeries(reference, candidates.slice(0, 2))?.seriesInstanceUID).toBe('thick');
  });
  it('falls back to the first series without a reference', () => {
    expect(bestMatchingSeries(undefined, [{ seriesInstanceUID: 'a', modality: 'CR', description: '' }])?.seriesInstanceUID).toBe('a');
  });
  it('knows the plane from Image Orientation (Patient)', () => {
    expect(scanPlane([1, 0, 0, 0, 1, 0])).toBe('axial');
    expect(scanPlane([1, 0, 0, 0, 0, -1])).toBe('coronal');
    expect(scanPlane([0, 1, 0, 0, 0, -1])).toBe('sagittal');
    expect(descriptionSimilarity('Thorax 1.25 mm axial', 'thorax 1.25 mm axial')).toBe(1);
  });
});

describe('formatTimeSince', () => {
  it.each([
    ['20240314', '20230302', '1 y 0 m ago'],
    ['20240314', '20230114', '1 y 2 m ago'],
    ['20240314', '20231120', '3 m 23 d ago'],
    ['20240314', '20240301', '13 d ago'],
    ['20240314', '20240314', 'same day'],
    ['20240314', '20240501', '1 m 17 d later'],
    ['20240301', '20240229', '1 d ago'],
    ['20240314', '', ''],
  ])('%s vs %s → %s', (reference, other, text) => {
    expect(formatTimeSince(reference, other)).toBe(text);
  });
  it('borrows the right month length', () => {
    expect(dateDifference('20240301', '20240131')).toEqual({ years: 0, months: 1, days: 1, later: false });
  });
});
