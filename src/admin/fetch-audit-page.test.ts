import { describe, expect, it } from 'vitest';
import { fetchAuditPage } from './fetch-audit-page.ts';

const answer = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('fetchAuditPage', () => {
  it('reads a Bundle', async () => {
    const page = await fetchAuditPage('/api/audit', undefined, answer(200, { resourceType: 'Bundle', type: 'searchset', entry: [] }));
    expect(page).toEqual({ rows: [] });
  });

  it('words each refusal for the administrator', async () => {
    await expect(fetchAuditPage('/api/audit', undefined, answer(401, {}))).rejects.toThrow('Your session has ended');
    await expect(fetchAuditPage('/api/audit', undefined, answer(403, {}))).rejects.toThrow('needs the administrator role');
    await expect(
      fetchAuditPage('/api/audit', undefined, answer(503, { error: 'audit_unavailable', message: 'The audit trail cannot be read right now.' })),
    ).rejects.toThrow('The audit trail cannot be read right now.');
    await expect(fetchAuditPage('/api/audit', undefined, answer(500, 'x'))).rejects.toThrow('HTTP 500');
    await expect(fetchAuditPage('/api/audit', undefined, answer(200, { resourceType: 'Patient' }))).rejects.toThrow('not a FHIR Bundle');
    await expect(fetchAuditPage('/api/audit', undefined, async () => Promise.reject(new TypeError('Failed to fetch')))).rejects.toThrow(
      'not reachable (Failed to fetch)',
    );
  });
});
