import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { GatewayConfig } from '../config.ts';
import { dicomwebProxy, dicomwebProxyOptions } from '../dicomweb/proxy.ts';
import { registerDicomwebGate } from '../dicomweb/request-gate.ts';
import { registerHealth } from './health.ts';
import { registerHostCheck } from './host-check.ts';
import { loggerOptions, PrivacyLogController, type LogStream } from './logging.ts';
import { registerRuntimeConfig } from './runtime-config.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerSpa } from './spa-static.ts';
import { createUpstreamAgent } from '../dicomweb/upstream.ts';
import { registerWorklistHints } from '../worklist/worklist-hints.ts';

export interface GatewayOptions {
  /** Log destination (default stdout). Tests pass a collector. */
  logStream?: LogStream;
}

/**
 * Builds the Readroom gateway (not listening): security headers, request log, runtime config, health,
 * DICOMweb proxy and the static SPA. Call `listen()` on the result, or `inject()` in tests.
 */
export async function buildGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    logController: new PrivacyLogController(),
    trustProxy: config.trustProxy,
  });

  // First of all hooks: a request addressed to an unknown host name (DNS rebinding) gets nothing else.
  registerHostCheck(app, { allowedHosts: config.allowedHosts, listenHost: config.host });

  const agent = createUpstreamAgent(config.timeouts);
  app.addHook('onClose', async () => {
    await agent.close();
  });

  registerSecurityHeaders(app, config.frameAncestors);
  // Before any access check: it refuses what never goes to an archive and sets request.dicomweb.
  registerDicomwebGate(app, config.sources);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: { message: error.message, code: error.code } }, 'request failed');
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .send({ error: status >= 500 ? 'internal_error' : 'bad_request', message: status >= 500 ? 'The gateway failed to handle this request.' : error.message });
  });

  const appConfig = registerRuntimeConfig(app, config.sources, config.user, config.imageCacheMb);
  registerHealth(app, config.sources, agent, config.timeouts);
  registerWorklistHints(app);
  await app.register(dicomwebProxy, dicomwebProxyOptions(config, agent));
  await registerSpa(app, config.staticDir, appConfig);

  return app;
}
