import { describe, expect, it } from 'vitest';
import { buildQueryString, encodeQueryValue } from './query-encoding.ts';

describe('encodeQueryValue', () => {
  it('percent-encodes for standard servers', () => {
    expect(encodeQueryValue('Doe^Ja ne*', 'percent')).toBe('Doe%5EJa%20ne*');
  });
  it('keeps ^ and wildcards literal for servers that do not decode', () => {
    expect(encodeQueryValue('Doe^Jane*', 'literal')).toBe('Doe^Jane*');
  });
  it('turns characters a literal query cannot carry into single-character wildcards', () => {
    expect(encodeQueryValue('van der Berg^Anna*', 'literal')).toBe('van?der?Berg^Anna*');
    expect(encodeQueryValue('Müller', 'literal')).toBe('M?ller');
    expect(encodeQueryValue('A&B=C#D+E%F', 'literal')).toBe('A?B?C?D?E?F');
  });
});

describe('buildQueryString', () => {
  it('skips empty values and repeats array values', () => {
    expect(buildQueryString({ PatientName: 'Doe*', PatientID: '', limit: 10, includefield: ['00100030', '00100040'] }, 'literal')).toBe(
      '?PatientName=Doe*&limit=10&includefield=00100030&includefield=00100040',
    );
  });
  it('is empty without parameters', () => expect(buildQueryString({}, 'percent')).toBe(''));
});
