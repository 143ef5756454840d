import { describe, expect, it } from 'vitest';
import { accentInsensitiveMatcher, foldAccents } from './accent-folding.ts';
import { compactParams, EMPTY_STUDY_FILTERS, personNameMatch, studySearch } from './study-query.ts';

describe('foldAccents', () => {
  it.each([
    ['Müller^Jürgen', 'muller^jurgen'],
    ['MÜLLER', 'muller'],
    ['Mu\u0308ller', 'muller'], // decomposed ü (base letter + combining diaeresis)
    ['Ødegård', 'odegard'],
    ['Straße', 'strasse'],
    ['Æbeltoft', 'aebeltoft'],
    ['Łukasz Wałęsa', 'lukasz walesa'],
    ['Þórsdóttir', 'thorsdottir'],
    ['Đorđević', 'dordevic'],
    ['İnönü', 'inonu'],
    ['Çelik Şahin Öztürk', 'celik sahin ozturk'],
    ['Dvořák Šťastný', 'dvorak stastny'],
    ['ﬁnn Ｍüller', 'finn muller'],
    ['van der Berg', 'van der berg'],
  ])('%j → %j', (text, folded) => expect(foldAccents(text)).toBe(folded));
});

describe('accentInsensitiveMatcher', () => {
  it('finds accented names from a plain pattern and plain names from an accented one', () => {
    const muller = accentInsensitiveMatcher(personNameMatch('muller'));
    expect(muller('Müller^Jürgen')).toBe(true);
    expect(muller('MULLER^HANS')).toBe(true);
    expect(muller('Mu\u0308ller^Anna')).toBe(true);
    expect(muller('Mueller^Jürgen')).toBe(false);
    expect(muller('Moeller^Jan')).toBe(false);
    expect(muller('Smith^Muller')).toBe(false);
    const accented = accentInsensitiveMatcher(personNameMatch('Müller, Jür'));
    expect(accented('Muller^Juergen')).toBe(false);
    expect(accented('Muller^Jurgen')).toBe(true);
    expect(accented('Müller^Hans')).toBe(false);
  });

  it('keeps the wildcards and spaces of the pattern, and nothing else is special', () => {
    expect(accentInsensitiveMatcher('M?ller*')('Müller^Jürgen')).toBe(true);
    expect(accentInsensitiveMatcher('*jurgen*')('Müller^Jürgen')).toBe(true);
    expect(accentInsensitiveMatcher('van der berg*')('van der Berg^Anna Maria')).toBe(true);
    expect(accentInsensitiveMatcher('van der berg*')('vanderBerg^Anna')).toBe(false);
    expect(accentInsensitiveMatcher('o.k*')('Okafor^Chinedu')).toBe(false);
    expect(accentInsensitiveMatcher('(a|b)+*')('(A|B)+^X')).toBe(true);
    expect(accentInsensitiveMatcher('Doe^Jane')('Doe^Jane^M')).toBe(false);
    expect(accentInsensitiveMatcher('strasse*')('Straße^Eva')).toBe(true);
  });
});

describe('studySearch', () => {
  it('asks the archive for everything but the name, and matches the name here', () => {
    const search = studySearch({ ...EMPTY_STUDY_FILTERS, patientName: 'muller', modalities: ['CT'], patientId: 'RR' });
    expect(compactParams(search.archive)).toEqual({ PatientID: 'RR*', ModalitiesInStudy: { anyOf: ['CT'] } });
    expect(search.patientName?.('Müller^Jürgen')).toBe(true);
    expect(search.patientName?.('Okafor^Chinedu')).toBe(false);
  });
  it('has no local part without a name', () => {
    expect(studySearch({ ...EMPTY_STUDY_FILTERS, patientId: 'RR' }).patientName).toBeNull();
  });
});
