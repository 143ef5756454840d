import { beforeEach, describe, expect, it } from 'vitest';
import { checkUnauthorized, sessionEndReasonOf, sessionEndReasonOfText } from './session-end.ts';
import { getSessionState, resumeSession, sessionGeneration, setSession } from './session-state.ts';

const ada = { username: 'radiologist', displayName: 'Ada Radiologist', personName: 'Radiologist^Ada', roles: [] };

beforeEach(() => setSession(ada));

describe('sessionEndReasonOf', () => {
  it('knows the access check’s two answers and nothing else', () => {
    expect(sessionEndReasonOf({ error: 'session_expired', message: '…' })).toBe('session_expired');
    expect(sessionEndReasonOf({ error: 'unauthenticated' })).toBe('unauthenticated');
    expect(sessionEndReasonOf({ error: 'invalid_credentials' })).toBeUndefined();
    expect(sessionEndReasonOf(null)).toBeUndefined();
    expect(sessionEndReasonOfText('{"error":"unauthenticated"}')).toBe('unauthenticated');
    expect(sessionEndReasonOfText('<html>401 Unauthorized</html>')).toBeUndefined();
  });
});

describe('checkUnauthorized', () => {
  it('asks the gateway when the 401 has no readable body (a streamed frame)', async () => {
    const asked: string[] = [];
    const probe = (async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify({ error: 'session_expired' }), { status: 401 });
    }) as typeof fetch;
    expect(await checkUnauthorized(undefined, sessionGeneration(), probe)).toBe(true);
    expect(asked).toEqual(['/api/session']);
    expect(getSessionState().ended).toBe('session_expired');
  });

  it('is not fooled by an archive’s own 401 when the session still works', async () => {
    const probe = (async () => new Response(JSON.stringify({ username: 'radiologist', displayName: 'Ada', roles: [] }), { status: 200 })) as typeof fetch;
    expect(await checkUnauthorized(undefined, sessionGeneration(), probe)).toBe(false);
    expect(getSessionState().ended).toBeUndefined();
  });

  it('sends again, without a report, a request that left before the reader signed in again', async () => {
    const before = sessionGeneration();
    resumeSession(ada);
    const probe = (async () => {
      throw new Error('must not be asked');
    }) as typeof fetch;
    expect(await checkUnauthorized(undefined, before, probe)).toBe(true);
    expect(await checkUnauthorized('{"error":"session_expired"}', before, probe)).toBe(true);
    expect(getSessionState().ended).toBeUndefined();
  });
});
