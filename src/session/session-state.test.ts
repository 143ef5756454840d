import { beforeEach, describe, expect, it } from 'vitest';
import { getSessionState, reportSessionEnded, resumeSession, sessionGeneration, setSession, subscribeSession, whenSessionActive } from './session-state.ts';
import type { Session } from './session.ts';

const ada: Session = { username: 'radiologist', displayName: 'Ada Radiologist', personName: 'Radiologist^Ada', roles: ['radiologist'] };

beforeEach(() => setSession(ada));

describe('session state', () => {
  it('holds requests while the session has ended and lets them go when the same reader signs in again', async () => {
    await whenSessionActive();
    reportSessionEnded('session_expired');
    expect(getSessionState()).toEqual({ session: ada, ended: 'session_expired' });
    let released = false;
    const waiting = whenSessionActive().then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false);
    resumeSession({ ...ada, roles: ['radiologist', 'qa'] });
    await waiting;
    expect(getSessionState()).toEqual({ session: { ...ada, roles: ['radiologist', 'qa'] }, ended: undefined });
  });

  it('keeps the first reason, tells listeners, and refuses to continue as another user', () => {
    const seen: Array<string | undefined> = [];
    const stop = subscribeSession(() => seen.push(getSessionState().ended));
    reportSessionEnded('session_expired');
    reportSessionEnded('unauthenticated');
    stop();
    expect(seen).toEqual(['session_expired']);
    expect(() => resumeSession({ ...ada, username: 'radiologist2' })).toThrow(/not the user of this page/);
    expect(getSessionState().ended).toBe('session_expired');
  });

  it('ignores a refusal of a request sent before the last sign-in', () => {
    const before = sessionGeneration();
    reportSessionEnded('session_expired', before);
    resumeSession(ada);
    reportSessionEnded('session_expired', before);
    expect(getSessionState().ended).toBeUndefined();
    reportSessionEnded('session_expired', sessionGeneration());
    expect(getSessionState().ended).toBe('session_expired');
  });

  it('stops waiting when the request is cancelled', async () => {
    reportSessionEnded('unauthenticated');
    const controller = new AbortController();
    const waiting = whenSessionActive(controller.signal);
    controller.abort(new DOMException('gone', 'AbortError'));
    await expect(waiting).rejects.toThrow('gone');
    controller.abort();
    await expect(whenSessionActive(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});
