import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { hasPermission, type Permission } from '../../src/auth/roles.ts';
import type { Database } from '../db/database.ts';
import type { Principal } from './principal.ts';
import { lookupSession, type SessionSettings } from './sessions.ts';
import { lookupShareSession, type Share } from '../shares/share-store.ts';
import { noteRefusal } from './refusals.ts';

/**
 * The one place that answers "may this request do this?". Every route states what it needs in its
 * options (`config: { access }`); an onRequest hook enforces it before anything else runs (no body is
 * read, nothing is asked of the archive). A route that states nothing is refused (deny by default), and
 * the gateway does not start with such a route (`assertEveryRouteDeclaresAccess`).
 */

export type Access =
  /** Anyone, signed in or not; `session: 'optional'` still identifies a signed-in caller (or a share session). */
  (
    | { public: string; session?: 'optional' }
    /** Any signed-in user, whatever the roles. */
    | { signedIn: true }
    /** A signed-in user whose roles grant this permission. */
    | { permission: Permission }
  ) & {
    /**
     * Opens the route to the recipient of a share link too (server/shares). Without it a share session is
     * refused (403) on every route that needs a session: share sessions reach only what opts in.
     */
    share?: 'allowed';
  };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
    /** Set when the request carried a session cookie that has ended (idle, lifetime, revoked). */
    sessionEnded?: boolean;
    /** Set when the request carried a share session whose link no longer works (revoked, expired, blocked). */
    shareEnded?: boolean;
  }
}

export const SESSION_COOKIE = 'readroom_session';
/** The share session of a link's recipient (server/shares/share-exchange.ts sets it). */
export const SHARE_COOKIE = 'readroom_share';

/** Paths whose unknown routes still need a session (they answer 401 before they answer 404). */
const PROTECTED_PREFIX = /^\/(?:api|dicom-web|sources)(?:\/|$)/;

function unauthenticated(reply: FastifyReply, request: FastifyRequest): FastifyReply {
  const body = request.shareEnded
    ? { error: 'share_ended', message: 'This shared link no longer works: it was revoked or has expired. Ask the sender for a new link.' }
    : request.sessionEnded
      ? { error: 'session_expired', message: 'Your session has ended. Sign in again to continue.' }
      : { error: 'unauthenticated', message: 'Sign in to use Readroom.' };
  return reply.code(401).header('cache-control', 'no-store').send(body);
}

function forbidden(reply: FastifyReply): FastifyReply {
  return reply.code(403).header('cache-control', 'no-store').send({ error: 'forbidden', message: 'Your account is not allowed to do this.' });
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('principalOf() on a route that does not require a session');
  return request.principal;
}

export interface AccessControlOptions {
  db: Database;
  session: SessionSettings;
}

/** The principal of a share session: no account, no role, no personal data; the link's studies only. */
export function sharePrincipal(share: Share, sessionId: string): Principal {
  const sources = [...new Set(share.studies.map((study) => study.sourceId))];
  return {
    accountId: 0,
    username: `share:${share.id}`,
    displayName: `Share link of ${share.creatorUsername} for ${share.recipient || 'an unnamed recipient'}`,
    personName: '',
    roles: [],
    scope: { sources, institutions: null },
    arbiter: false,
    reviewQuota: 0,
    sessionId,
    share: {
      id: share.id,
      studies: share.studies.map(({ sourceId, studyUid, isPrior }) => ({ sourceId, studyUid, isPrior })),
      recipient: share.recipient,
      sharedBy: share.creatorDisplayName,
      expiresAt: share.expiresAt,
    },
  };
}

export function registerAccessControl(app: FastifyInstance, options: AccessControlOptions): void {
  // A signed-in session wins over a share cookie in the same browser: the share cookie is then not even
  // looked at, so it can never add to what the account may do (nor the account to what the link opens).
  const identify = async (request: FastifyRequest): Promise<void> => {
    const lookup = await lookupSession(options.db, request.cookies[SESSION_COOKIE], options.session);
    if (lookup.status === 'expired') {
      // An ended sign-in is reported as such (the reader signs in again), not served as a share session.
      request.sessionEnded = true;
      return;
    }
    if (lookup.status !== 'valid') {
      const shared = await lookupShareSession(options.db, request.cookies[SHARE_COOKIE], options.session);
      if (shared.status === 'ended') request.shareEnded = true;
      if (shared.status === 'valid') request.principal = sharePrincipal(shared.share, shared.sessionId);
      return;
    }
    const { account } = lookup;
    request.principal = {
      accountId: account.id,
      username: account.username,
      displayName: account.displayName,
      personName: account.personName,
      roles: account.roles,
      scope: { sources: account.scopeSources, institutions: account.scopeInstitutions },
      arbiter: account.arbiter,
      reviewQuota: account.reviewQuota,
      sessionId: lookup.sessionId,
    };
  };

  app.addHook('onRequest', async (request, reply) => {
    const routeUrl = request.routeOptions.url;
    // A catch-all route (the static files' `/*`) never opens a protected prefix: treat that as unmatched.
    const matched = routeUrl !== undefined && (PROTECTED_PREFIX.test(routeUrl) || !PROTECTED_PREFIX.test(request.url));
    const access = request.routeOptions.config?.access;
    if (!matched) {
      // Unknown addresses: protected prefixes answer 401 without a session; pages go to the SPA fallback.
      await identify(request);
      if (PROTECTED_PREFIX.test(request.url) && !request.principal) return unauthenticated(reply, request);
      return;
    }
    if (!access) {
      request.log.error({ route: request.routeOptions.url }, 'route without an access declaration refused');
      return reply.code(403).header('cache-control', 'no-store').send({ error: 'forbidden', message: 'This address is not open.' });
    }
    if ('public' in access) {
      if (access.session === 'optional') await identify(request);
      return;
    }
    await identify(request);
    if (!request.principal) return unauthenticated(reply, request);
    if (request.principal.share) {
      if (access.share === 'allowed') return;
      noteRefusal(request, { reason: 'permission', detail: 'a route not open to share links' });
      return reply.code(403).header('cache-control', 'no-store').send({ error: 'forbidden', message: 'A shared link does not open this.' });
    }
    if ('permission' in access && !hasPermission(request.principal.roles, access.permission, { arbiter: request.principal.arbiter })) {
      noteRefusal(request, { reason: 'permission', detail: `needs the ${access.permission} permission` });
      return forbidden(reply);
    }
  });
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access | undefined;
}

/**
 * Collects every route as registered. The returned check (run on ready) refuses to start the gateway
 * if one states nothing; the list is the gateway's route × access table (tests walk it, docs print it).
 */
export function trackRoutes(app: FastifyInstance): { routes: DeclaredRoute[]; assertDeclared: () => void } {
  const registered: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    registered.push(route);
  });
  const routes: DeclaredRoute[] = [];
  const assertDeclared = () => {
    routes.length = 0;
    for (const route of registered) {
      for (const method of [route.method].flat()) routes.push({ method: String(method), url: route.url, access: route.config?.access });
    }
    const missing = routes.filter((route) => !route.access).map((route) => `${route.method} ${route.url}`);
    if (missing.length > 0) throw new Error(`Routes without an access declaration: ${missing.join(', ')}`);
  };
  return { routes, assertDeclared };
}

/** Marks every route registered inside `scope` (e.g. by a plugin that takes no route options) with `access`. */
export function declareAccessForScope(scope: FastifyInstance, access: Access): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: route.config?.access ?? access } as typeof route.config;
  });
}
