import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { registerAudit } from '../audit/register.ts';
import { registerAccessControl, trackRoutes, type DeclaredRoute } from '../auth/access.ts';
import { registerAdminRoutes } from '../auth/admin-routes.ts';
import { registerOidcRoutes } from '../auth/oidc-routes.ts';
import { registerSessionRoutes, type SessionRouteOptions } from '../auth/session-routes.ts';
import { registerTotpRoutes } from '../auth/totp-routes.ts';
import type { GatewayConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { createStudyFacts } from '../dicomweb/study-facts.ts';
import { createUpstreamAgent } from '../dicomweb/upstream.ts';
import { registerWorklistHints } from '../worklist/worklist-hints.ts';
import { registerPersonalProtocols } from '../hanging-protocols/personal-protocols.ts';
import { registerDelivery } from '../delivery/register.ts';
import { registerShareExchange } from '../shares/share-exchange.ts';
import { registerShareRoutes } from '../shares/share-routes.ts';
import { registerReports } from '../reports/report-routes.ts';
import { registerPeerReview } from '../peer-review/peer-review-routes.ts';
import { reviewsStudy } from '../peer-review/peer-review-store.ts';
import { registerReading } from '../reading/reading-routes.ts';
import { holdsClaim, markReportSigned } from '../reading/reading-store.ts';
import { dicomwebProxy, dicomwebProxyOptions } from '../dicomweb/proxy.ts';
import { registerDicomwebGate } from '../dicomweb/request-gate.ts';
import { registerScopeCheck } from '../dicomweb/scope.ts';
import { registerHealth } from './health.ts';
import { registerHostCheck } from './host-check.ts';
import { loggerOptions, PrivacyLogController, type LogStream } from './logging.ts';
import { registerOriginCheck } from './origin-check.ts';
import { registerRuntimeConfig } from './runtime-config.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerSpa } from './spa-static.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with what it requires (filled when the gateway is ready). */
    routeTable: DeclaredRoute[];
  }
}

export interface GatewayOptions {
  /** Log destination (default stdout). Tests pass a collector. */
  logStream?: LogStream;
  /** An open, migrated database (tests); otherwise the configured one is opened, migrated and closed with the gateway. */
  db?: Database;
  /** Hooks told of sign-in and sign-out, after the audit trail has recorded them. */
  sessionEvents?: Pick<SessionRouteOptions, 'onSignIn' | 'onSignOut'>;
}

/**
 * Builds the Readroom gateway (not listening): security headers, request log, the access check every
 * route goes through, sessions, the audit trail, runtime config, health, DICOMweb proxy and the static SPA. Call
 * `listen()` on the result, or `inject()` in tests.
 */
export async function buildGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    logController: new PrivacyLogController(),
    trustProxy: config.trustProxy,
  });
  const routeTable = trackRoutes(app);
  app.decorate('routeTable', routeTable.routes);

  const db = options.db ?? (await openDatabase(config.database));
  if (!options.db) {
    await migrate(db);
    app.addHook('onClose', async () => db.close());
  }

  // First of all hooks: a request addressed to an unknown host name (DNS rebinding) gets nothing else.
  registerHostCheck(app, { allowedHosts: config.allowedHosts, listenHost: config.host });

  const agent = createUpstreamAgent(config.timeouts);
  app.addHook('onClose', async () => {
    await agent.close();
  });

  registerSecurityHeaders(app, config.frameAncestors);
  registerOriginCheck(app);
  await app.register(fastifyCookie);
  registerAccessControl(app, { db, session: config.session });
  // After the access check (so a signed-out caller only ever learns 401): refuses what never goes to an archive and sets request.dicomweb.
  registerDicomwebGate(app, config.sources);
  const studyFacts = createStudyFacts({ db, agent, sources: config.sources, log: app.log });
  // Right after the gate, before the audit and the proxy: what is outside the account's scope is not found.
  registerScopeCheck(app, { studyFacts });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: { message: error.message, code: error.code } }, 'request failed');
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .send({ error: status >= 500 ? 'internal_error' : 'bad_request', message: status >= 500 ? 'The gateway failed to handle this request.' : error.message });
  });

  // Before the proxy: its routes must get the audit's hooks.
  const audit = registerAudit(app, { db, config, studyFacts });
  registerSessionRoutes(app, {
    db,
    session: config.session,
    onSignIn: async (request, result, username) => {
      await audit.sessionEvents.onSignIn(request, result, username);
      await options.sessionEvents?.onSignIn?.(request, result, username);
    },
    onSignOut: async (request) => {
      await audit.sessionEvents.onSignOut(request);
      await options.sessionEvents?.onSignOut?.(request);
    },
  });
  registerTotpRoutes(app, db);
  registerOidcRoutes(app, { db, session: config.session, providers: config.oidc, onSignIn: audit.sessionEvents.onSsoSignIn });
  registerAdminRoutes(app, db, config.session);
  // What the share, reading and report routes all work with.
  const features = { db, recorder: audit.recorder, studyFacts, agent, sources: config.sources, auditSourceId: config.audit.sourceId };
  registerShareRoutes(app, {
    ...features,
    maxDays: config.shareMaxDays,
  });
  registerShareExchange(app, {
    db,
    recorder: audit.recorder,
    studyFacts,
    session: config.session,
    auditSourceId: config.audit.sourceId,
    defaultSourceId: config.sources[0].id,
  });
  registerReading(app, {
    ...features,
    ...config.reading,
  });
  const delivery = registerDelivery(app, {
    db,
    config: config.delivery,
    sources: config.sources,
    agent,
    studyFacts,
    auditSourceId: config.audit.sourceId,
    // A blinded peer reviewer of the study does not learn its reader from the delivery list either.
    blindsAuthors: async (studyUid, accountId) => config.peerReview.blinded && (await reviewsStudy(db, studyUid, accountId)),
  });
  const peerReview = registerPeerReview(app, { ...features, config: config.peerReview, kickOutbox: () => delivery.worker.kick() });
  registerReports(app, {
    ...features,
    peerReview,
    reading: {
      markReportSigned: (studyUid, status) => markReportSigned(db, studyUid, status),
      holdsClaim: (studyUid, accountId) => holdsClaim(db, studyUid, accountId),
    },
    delivery: { enqueue: (report) => delivery.enqueue(report) },
  });
  const appConfig = registerRuntimeConfig(app, config.sources, config.imageCacheMb);
  registerHealth(app, config.sources, agent, config.timeouts);
  registerWorklistHints(app, db);
  registerPersonalProtocols(app, db);
  await app.register(dicomwebProxy, dicomwebProxyOptions(config, agent));
  await registerSpa(app, config.staticDir, appConfig);

  app.addHook('onReady', async () => routeTable.assertDeclared());
  return app;
}
