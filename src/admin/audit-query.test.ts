import { describe, expect, it } from 'vitest';
import { auditApiUrl, EMPTY_AUDIT_FILTERS, readAuditFilters, readCursor, sameAuditFilters, writeAuditFilters } from './audit-query.ts';

describe('audit page filters in the URL', () => {
  it('round-trip, blanks left out, the cursor kept apart', () => {
    const filters = { user: 'ada', patient: 'RR100001', study: '1.2.3', from: '2026-12-01', to: '' };
    const params = writeAuditFilters(filters, 40);
    expect(params.toString()).toBe('user=ada&patient=RR100001&study=1.2.3&from=2026-12-01&before=40');
    expect(readAuditFilters(params)).toEqual(filters);
    expect(readCursor(params)).toBe(40);
  });

  it('drop dates and cursors that are not', () => {
    const params = new URLSearchParams('from=yesterday&to=2026-1-2&before=-3');
    expect(readAuditFilters(params)).toEqual(EMPTY_AUDIT_FILTERS);
    expect(readCursor(params)).toBeUndefined();
    expect(readCursor(new URLSearchParams('before=abc'))).toBeUndefined();
  });
});

describe('comparing filters', () => {
  it('two reads of one URL are the same filters; any field differing makes them differ', () => {
    const params = new URLSearchParams('user=radiologist&study=1.2.3&from=2026-01-02');
    expect(sameAuditFilters(readAuditFilters(params), readAuditFilters(params))).toBe(true);
    for (const field of ['user', 'patient', 'study', 'from', 'to'] as const) {
      expect(sameAuditFilters(readAuditFilters(params), { ...readAuditFilters(params), [field]: 'x' })).toBe(false);
    }
    expect(sameAuditFilters(EMPTY_AUDIT_FILTERS, readAuditFilters(new URLSearchParams()))).toBe(true);
  });
});

describe('the gateway request', () => {
  it('sends local days as the instants they start and end', () => {
    const url = new URL(auditApiUrl({ ...EMPTY_AUDIT_FILTERS, user: ' ada ', from: '2026-12-01', to: '2026-12-01' }, { before: 7 }), 'http://rr');
    expect(url.pathname).toBe('/api/audit');
    expect(url.searchParams.get('user')).toBe('ada');
    expect(url.searchParams.get('from')).toBe(new Date(2026, 11, 1).toISOString());
    expect(url.searchParams.get('to')).toBe(new Date(2026, 11, 2).toISOString());
    expect(url.searchParams.get('limit')).toBe('100');
    expect(url.searchParams.get('before')).toBe('7');
    expect(url.searchParams.has('format')).toBe(false);
  });

  it('asks for the DICOM XML export with its own limit', () => {
    const url = new URL(auditApiUrl({ ...EMPTY_AUDIT_FILTERS, study: '1.2.3' }, { format: 'dicom', limit: 1000 }), 'http://rr');
    expect(url.search).toBe('?study=1.2.3&limit=1000&format=dicom');
  });
});
