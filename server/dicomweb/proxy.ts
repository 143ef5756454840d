import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { GatewayTimeouts, SourceConfig } from '../config.ts';
import { FRAME_BATCH_SEGMENT } from '../../src/dicomweb/frame-batch-protocol.ts';
import { sendFrameBatch } from './frame-batch.ts';
import { forwardedHeader, headersTowardClient, headersTowardUpstream, hasControlCharacter } from './proxy-headers.ts';
import { DEFAULT_SOURCE_PREFIX, sourcePrefix } from '../http/runtime-config.ts';
import { describeUpstreamFailure, errorCode, errorReply, splitRoot } from './upstream.ts';

/**
 * Streams `/dicom-web/*` (default source) and `/sources/<id>/dicom-web/*` to the archive's DICOMweb root.
 * Nothing is buffered in either direction; the path and query string go out byte for byte as the browser
 * sent them (Orthanc needs literal `^`, `*`, `?` in QIDO values); the gateway's credentials replace the
 * browser's; failures before the response headers become 502/504 JSON errors.
 */

export interface ProxyOptions {
  sources: readonly SourceConfig[];
  timeouts: GatewayTimeouts;
  agent: Dispatcher;
}

const PROXIED_METHODS = ['GET', 'HEAD', 'POST'] as const;
const READ = { access: { permission: 'images:read' } } as const;
const WRITE = { access: { permission: 'images:write' } } as const;
const REFUSED_METHODS = ['PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/**
 * The part of the raw path after the route prefix, if it is safe to append to the archive root:
 * no dot segments (encoded or not), no encoded slashes or backslashes, valid percent-encoding.
 * This keeps a browser from climbing out of `/dicom-web` into the archive's admin API.
 */
export function safeRestPath(rest: string): string | undefined {
  if (rest !== '' && !rest.startsWith('/')) return undefined;
  if (/%2f|%5c|\\/i.test(rest)) return undefined;
  for (const segment of rest.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (decoded === '.' || decoded === '..' || hasControlCharacter(decoded)) return undefined;
  }
  return rest;
}

function splitRawUrl(rawUrl: string): { rawPath: string; rawQuery: string } {
  const q = rawUrl.indexOf('?');
  return q === -1 ? { rawPath: rawUrl, rawQuery: '' } : { rawPath: rawUrl.slice(0, q), rawQuery: rawUrl.slice(q) };
}

async function forward(request: FastifyRequest, reply: FastifyReply, source: SourceConfig, prefix: string, options: ProxyOptions): Promise<FastifyReply> {
  const { rawPath, rawQuery } = splitRawUrl(request.raw.url ?? '/');
  // Compare against the raw prefix: routes match decoded paths, the archive must get the raw one.
  if (rawPath !== prefix && !rawPath.startsWith(`${prefix}/`)) {
    return errorReply(reply, 404, 'not_found', 'No such DICOMweb source.');
  }
  const rest = safeRestPath(rawPath.slice(prefix.length));
  if (rest === undefined) return errorReply(reply, 400, 'bad_path', 'This DICOMweb path is not allowed.');

  const { origin, basePath } = splitRoot(source.upstream.root);
  const abort = new AbortController();
  const onClientGone = () => {
    if (!reply.raw.writableFinished) abort.abort();
  };
  reply.raw.once('close', onClientGone);

  const method = request.method as (typeof PROXIED_METHODS)[number];
  const hasBody = method === 'POST' && request.body !== undefined;
  try {
    const upstream = await options.agent.request({
      origin,
      path: `${basePath}${rest}${rawQuery}`,
      method,
      headers: headersTowardUpstream(request.headers, {
        authorization: source.upstream.authorization,
        forwarded: forwardedHeader(request.host, request.protocol),
      }),
      body: hasBody ? (request.body as Readable) : null,
      signal: abort.signal,
    });
    reply.code(upstream.statusCode).headers(headersTowardClient(upstream.headers));
    return reply.send(upstream.body);
  } catch (error) {
    if (abort.signal.aborted) {
      request.log.info({ source: source.id }, 'client closed the request before the archive answered');
      return errorReply(reply, 499, 'client_closed_request', 'The browser closed the request.');
    }
    // A request undici refuses to build is the gateway's fault, not the archive's (500 via the error handler).
    if (errorCode(error) === 'UND_ERR_INVALID_ARG') throw error;
    const failure = describeUpstreamFailure(error, source, options.timeouts);
    request.log.warn({ source: source.id, cause: failure.cause }, 'archive request failed');
    // An upload the archive stopped reading cannot continue: close the connection after the answer
    // instead of waiting for (and discarding) the rest of the browser's body.
    if (hasBody && !request.raw.complete) reply.header('connection', 'close');
    return errorReply(reply, failure.status, failure.body.error, failure.body.message);
  }
}

function refuse(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply
    .code(405)
    .header('allow', PROXIED_METHODS.join(', '))
    .header('cache-control', 'no-store')
    .send({ error: 'method_not_allowed', message: 'The gateway forwards only GET, HEAD and POST (STOW) to the archive.' });
}

/** Register inside its own encapsulated scope: it replaces the body parsers with a raw pass-through. */
export async function dicomwebProxy(app: FastifyInstance, options: ProxyOptions): Promise<void> {
  // Request bodies (STOW) are streamed to the archive as they arrive: no parsing, no body limit, no buffer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const byId = new Map(options.sources.map((source) => [source.id, source]));
  const [defaultSource] = options.sources;
  if (!defaultSource) throw new Error('At least one DICOMweb source is required');

  // Frame batches live under each source's DICOMweb root; these routes win over the wildcards below.
  const batchPath = `/studies/:study/series/:series/${FRAME_BATCH_SEGMENT}`;
  type BatchRoute = { Params: { study: string; series: string }; Querystring: Record<string, string | string[] | undefined> };
  app.get<BatchRoute>(`${DEFAULT_SOURCE_PREFIX}${batchPath}`, { exposeHeadRoute: false, config: READ }, (req, reply) => sendFrameBatch(req, reply, defaultSource, DEFAULT_SOURCE_PREFIX, options));
  app.get<BatchRoute & { Params: { sourceId: string } }>(`/sources/:sourceId/dicom-web${batchPath}`, { exposeHeadRoute: false, config: READ }, (req, reply) => {
    const source = byId.get(req.params.sourceId);
    if (!source) return errorReply(reply, 404, 'unknown_source', 'There is no DICOMweb source with this id.');
    return sendFrameBatch(req, reply, source, sourcePrefix(source.id), options);
  });

  for (const url of [DEFAULT_SOURCE_PREFIX, `${DEFAULT_SOURCE_PREFIX}/*`]) {
    const handler = (req: FastifyRequest, reply: FastifyReply) => forward(req, reply, defaultSource, DEFAULT_SOURCE_PREFIX, options);
    app.route({ method: ['GET', 'HEAD'], url, exposeHeadRoute: false, config: READ, handler });
    app.route({ method: 'POST', url, config: WRITE, handler });
    app.route({ method: [...REFUSED_METHODS], url, config: READ, handler: refuse });
  }

  for (const url of ['/sources/:sourceId/dicom-web', '/sources/:sourceId/dicom-web/*']) {
    const handler = (req: FastifyRequest<{ Params: { sourceId: string } }>, reply: FastifyReply) => {
      const source = byId.get(req.params.sourceId);
      if (!source) return errorReply(reply, 404, 'unknown_source', 'There is no DICOMweb source with this id.');
      return forward(req, reply, source, sourcePrefix(source.id), options);
    };
    app.route<{ Params: { sourceId: string } }>({ method: ['GET', 'HEAD'], url, exposeHeadRoute: false, config: READ, handler });
    app.route<{ Params: { sourceId: string } }>({ method: 'POST', url, config: WRITE, handler });
    app.route({ method: [...REFUSED_METHODS], url, config: READ, handler: refuse });
  }
}
