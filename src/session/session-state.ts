import type { Session } from './session.ts';

/**
 * The one place that knows whether this page's session still works. Every request that the gateway
 * answers "401 session_expired / unauthenticated" reports it here (session-fetch.ts for fetch, the image
 * loader for its XHRs); requests then wait in `whenSessionActive` instead of failing, and go on when the
 * reader has signed in again (`resumeSession`). Nothing here navigates or unmounts: the page stays as it is.
 */

export type SessionEndReason = 'session_expired' | 'unauthenticated';

export interface SessionState {
  /** Who this page is signed in as (kept while the session has ended: the reader's identity on this page). */
  session: Session | undefined;
  /** Set while the session has ended and nobody has signed in again. */
  ended: SessionEndReason | undefined;
}

type Listener = () => void;

let state: SessionState = { session: undefined, ended: undefined };
const listeners = new Set<Listener>();
let waiters: Array<() => void> = [];
/** Counts sign-ins on this page: a 401 to a request sent before the last one is not news. */
let generation = 0;

function update(next: SessionState): void {
  state = next;
  for (const listener of [...listeners]) listener();
}

export function getSessionState(): SessionState {
  return state;
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Who the page was rendered for (its inline configuration), once at start-up. */
export function setSession(session: Session | undefined): void {
  update({ session, ended: undefined });
}

/** Taken when a request is sent; see `reportSessionEnded`. */
export function sessionGeneration(): number {
  return generation;
}

export function isSessionEnded(): boolean {
  return state.ended !== undefined;
}

/**
 * A request sent in `sentIn` (sessionGeneration) was refused because the session had ended. When the
 * reader has signed in since it was sent, its cookie was the old one: nothing has ended now.
 * The first report wins until the reader signs in.
 */
export function reportSessionEnded(reason: SessionEndReason, sentIn: number = generation): void {
  if (state.ended !== undefined || sentIn !== generation) return;
  update({ ...state, ended: reason });
}

/**
 * The same reader signed in again (a new session cookie): waiting requests go on. A different user must
 * not continue this page's work (its author, its drafts); the caller reloads the page instead.
 */
export function resumeSession(session: Session): void {
  if (state.session && state.session.username !== session.username) {
    throw new Error(`resumeSession: ${session.username} is not the user of this page (${state.session.username})`);
  }
  generation += 1;
  update({ session, ended: undefined });
  const waiting = waiters;
  waiters = [];
  for (const resolve of waiting) resolve();
}

/** Resolves at once while the session works; otherwise when the reader has signed in again (or rejects on abort). */
export function whenSessionActive(signal?: AbortSignal | null): Promise<void> {
  if (state.ended === undefined) return Promise.resolve();
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      waiters = waiters.filter((w) => w !== done);
      reject(signal!.reason);
    };
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    waiters.push(done);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

let leavingForAnotherUser = false;

/**
 * Someone else signed in over this page's ended session: the page is reloaded for them (its author and
 * drafts are the previous user's), and nothing on it asks "leave this page?" any more.
 */
export function leaveForAnotherUser(): void {
  leavingForAnotherUser = true;
}

export function isLeavingForAnotherUser(): boolean {
  return leavingForAnotherUser;
}
