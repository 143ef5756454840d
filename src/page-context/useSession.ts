import { useSyncExternalStore } from 'react';
import { hasPermission, type Permission } from '../auth/roles.ts';
import type { Session } from '../session/session.ts';
import { getSessionState, setSession, subscribeSession, type SessionEndReason } from '../session/session-state.ts';
import type { RuntimeConfig } from '../dicomweb/runtime-config.ts';

/**
 * The signed-in user of this page, from the page's own configuration (no request at start-up), kept in
 * src/session/session-state.ts, where requests also report when the session has ended.
 */

let adopted = false;

/** Takes the page's session from its configuration, once (before anything that asks who is signed in renders). */
export function adoptPageSession(config: RuntimeConfig): void {
  if (adopted) return;
  adopted = true;
  setSession(config.session);
}

export function useSession(): Session | undefined {
  return useSyncExternalStore(subscribeSession, () => getSessionState().session);
}

/** Set while the session has ended and the reader has not signed in again. */
export function useSessionEnded(): SessionEndReason | undefined {
  return useSyncExternalStore(subscribeSession, () => getSessionState().ended);
}

/** Whether the signed-in user's roles grant this (the app hides what they do not; the gateway refuses it). */
export function usePermission(permission: Permission): boolean {
  const session = useSession();
  return session !== undefined && hasPermission(session.roles, permission, { arbiter: session.arbiter === true });
}
