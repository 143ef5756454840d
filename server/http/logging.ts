import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';

/**
 * Request logging without patient data. QIDO query strings carry patient names and IDs, so nothing here
 * logs a URL with its query string: one line per request with method, path, status and duration.
 */

/** Where log lines go (tests pass a collector; default is stdout). */
export interface LogStream {
  write(line: string): void;
}

/** The path of a raw request URL, without query string or fragment. */
export function pathOnly(url: string | undefined): string {
  if (!url) return '/';
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/** The path as logged: a share link's token (`/s/<token>`) is a credential and never written to a log. */
export function loggedPath(url: string | undefined): string {
  return pathOnly(url).replace(/^\/s\/[^/]+/, '/s/[token]');
}

export function loggerOptions(level: string, stream?: LogStream): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      // Replaces pino's default `req` serializer, which logs the full URL (query included).
      req: (req: { method?: string; url?: string }) => ({ method: req.method, path: loggedPath(req.url) }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/**
 * Replaces Fastify's own request log lines ("incoming request", "request completed", "Route GET:<url>
 * not found" — the last one includes the query string) with one line per finished request.
 */
export class PrivacyLogController extends LogController {
  override incomingRequest(): void {
    /* the completion line below carries everything */
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, path: loggedPath(request.raw.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: { message: error.message } }, 'request failed');
    else reply.log.info(line, 'request');
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.info({ method: request.method, path: loggedPath(request.raw.url) }, 'route not found');
  }
}
