import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { Database } from '../db/database.ts';
import { safeNextPath } from './next-path.ts';
import { accountForClaims } from './oidc-accounts.ts';
import { OidcClients, OidcFailure } from './oidc-client.ts';
import type { OidcProviderConfig } from './oidc-config.ts';
import { FLOW_LIFETIME_MS, saveFlow, takeFlow } from './oidc-flows.ts';
import { continuePage, failurePage } from './oidc-pages.ts';
import { startSession } from './session-routes.ts';
import type { SessionSettings } from './sessions.ts';
import type { Account } from './accounts.ts';

/**
 * Single sign-on with OpenID Connect providers:
 * - `GET /api/auth/providers`: the providers the sign-in page offers;
 * - `GET /api/auth/oidc/:id/start?next=/path`: remembers a new flow and sends the browser to the provider;
 * - `GET /api/auth/oidc/:id/callback`: takes the flow once, verifies the answer, maps the claims to
 *   roles and starts a normal Readroom session.
 */

export const FLOW_COOKIE = 'readroom_oidc_flow';
const FLOW_COOKIE_PATH = '/api/auth/oidc/';

/** How a single sign-on ended, for the audit trail: who (as far as known) and why not. */
export type SsoSignIn =
  | { providerId: string; kind: 'ok'; account: Account }
  | { providerId: string; kind: 'refused'; reason: string; message: string; username?: string | undefined }
  | { providerId: string; kind: 'failed'; reason: string; message: string };

export interface OidcRouteOptions {
  db: Database;
  session: SessionSettings;
  providers: readonly OidcProviderConfig[];
  /** Told of every sign-in that came back from a provider, before a session starts (audit; a throw refuses it). */
  onSignIn?: (request: FastifyRequest, event: SsoSignIn) => Promise<void>;
}

export function startPath(providerId: string): string {
  return `/api/auth/oidc/${providerId}/start`;
}

function callbackPath(providerId: string): string {
  return `/api/auth/oidc/${providerId}/callback`;
}

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function refuse(request: FastifyRequest, reply: FastifyReply, status: number, error: string, title: string, message: string, nextPath = '/'): FastifyReply {
  reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(request)) return reply.send({ error, message });
  return reply.type('text/html; charset=utf-8').send(failurePage(title, message, nextPath));
}

/** The name the provider gave the user, for the record of a refused sign-in (never a secret). */
function claimedUsername(claims: Record<string, unknown>): string | undefined {
  for (const key of ['preferred_username', 'email', 'sub']) {
    const value = claims[key];
    if (typeof value === 'string' && value) return value.slice(0, 128);
  }
  return undefined;
}

export function registerOidcRoutes(app: FastifyInstance, options: OidcRouteOptions): void {
  const clients = new OidcClients();
  const providers = new Map(options.providers.map((provider) => [provider.id, provider]));
  const params = (request: FastifyRequest) => request.params as { id: string };
  const unknownProvider = (request: FastifyRequest, reply: FastifyReply) =>
    refuse(request, reply, 404, 'unknown_provider', 'Unknown sign-in method', 'Readroom has no identity provider of this name.');

  app.get('/api/auth/providers', { config: { access: { public: 'the sign-in page lists the identity providers' } } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return options.providers.map((provider) => ({ id: provider.id, label: provider.label, startUrl: startPath(provider.id) }));
  });

  app.get('/api/auth/oidc/:id/start', { config: { access: { public: 'starts single sign-on' } } }, async (request, reply) => {
    const provider = providers.get(params(request).id);
    if (!provider) return unknownProvider(request, reply);
    const nextPath = safeNextPath((request.query as { next?: unknown }).next);
    // The configured origin, when there is one, so that the Host header cannot choose the redirect URI.
    const origin = provider.allowedRedirectOrigin ?? `${request.protocol}://${request.host}`;
    const flow = {
      providerId: provider.id,
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      redirectUri: `${origin}${callbackPath(provider.id)}`,
      nextPath,
    };
    let authorizationUrl: URL;
    try {
      authorizationUrl = await clients.authorizationUrl(provider, flow);
    } catch (error) {
      if (!(error instanceof OidcFailure)) throw error;
      request.log.warn({ provider: provider.id, detail: error.detail }, 'identity provider discovery failed');
      return refuse(request, reply, 502, error.kind, 'Sign-in is not available', error.message, nextPath);
    }
    const token = await saveFlow(options.db, flow, request.ip);
    if (!token)
      return refuse(
        request,
        reply,
        429,
        'too_many_sign_ins',
        'Too many sign-ins',
        'Too many sign-ins were started from this computer. Wait ten minutes and try again.',
        nextPath,
      );
    reply.setCookie(FLOW_COOKIE, token, {
      httpOnly: true,
      // Lax: the provider's redirect back is a cross-site top-level navigation, which Strict would strip.
      sameSite: 'lax',
      secure: request.protocol === 'https',
      path: FLOW_COOKIE_PATH,
      maxAge: FLOW_LIFETIME_MS / 1000,
    });
    return reply.header('cache-control', 'no-store').redirect(authorizationUrl.href, 303);
  });

  app.get('/api/auth/oidc/:id/callback', { config: { access: { public: 'the identity provider returns here' } } }, async (request, reply) => {
    const provider = providers.get(params(request).id);
    if (!provider) return unknownProvider(request, reply);
    reply.clearCookie(FLOW_COOKIE, { httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', path: FLOW_COOKIE_PATH });
    const flow = await takeFlow(options.db, request.cookies[FLOW_COOKIE]);
    if (!flow || flow.providerId !== provider.id) {
      return refuse(
        request,
        reply,
        400,
        'sign_in_expired',
        'Sign-in expired',
        'This sign-in has expired or was already used. Start again from the sign-in page.',
      );
    }
    const callbackUrl = new URL(flow.redirectUri);
    callbackUrl.search = new URL(request.url, 'http://callback.invalid').search;

    let claims;
    try {
      claims = await clients.claimsOfCallback(provider, callbackUrl, flow);
    } catch (error) {
      if (!(error instanceof OidcFailure)) throw error;
      request.log.warn({ provider: provider.id, kind: error.kind, detail: error.detail }, 'single sign-on failed');
      const status = error.kind === 'idp_unreachable' ? 502 : error.kind === 'idp_refused' ? 401 : 400;
      await options.onSignIn?.(request, { providerId: provider.id, kind: 'failed', reason: error.kind, message: error.message });
      return refuse(request, reply, status, error.kind, 'Sign-in failed', error.message, flow.nextPath);
    }

    const result = await accountForClaims(options.db, provider, claims);
    if (result.kind === 'refused') {
      request.log.warn({ provider: provider.id, reason: result.error }, 'single sign-on refused');
      await options.onSignIn?.(request, {
        providerId: provider.id,
        kind: 'refused',
        reason: result.error,
        message: result.message,
        username: claimedUsername(claims),
      });
      return refuse(request, reply, 403, result.error, 'No access to Readroom', result.message, flow.nextPath);
    }
    await options.onSignIn?.(request, { providerId: provider.id, kind: 'ok', account: result.account });
    await startSession(request, reply, options.db, result.account, `oidc:${provider.id}`, options.session);
    return reply.code(200).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(continuePage(flow.nextPath));
  });
}
