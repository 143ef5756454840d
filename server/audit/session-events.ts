import type { FastifyRequest } from 'fastify';
import type { SsoSignIn } from '../auth/oidc-routes.ts';
import type { SessionRouteOptions } from '../auth/session-routes.ts';
import type { SignInResult } from '../auth/sign-in.ts';
import type { AuditRecorder } from './recorder.ts';
import { userAuthentication, type Outcome, type Requestor } from './record.ts';

/**
 * Sign-in and sign-out as User Authentication records (Login / Logout). A failed sign-in names the
 * username as it was typed and the client address; the password is never part of anything recorded.
 * A sign-in whose record cannot be written fails (503); a sign-out still ends the session.
 */

export function signInOutcome(result: SignInResult): { outcome: Outcome; description?: string } {
  switch (result.kind) {
    case 'ok':
      return { outcome: 0 };
    case 'totp_required':
      return { outcome: 4, description: 'Password accepted; the one-time code is still required' };
    case 'invalid':
      return { outcome: 4, description: result.account ? 'Wrong password or one-time code' : 'No usable account with this username' };
    case 'locked':
      return { outcome: 8, description: result.account ? 'Account locked after too many failed sign-ins' : 'Client refused after too many failed sign-ins' };
  }
}

export function signInRequestor(request: Pick<FastifyRequest, 'ip'>, result: SignInResult, attemptedUsername: string): Requestor {
  const account = 'account' in result ? result.account : undefined;
  if (account) return { userId: account.username, userName: account.displayName, address: request.ip };
  return { userId: attemptedUsername, address: request.ip };
}

/** A single sign-on as a Login record: the provider in the description, the IdP's username when refused. */
export function ssoSignInRecord(request: Pick<FastifyRequest, 'ip'>, event: SsoSignIn): { outcome: Outcome; description: string; requestor: Requestor } {
  const via = `single sign-on through ${event.providerId}`;
  switch (event.kind) {
    case 'ok':
      return { outcome: 0, description: via, requestor: { userId: event.account.username, userName: event.account.displayName, address: request.ip } };
    case 'refused':
      return {
        outcome: 4,
        description: `${via} refused (${event.reason}): ${event.message}`,
        requestor: { userId: event.username ?? `unknown user of ${event.providerId}`, address: request.ip },
      };
    case 'failed':
      return {
        outcome: 4,
        description: `${via} failed (${event.reason}): ${event.message}`,
        requestor: { userId: `unknown user of ${event.providerId}`, address: request.ip },
      };
  }
}

export type SessionAuditHooks = Required<Pick<SessionRouteOptions, 'onSignIn' | 'onSignOut'>> & {
  onSsoSignIn(request: FastifyRequest, event: SsoSignIn): Promise<void>;
};

export function auditSessionEvents(recorder: AuditRecorder, auditSourceId: string): SessionAuditHooks {
  return {
    async onSsoSignIn(request, event) {
      const { outcome, description, requestor } = ssoSignInRecord(request, event);
      await recorder.record(
        userAuthentication({ kind: 'login', time: new Date(), sourceId: auditSourceId, outcome, outcomeDescription: description, requestor }),
      );
    },
    async onSignIn(request, result, username) {
      const { outcome, description } = signInOutcome(result);
      await recorder.record(
        userAuthentication({
          kind: 'login',
          time: new Date(),
          sourceId: auditSourceId,
          outcome,
          outcomeDescription: description,
          requestor: signInRequestor(request, result, username),
        }),
      );
    },
    async onSignOut(request) {
      const principal = request.principal;
      if (!principal) return;
      try {
        await recorder.record(
          userAuthentication({
            kind: 'logout',
            time: new Date(),
            sourceId: auditSourceId,
            requestor: { userId: principal.username, userName: principal.displayName, address: request.ip },
          }),
        );
      } catch (error) {
        request.log.error({ err: { message: (error as Error).message } }, 'audit trail unavailable: a sign-out was not recorded');
      }
    },
  };
}
