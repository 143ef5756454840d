import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { hasPermission, type Permission } from '../../src/auth/roles.ts';
import type { Database } from '../db/database.ts';
import type { Principal } from './principal.ts';
import { lookupSession, type SessionSettings } from './sessions.ts';
import { noteRefusal } from './refusals.ts';

/**
 * The one place that answers "may this request do this?". Every route states what it needs in its
 * options (`config: { access }`); an onRequest hook enforces it before anything else runs (no body is
 * read, nothing is asked of the archive). A route that states nothing is refused (deny by default), and
 * the gateway does not start with such a route (`assertEveryRouteDeclaresAccess`).
 */

export type Access =
  /** Anyone, signed in or not; `session: 'optional'` still identifies a signed-in caller. */
  | { public: string; session?: 'optional' }
  /** Any signed-in user, whatever the roles. */
  | { signedIn: true }
  /** A signed-in user whose roles grant this permission. */
  | { permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
    /** Set when the request carried a session cookie that has ended (idle, lifetime, revoked). */
    sessionEnded?: boolean;
  }
}

export const SESSION_COOKIE = 'readroom_session';

/** Paths whose unknown routes still need a session (they answer 401 before they answer 404). */
const PROTECTED_PREFIX = /^\/(?:api|dicom-web|sources)(?:\/|$)/;

function unauthenticated(reply: FastifyReply, ended: boolean): FastifyReply {
  return reply
    .code(401)
    .header('cache-control', 'no-store')
    .send(
      ended
        ? { error: 'session_expired', message: 'Your session has ended. Sign in again to continue.' }
        : { error: 'unauthenticated', message: 'Sign in to use Readroom.' },
    );
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

export function registerAccessControl(app: FastifyInstance, options: AccessControlOptions): void {
  const identify = async (request: FastifyRequest): Promise<void> => {
    const lookup = await lookupSession(options.db, request.cookies[SESSION_COOKIE], options.session);
    if (lookup.status === 'expired') request.sessionEnded = true;
    if (lookup.status !== 'valid') return;
    const { account } = lookup;
    request.principal = {
      accountId: account.id,
      username: account.username,
      displayName: account.displayName,
      personName: account.personName,
      roles: account.roles,
      scope: { sources: account.scopeSources, institutions: account.scopeInstitutions },
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
      if (PROTECTED_PREFIX.test(request.url) && !request.principal) return unauthenticated(reply, request.sessionEnded === true);
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
    if (!request.principal) return unauthenticated(reply, request.sessionEnded === true);
    if ('permission' in access && !hasPermission(request.principal.roles, access.permission)) {
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
