import { describe, expect, it } from 'vitest';
import { buildQueryString, encodeQueryValue } from './query-encoding.ts';

describe('encodeQueryValue', () => {
  it('percent-encodes for standard servers', () => {
    expect(encodeQueryValue('Doe^Ja ne*', 'percent')).toBe('Doe%5EJa%20ne*');
    expect(encodeQueryValue('Müller*', 'percent')).toBe('M%C3%BCller*');
  });
  it('keeps ^ and wildcards literal for servers that do not decode', () => {
    expect(encodeQueryValue('Doe^Jane*', 'literal')).toBe('Doe^Jane*');
  });
  it('turns ASCII characters a literal query cannot carry into single-character wildcards', () => {
    expect(encodeQueryValue('van der Berg^Anna*', 'literal')).toBe('van?der?Berg^Anna*');
    expect(encodeQueryValue('A&B=C#D+E%F,G', 'literal')).toBe('A?B?C?D?E?F?G');
  });
  it("turns non-ASCII runs into * because Orthanc's ? does not match them", () => {
    expect(encodeQueryValue('Müller^Jürgen*', 'literal')).toBe('M*ller^J*rgen*');
    expect(encodeQueryValue('山田*', 'literal')).toBe('*');
    expect(encodeQueryValue('Søren Ærø', 'literal')).toBe('S*ren?*r*');
  });
});

describe('buildQueryString', () => {
  it('skips empty values and repeats array values', () => {
    expect(buildQueryString({ PatientName: 'Doe*', PatientID: '', limit: 10, includefield: ['00100030', '00100040'] }, 'literal')).toBe(
      '?PatientName=Doe*&limit=10&includefield=00100030&includefield=00100040',
    );
  });
  it('writes any-of matches as one comma-separated parameter, each value encoded', () => {
    expect(buildQueryString({ ModalitiesInStudy: { anyOf: ['CT', 'MR'] } }, 'literal')).toBe('?ModalitiesInStudy=CT,MR');
    expect(buildQueryString({ ModalitiesInStudy: { anyOf: ['CT', 'MR'] } }, 'percent')).toBe('?ModalitiesInStudy=CT,MR');
    expect(buildQueryString({ ModalitiesInStudy: { anyOf: [] } }, 'percent')).toBe('');
  });
  it('is empty without parameters', () => expect(buildQueryString({}, 'percent')).toBe(''));
});
