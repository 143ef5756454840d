import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT, parseAuditSearch } from './search-params.ts';

describe('audit search parameters', () => {
  it('defaults to the newest page as FHIR', () => {
    expect(parseAuditSearch({})).toEqual({
      search: { user: undefined, patient: undefined, study: undefined, from: undefined, to: undefined, before: undefined, limit: DEFAULT_LIMIT },
      format: 'fhir',
      filters: {},
    });
  });

  it('reads every filter; a date "to" includes that whole day (UTC)', () => {
    const parsed = parseAuditSearch({
      user: 'ada',
      patient: 'RR100001',
      study: '1.2.3',
      from: '2026-12-01',
      to: '2026-12-02',
      before: '50',
      limit: '20',
      format: 'dicom',
    });
    expect(parsed).toEqual({
      search: {
        user: 'ada',
        patient: 'RR100001',
        study: '1.2.3',
        from: new Date('2026-12-01T00:00:00Z'),
        to: new Date('2026-12-03T00:00:00Z'),
        before: 50,
        limit: 20,
      },
      format: 'dicom',
      filters: { user: 'ada', patient: 'RR100001', study: '1.2.3', from: '2026-12-01', to: '2026-12-02', limit: '20', format: 'dicom' },
    });
  });

  it('takes instants with their zone as they are', () => {
    const parsed = parseAuditSearch({ from: '2026-12-01T08:30:00+01:00', to: '2026-12-01T09:00Z' });
    expect(parsed).toMatchObject({ search: { from: new Date('2026-12-01T07:30:00Z'), to: new Date('2026-12-01T09:00:00Z') } });
  });

  it.each([
    [{ study: '1.2.abc' }, /study: expected a DICOM UID/],
    [{ from: '2026-02-30' }, /from: expected a date/],
    [{ to: '2026-12-01T10:00' }, /to: expected a date/],
    [{ limit: '0' }, /limit/],
    [{ limit: '5000' }, /limit/],
    [{ before: '-1' }, /before/],
    [{ format: 'csv' }, /format/],
    [{ user: ['a', 'b'] }, /user/],
    [{ password: 'x' }, /Unrecognized key/],
  ])('refuses %j', (query, message) => {
    const parsed = parseAuditSearch(query);
    expect(parsed).toHaveProperty('error');
    expect((parsed as { error: string }).error).toMatch(message);
  });
});
