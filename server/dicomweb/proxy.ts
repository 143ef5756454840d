import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { GatewayTimeouts, SourceConfig } from '../config.ts';
import { sendFrameBatch } from './frame-batch.ts';
import { forwardedHeader, headersTowardClient, headersTowardUpstream } from './proxy-headers.ts';
import { dicomwebTarget, type DicomwebTarget } from './request-gate.ts';
import { describeUpstreamFailure, errorCode, errorReply, splitRoot } from './upstream.ts';

/**
 * Streams the requests the gate (server/dicomweb/request-gate.ts) allowed to the archive's DICOMweb root.
 * Nothing is buffered in either direction; the path and query string go out byte for byte as the browser
 * sent them (Orthanc needs literal `^`, `*`, `?` in QIDO values); the gateway's credentials replace the
 * browser's; failures before the response headers become 502/504 JSON errors.
 */

export interface ProxyOptions {
  sources: readonly SourceConfig[];
  timeouts: GatewayTimeouts;
  agent: Dispatcher;
}

async function forward(request: FastifyRequest, reply: FastifyReply, source: SourceConfig, target: DicomwebTarget, options: ProxyOptions): Promise<FastifyReply> {
  const { origin, basePath } = splitRoot(source.upstream.root);
  const abort = new AbortController();
  const onClientGone = () => {
    if (!reply.raw.writableFinished) abort.abort();
  };
  reply.raw.once('close', onClientGone);

  const hasBody = request.method === 'POST' && request.body !== undefined;
  try {
    const upstream = await options.agent.request({
      origin,
      path: `${basePath}${target.rest}${target.query ? `?${target.query}` : ''}`,
      method: request.method as Dispatcher.HttpMethod,
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

/** Register inside its own encapsulated scope: it replaces the body parsers with a raw pass-through. */
export async function dicomwebProxy(app: FastifyInstance, options: ProxyOptions): Promise<void> {
  // Request bodies (STOW) are streamed to the archive as they arrive: no parsing, no body limit, no buffer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const byId = new Map(options.sources.map((source) => [source.id, source]));
  const [defaultSource] = options.sources;
  if (!defaultSource) throw new Error('At least one DICOMweb source is required');

  const handler = (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> | FastifyReply => {
    // Only what the gate allowed gets here; anything else (a path it did not recognise but the router
    // did, e.g. after decoding) is refused again rather than forwarded.
    const allowed = request.dicomweb;
    const target = dicomwebTarget(request.raw.url ?? '/', defaultSource.id);
    const source = allowed && target?.sourceId === allowed.sourceId ? byId.get(allowed.sourceId) : undefined;
    if (!allowed || !target || !source) return errorReply(reply, 404, 'not_found', 'The gateway does not forward this DICOMweb request.');
    if (allowed.kind === 'frame-batch' && allowed.studyUid && allowed.seriesUid) {
      return sendFrameBatch(request, reply, source, target.prefix, { study: allowed.studyUid, series: allowed.seriesUid }, options);
    }
    return forward(request, reply, source, target, options);
  };

  for (const url of ['/dicom-web', '/dicom-web/*', '/sources/:sourceId/dicom-web', '/sources/:sourceId/dicom-web/*']) {
    app.route({ method: ['GET', 'POST'], url, exposeHeadRoute: false, handler });
  }
}
