import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * CSRF defence for every state-changing request (besides SameSite=Strict cookies): a browser names the
 * page that sent a request in `Origin` (or `Referer`, or `Sec-Fetch-Site`); one from another site is
 * refused. A request without any of them does not come from a browser page, so it cannot carry a
 * victim's cookie, and is let through (command-line clients, health checks).
 */

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function crossSiteReason(request: Pick<FastifyRequest, 'headers' | 'protocol' | 'host' | 'method'>): string | undefined {
  if (!STATE_CHANGING.has(request.method)) return undefined;
  const own = `${request.protocol}://${request.host}`;
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === own ? undefined : 'origin';
  const referer = request.headers.referer;
  if (referer !== undefined) return originOf(referer) === own ? undefined : 'referer';
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'sec-fetch-site';
  return undefined;
}

export function registerOriginCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const reason = crossSiteReason(request);
    if (reason === undefined) return;
    request.log.warn({ reason }, 'cross-site state-changing request refused');
    return reply.code(403).header('cache-control', 'no-store').send({ error: 'cross_origin', message: 'This request came from another site and was refused.' });
  });
}
