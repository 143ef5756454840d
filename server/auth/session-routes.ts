import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { principalOf, SESSION_COOKIE, SHARE_COOKIE } from './access.ts';
import { shareSessionView } from '../shares/share-exchange.ts';
import { endShareSession } from '../shares/share-store.ts';
import type { Account } from './accounts.ts';
import { createSession, revokeSession, type SessionSettings } from './sessions.ts';
import { signInWithPassword, type SignInResult } from './sign-in.ts';

/**
 * `POST /api/session` signs in with username and password (and a TOTP code when the account has one),
 * `GET /api/session` says who is signed in, `DELETE /api/session` signs out.
 */

export interface SessionRouteOptions {
  db: Database;
  session: SessionSettings;
  /** Told of every sign-in outcome (audit). */
  onSignIn?: (request: FastifyRequest, result: SignInResult, username: string) => Promise<void>;
  onSignOut?: (request: FastifyRequest) => Promise<void>;
}

const signInBody = z.object({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
  totp: z.string().max(16).optional(),
});

export function sessionView(account: Pick<Account, 'username' | 'displayName' | 'personName' | 'roles' | 'arbiter'>) {
  return { username: account.username, displayName: account.displayName, personName: account.personName, roles: account.roles, arbiter: account.arbiter };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', path: '/' });
}

export async function startSession(
  request: FastifyRequest,
  reply: FastifyReply,
  db: Database,
  account: Account,
  method: string,
  settings: SessionSettings,
): Promise<void> {
  const session = await createSession(db, account.id, { method, clientAddress: request.ip, userAgent: request.headers['user-agent'] ?? '' }, settings);
  setSessionCookie(request, reply, session.token, settings.maxAgeMs);
}

export function registerSessionRoutes(app: FastifyInstance, options: SessionRouteOptions): void {
  app.post('/api/session', { config: { access: { public: 'signing in' } }, bodyLimit: 4096 }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const body = signInBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'bad_request', message: 'Send {"username", "password"} as JSON.' });
    const { username, password, totp } = body.data;
    const result = await signInWithPassword(options.db, { username, password, clientAddress: request.ip, ...(totp ? { totp } : {}) });
    await options.onSignIn?.(request, result, username);
    switch (result.kind) {
      case 'ok':
        await startSession(request, reply, options.db, result.account, result.method, options.session);
        return reply.code(200).send(sessionView(result.account));
      case 'totp_required':
        return reply.code(401).send({ error: 'totp_required', message: 'Enter the six-digit code from your authenticator app.' });
      case 'locked': {
        const minutes = Math.ceil(result.retryAfterS / 60);
        return reply
          .code(429)
          .header('retry-after', String(result.retryAfterS))
          .send({
            error: 'locked',
            message: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator to reset your password.`,
          });
      }
      case 'invalid':
        return reply.code(401).send({ error: 'invalid_credentials', message: 'Wrong username or password.' });
    }
  });

  app.get('/api/session', { config: { access: { signedIn: true, share: 'allowed' } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const principal = principalOf(request);
    // A link's recipient: the link, never an account.
    if (principal.share) return shareSessionView(principal.share);
    return sessionView(principal);
  });

  app.delete(
    '/api/session',
    { config: { access: { public: 'signing out also works with an ended session', session: 'optional' } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (request.principal?.share) {
        // The recipient leaves: this share session ends (the link itself stays as it is).
        await endShareSession(options.db, request.principal.sessionId);
        reply.clearCookie(SHARE_COOKIE, { httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', path: '/' });
        return reply.code(204).send();
      }
      if (request.principal) {
        await revokeSession(options.db, request.principal.sessionId);
        await options.onSignOut?.(request);
      }
      clearSessionCookie(request, reply);
      return reply.code(204).send();
    },
  );
}
