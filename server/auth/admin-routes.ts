import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../db/database.ts';
import { principalOf } from './access.ts';
import { z } from 'zod';
import { findAccountByUsername, listAccounts, setDisabled, setPeerReviewSettings, unlockAccount, type Account } from './accounts.ts';
import { listActiveSessions, revokeSession, type SessionSettings } from './sessions.ts';

/**
 * Sessions and accounts for administrators (`users:manage`):
 * `GET /api/admin/sessions`, `DELETE /api/admin/sessions/:id` (id: the token's hash, never the token),
 * `GET /api/admin/users`, `POST /api/admin/users/:username/disable|enable|unlock`,
 * `PUT /api/admin/users/:username/peer-review` (`{ arbiter?, reviewQuota? }`: the arbiter flag, only for a qa
 * account, and a radiologist's monthly review quota).
 */

const peerReviewBody = z.strictObject({
  arbiter: z.boolean().optional(),
  reviewQuota: z.number().int().min(0).max(10_000).optional(),
});

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const ACCOUNT_ACTIONS = new Set(['disable', 'enable', 'unlock']);
const manage = { config: { access: { permission: 'users:manage' as const } } };

function userView(account: Account) {
  const lockedUntil = account.lockedUntil && account.lockedUntil > new Date() ? account.lockedUntil.toISOString() : null;
  return {
    username: account.username,
    displayName: account.displayName,
    roles: account.roles,
    signIn: account.oidcIssuer ? 'oidc' : account.totpSecret ? 'password+totp' : account.passwordHash ? 'password' : 'none',
    oidcIssuer: account.oidcIssuer,
    scope: { sources: account.scopeSources, institutions: account.scopeInstitutions },
    disabled: account.disabled,
    lockedUntil,
    demo: account.demo,
    arbiter: account.arbiter,
    reviewQuota: account.reviewQuota,
  };
}

function notFound(reply: FastifyReply, what: string): FastifyReply {
  return reply.code(404).send({ error: 'not_found', message: `${what} does not exist (any more).` });
}

export function registerAdminRoutes(app: FastifyInstance, db: Database, settings: SessionSettings): void {
  app.get('/api/admin/sessions', manage, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const current = principalOf(request).sessionId;
    return (await listActiveSessions(db, settings)).map((session) => ({
      ...session,
      startedAt: session.startedAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      current: session.id === current,
    }));
  });

  app.delete('/api/admin/sessions/:id', manage, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const { id } = request.params as { id: string };
    if (!SESSION_ID.test(id) || !(await revokeSession(db, id))) return notFound(reply, 'This session');
    return reply.code(204).send();
  });

  app.get('/api/admin/users', manage, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return (await listAccounts(db)).map(userView);
  });

  app.post('/api/admin/users/:username/:action', manage, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const { username, action } = request.params as { username: string; action: string };
    if (!ACCOUNT_ACTIONS.has(action)) return notFound(reply, `The account action "${action}"`);
    const account = await findAccountByUsername(db, username);
    if (!account) return notFound(reply, 'This account');
    if (action === 'disable' && account.id === principalOf(request).accountId) {
      return reply.code(409).send({ error: 'own_account', message: 'You cannot disable your own account.' });
    }
    if (action === 'unlock') await unlockAccount(db, account.id);
    else await setDisabled(db, account.id, action === 'disable');
    return reply.code(204).send();
  });

  app.put('/api/admin/users/:username/peer-review', manage, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const body = peerReviewBody.safeParse(request.body);
    if (!body.success) {
      return reply.code(400).send({ error: 'bad_request', message: 'Send {"arbiter": true|false} and/or {"reviewQuota": 0-10000} as JSON.' });
    }
    const account = await findAccountByUsername(db, (request.params as { username: string }).username);
    if (!account) return notFound(reply, 'This account');
    if (body.data.arbiter === true && !account.roles.includes('qa')) {
      return reply.code(409).send({ error: 'not_qa', message: 'Only an account with the qa role can be an arbiter.' });
    }
    await setPeerReviewSettings(db, account.id, {
      ...(body.data.arbiter !== undefined ? { arbiter: body.data.arbiter } : {}),
      ...(body.data.reviewQuota !== undefined ? { reviewQuota: body.data.reviewQuota } : {}),
    });
    return userView((await findAccountByUsername(db, account.username))!);
  });
}
