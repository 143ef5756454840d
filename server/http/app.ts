import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { registerAccessControl, trackRoutes } from '../auth/access.ts';
import { registerAdminRoutes } from '../auth/admin-routes.ts';
import { registerOidcRoutes } from '../auth/oidc-routes.ts';
import { registerSessionRoutes, type SessionRouteOptions } from '../auth/session-routes.ts';
import { registerTotpRoutes } from '../auth/totp-routes.ts';
import type { GatewayConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { dicomwebProxy } from '../dicomweb/proxy.ts';
import { createUpstreamAgent } from '../dicomweb/upstream.ts';
import { registerWorklistHints } from '../worklist/worklist-hints.ts';
import { registerHealth } from './health.ts';
import { loggerOptions, PrivacyLogController, type LogStream } from './logging.ts';
import { registerOriginCheck } from './origin-check.ts';
import { registerRuntimeConfig } from './runtime-config.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerSpa } from './spa-static.ts';

export interface GatewayOptions {
  /** Log destination (default stdout). Tests pass a collector. */
  logStream?: LogStream;
  /** An open, migrated database (tests); otherwise the configured one is opened, migrated and closed with the gateway. */
  db?: Database;
  /** Hooks told of sign-in and sign-out (audit). */
  sessionEvents?: Pick<SessionRouteOptions, 'onSignIn' | 'onSignOut'>;
}

/**
 * Builds the Readroom gateway (not listening): security headers, request log, the access check every
 * route goes through, sessions, runtime config, health, DICOMweb proxy and the static SPA. Call
 * `listen()` on the result, or `inject()` in tests.
 */
export async function buildGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    logController: new PrivacyLogController(),
    trustProxy: config.trustProxy,
  });
  const assertAccessDeclared = trackRoutes(app);

  const db = options.db ?? (await openDatabase(config.database));
  if (!options.db) {
    await migrate(db);
    app.addHook('onClose', async () => db.close());
  }

  const agent = createUpstreamAgent(config.timeouts);
  app.addHook('onClose', async () => {
    await agent.close();
  });

  registerSecurityHeaders(app, config.frameAncestors);
  registerOriginCheck(app);
  await app.register(fastifyCookie);
  registerAccessControl(app, { db, session: config.session });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: { message: error.message, code: error.code } }, 'request failed');
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .send({ error: status >= 500 ? 'internal_error' : 'bad_request', message: status >= 500 ? 'The gateway failed to handle this request.' : error.message });
  });

  registerSessionRoutes(app, { db, session: config.session, ...options.sessionEvents });
  registerTotpRoutes(app, db);
  registerOidcRoutes(app, { db, session: config.session, providers: config.oidc });
  registerAdminRoutes(app, db, config.session);
  const appConfig = registerRuntimeConfig(app, config.sources, config.imageCacheMb);
  registerHealth(app, config.sources, agent, config.timeouts);
  registerWorklistHints(app, db);
  await app.register(dicomwebProxy, { sources: config.sources, timeouts: config.timeouts, agent });
  await registerSpa(app, config.staticDir, appConfig);

  app.addHook('onReady', async () => assertAccessDeclared());
  return app;
}
