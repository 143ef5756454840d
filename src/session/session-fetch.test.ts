import { beforeEach, describe, expect, it } from 'vitest';
import { sessionFetch } from './session-fetch.ts';
import { getSessionState, resumeSession, setSession } from './session-state.ts';
import type { Session } from './session.ts';

const ada: Session = { username: 'radiologist', displayName: 'Ada Radiologist', personName: 'Radiologist^Ada', roles: ['radiologist'] };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const expired = () => json(401, { error: 'session_expired', message: 'Your session has ended. Sign in again to continue.' });

/** A fetch that answers from a list and records what it was asked. */
function scripted(...answers: Array<() => Response>) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const impl = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${url}`);
    return next();
  }) as typeof fetch;
  return { impl, calls };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => setSession(ada));

describe('sessionFetch', () => {
  it('passes every other answer through, a 401 that is not about the session too', async () => {
    const { impl } = scripted(
      () => new Response('ok'),
      () => json(401, { error: 'invalid_credentials' }),
      () => new Response('Unauthorized', { status: 401 }),
    );
    expect(await (await sessionFetch('/dicom-web/studies', {}, impl)).text()).toBe('ok');
    expect((await sessionFetch('/api/session', { method: 'POST' }, impl)).status).toBe(401);
    expect((await sessionFetch('/dicom-web/studies', {}, impl)).status).toBe(401);
    expect(getSessionState().ended).toBeUndefined();
  });

  it('reports an ended session, waits for the reader to sign in again, then sends the same request again', async () => {
    const { impl, calls } = scripted(expired, () => new Response('stored'));
    const body = new Blob(['part10']);
    let answer: Response | undefined;
    const pending = sessionFetch('/dicom-web/studies', { method: 'POST', body }, impl).then((r) => (answer = r));
    await settled();
    expect(getSessionState().ended).toBe('session_expired');
    expect(answer).toBeUndefined();
    expect(calls).toHaveLength(1);

    resumeSession(ada);
    await pending;
    expect(await answer!.text()).toBe('stored');
    expect(calls.map((c) => [c.url, c.init?.method, c.init?.body])).toEqual([
      ['/dicom-web/studies', 'POST', body],
      ['/dicom-web/studies', 'POST', body],
    ]);
  });

  it('holds new requests while the session has ended, and lets a cancelled one go', async () => {
    const first = scripted(() => json(401, { error: 'unauthenticated' }));
    void sessionFetch('/dicom-web/studies', {}, first.impl).catch(() => undefined);
    await settled();
    const later = scripted(() => new Response('late'));
    const controller = new AbortController();
    const held = sessionFetch('/dicom-web/studies/1/series', { signal: controller.signal }, later.impl);
    await settled();
    expect(later.calls).toHaveLength(0);
    controller.abort(new DOMException('The request was cancelled', 'AbortError'));
    await expect(held).rejects.toThrow('cancelled');
    expect(later.calls).toHaveLength(0);
  });

  it('does nothing of the kind on a page without a session (the sign-in page)', async () => {
    setSession(undefined);
    const { impl } = scripted(expired);
    expect((await sessionFetch('/api/session', {}, impl)).status).toBe(401);
    expect(getSessionState().ended).toBeUndefined();
  });
});

describe('sessionFetch while the session works', () => {
  it('sends the request at once, before anything is awaited (a launch’s early requests)', () => {
    const { impl, calls } = scripted(() => new Response('ok'));
    void sessionFetch('/dicom-web/studies', {}, impl);
    expect(calls).toHaveLength(1);
  });
});
