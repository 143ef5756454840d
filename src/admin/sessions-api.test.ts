import { describe, expect, it } from 'vitest';
import { AdminApiError, fetchActiveSessions, revokeSession, signInMethodLabel } from './sessions-api.ts';

const session = {
  id: 'h'.repeat(43),
  username: 'ada',
  displayName: 'Ada Okafor',
  method: 'oidc:hospital',
  clientAddress: '10.0.0.7',
  userAgent: 'Firefox',
  startedAt: '2026-12-01T08:00:00.000Z',
  lastSeenAt: '2026-12-01T09:00:00.000Z',
  current: false,
};

function answering(status: number, body: unknown, seen: Array<[string, RequestInit | undefined]> = []): typeof fetch {
  return async (input, init) => {
    seen.push([String(input), init]);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
}

describe('admin sessions API', () => {
  it('reads the list of sessions', async () => {
    expect(await fetchActiveSessions(undefined, answering(200, [session]))).toEqual([session]);
    await expect(fetchActiveSessions(undefined, answering(200, [{ ...session, current: 'no' }]))).rejects.toThrow('unexpected answer (loading the sessions)');
  });

  it("shows the gateway's message on refusal, and a plain one when the server is not there", async () => {
    await expect(fetchActiveSessions(undefined, answering(403, { error: 'forbidden', message: 'Your account is not allowed to do this.' }))).rejects.toThrow(
      new AdminApiError('Your account is not allowed to do this.'),
    );
    await expect(fetchActiveSessions(undefined, answering(502, 'not json'))).rejects.toThrow('Loading the sessions failed (HTTP 502).');
    const down: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(fetchActiveSessions(undefined, down)).rejects.toThrow('The Readroom server did not answer');
  });

  it('revokes a session by its id', async () => {
    const seen: Array<[string, RequestInit | undefined]> = [];
    await revokeSession(session.id, answering(204, undefined, seen));
    expect(seen[0]?.[0]).toBe(`/api/admin/sessions/${session.id}`);
    expect(seen[0]?.[1]?.method).toBe('DELETE');
    await expect(revokeSession(session.id, answering(404, { error: 'not_found', message: 'This session does not exist (any more).' }))).rejects.toThrow(
      'This session does not exist',
    );
  });

  it('names sign-in methods in words', () => {
    expect(signInMethodLabel('password')).toBe('Password');
    expect(signInMethodLabel('password+totp')).toBe('Password + code');
    expect(signInMethodLabel('oidc:hospital')).toBe('Single sign-on (hospital)');
  });
});
