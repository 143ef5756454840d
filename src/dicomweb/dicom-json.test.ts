import { describe, expect, it } from 'vitest';
import {
  formatDicomDate,
  formatDicomTime,
  formatPersonName,
  getNumber,
  getNumbers,
  getNumberTuple,
  getPersonName,
  getString,
  getStrings,
} from './dicom-json.ts';

describe('formatPersonName', () => {
  it.each([
    ['Doe^Jane', 'Doe, Jane'],
    ['Doe^Jane^Q^Dr^PhD', 'Doe, Dr Jane Q PhD'],
    ['van der Berg^Anna Maria', 'van der Berg, Anna Maria'],
    ['Müller^Jürgen', 'Müller, Jürgen'],
    ['SINGLE', 'SINGLE'],
    ['^Given', 'Given'],
    ['Yamada^Tarou=山田^太郎', 'Yamada, Tarou'],
    ['', ''],
  ])('%s → %s', (pn, shown) => expect(formatPersonName(pn)).toBe(shown));
  it('handles undefined', () => expect(formatPersonName(undefined)).toBe(''));
});

describe('DICOM dates and times', () => {
  it('formats DA as ISO and leaves partial values alone', () => {
    expect(formatDicomDate('20251014')).toBe('2025-10-14');
    expect(formatDicomDate('2025')).toBe('2025');
  });
  it('formats TM', () => {
    expect(formatDicomTime('093015.123')).toBe('09:30:15');
    expect(formatDicomTime('0930')).toBe('09:30');
    expect(formatDicomTime('09')).toBe('09:00');
  });
});

describe('value access', () => {
  const ds = {
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
    '00080061': { vr: 'CS', Value: ['CT', 'PR'] },
    '00280010': { vr: 'US', Value: [512] },
    '00201208': { vr: 'IS', Value: ['220'] },
    '00081030': { vr: 'LO' },
  };
  it('reads PN, multi-valued CS, numbers and missing values', () => {
    expect(getPersonName(ds, '00100010')).toBe('Doe^Jane');
    expect(getString(ds, '00100010')).toBe('Doe^Jane');
    expect(getStrings(ds, '00080061')).toEqual(['CT', 'PR']);
    expect(getNumber(ds, '00280010')).toBe(512);
    expect(getNumber(ds, '00201208')).toBe(220);
    expect(getString(ds, '00081030')).toBeUndefined();
    expect(getNumber(ds, '99999999')).toBeUndefined();
  });
});

describe('numeric values', () => {
  const ds = {
    '00280030': { vr: 'DS', Value: ['0.7', ' 0.7 '] },
    '00200032': { vr: 'DS', Value: ['-120', '', '30'] },
    '00200037': { vr: 'DS', Value: [1, 0, 0, 0, null, 0] },
    '00281050': { vr: 'DS', Value: [' '] },
    '00281051': { vr: 'DS', Value: ['wide'] },
  };
  it('reads numbers and numeric strings', () => {
    expect(getNumber(ds, '00280030')).toBe(0.7);
    expect(getNumberTuple(ds, '00280030', 2)).toEqual([0.7, 0.7]);
  });
  it('never reads a blank, null or non-numeric value as 0', () => {
    expect(getNumber(ds, '00281050')).toBeUndefined();
    expect(getNumber(ds, '00281051')).toBeUndefined();
    expect(getNumbers(ds, '00200032')).toEqual([-120, 30]);
    expect(getNumbers(ds, '00200037')).toEqual([1, 0, 0, 0, 0]);
  });
  it('gives a tuple only when every one of its values is a number', () => {
    expect(getNumberTuple(ds, '00200032', 3)).toBeUndefined();
    expect(getNumberTuple(ds, '00200037', 6)).toBeUndefined();
    expect(getNumberTuple(ds, '00280030', 3)).toBeUndefined();
    expect(getNumberTuple(ds, '99999999', 1)).toBeUndefined();
  });
});
