import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import type { GatewayConfig, GatewayTimeouts, SourceConfig } from '../config.ts';
import { refuseAdmission } from './admission-reply.ts';
import { ArchiveAdmission, type AdmissionLimits } from './archive-admission.ts';
import { frameBatchWeight, sendFrameBatch } from './frame-batch.ts';
import { forwardedHeader, headersTowardClient, headersTowardUpstream } from './proxy-headers.ts';
import { dicomwebTarget, type DicomwebTarget } from './request-gate.ts';
import { filterStudySearch, scopedStudyQuery, sharedStudyQuery, type StudySearchFilter } from './scope.ts';
import { sendStow, type StowOptions } from './stow.ts';
import { describeUpstreamFailure, errorCode, errorReply, splitRoot } from './upstream.ts';

/**
 * Serves what the gate (server/dicomweb/request-gate.ts) allowed: reads are streamed from the archive's
 * DICOMweb root, nothing buffered, the path and query string byte for byte as the browser sent them
 * (Orthanc needs literal `^`, `*`, `?` in QIDO values); uploads (STOW) go through stow.ts; frame batches
 * through frame-batch.ts. Every request holds an archive slot (archive-admission.ts) while it talks to
 * the archive; the gateway's credentials replace the browser's; failures before the response headers
 * become 502/504 JSON errors.
 */

export interface ProxyOptions extends StowOptions {
  sources: readonly SourceConfig[];
  timeouts: GatewayTimeouts;
  agent: Dispatcher;
  admission: AdmissionLimits;
}

/** The proxy's options from the gateway's configuration. */
export function dicomwebProxyOptions(config: GatewayConfig, agent: Dispatcher): ProxyOptions {
  return {
    sources: config.sources,
    timeouts: config.timeouts,
    agent,
    uploads: {
      maxBytes: config.maxUploadBytes,
      idleTimeoutMs: config.uploadIdleTimeoutMs,
      minBytesPerSecond: config.uploadMinBytesPerSecond,
      spoolDir: config.uploadSpoolDir,
    },
    admission: { maxConcurrent: config.archiveMaxConcurrent, maxPerClient: config.archiveMaxPerClient, queueTimeoutMs: config.archiveQueueTimeoutMs },
  };
}

/** QIDO answers are bounded by their limit: a larger one is not shown rather than shown unfiltered. */
const MAX_FILTERED_BYTES = 16 << 20;

function unfilterable(reply: FastifyReply): FastifyReply {
  return errorReply(reply, 502, 'bad_gateway', 'The archive answered the search in a form the gateway cannot check.');
}

/** Reads a study search answer whole and sends only the studies in scope (never the answer unfiltered). */
async function sendFilteredSearch(reply: FastifyReply, upstream: Dispatcher.ResponseData, filter: StudySearchFilter): Promise<FastifyReply> {
  const status = upstream.statusCode;
  if (status !== 200) {
    await upstream.body.dump();
    if (status === 204) return reply.code(204).header('cache-control', 'no-store').send();
    // An archive error: its status, not its body (which is not checked).
    if (status >= 400) return errorReply(reply, status, 'archive_error', 'The archive refused the search.');
    return unfilterable(reply);
  }
  const encoding = String(upstream.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    await upstream.body.dump();
    return unfilterable(reply);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of upstream.body) {
    size += (chunk as Buffer).length;
    if (size > MAX_FILTERED_BYTES) {
      upstream.body.destroy();
      return unfilterable(reply);
    }
    chunks.push(chunk as Buffer);
  }
  let parsed: unknown;
  try {
    parsed = size === 0 ? [] : JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return unfilterable(reply);
  }
  const studies = filterStudySearch(parsed, filter);
  if (!studies) return unfilterable(reply);
  const headers = headersTowardClient(upstream.headers);
  for (const name of ['content-length', 'content-encoding', 'content-type', 'etag', 'last-modified']) delete headers[name];
  return reply.code(status).headers(headers).header('content-type', 'application/dicom+json').send(JSON.stringify(studies));
}

async function forward(
  request: FastifyRequest,
  reply: FastifyReply,
  source: SourceConfig,
  target: DicomwebTarget,
  options: ProxyOptions,
): Promise<FastifyReply> {
  const { origin, basePath } = splitRoot(source.upstream.root);
  const abort = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  // A study search of an institution-scoped account or of a share session (scope.ts): asked for as DICOM JSON, then filtered.
  const institutions = request.scopeFilter;
  const shared = request.shareFilter;
  const filter: StudySearchFilter | undefined = shared ? { studyUids: shared } : institutions ? { institutions } : undefined;
  const query = shared
    ? sharedStudyQuery(target.query, shared)
    : institutions
      ? scopedStudyQuery(target.query, institutions, source.quirks.queryValueEncoding)
      : target.query;
  const headers = headersTowardUpstream(request.headers, {
    authorization: source.upstream.authorization,
    forwarded: forwardedHeader(request.host, request.protocol),
  });
  if (filter) {
    headers['accept'] = 'application/dicom+json';
    headers['accept-encoding'] = 'identity';
    // A 304 would have nothing to filter: the filtered answer carries no validators either.
    delete headers['if-none-match'];
    delete headers['if-modified-since'];
  }
  try {
    const upstream = await options.agent.request({
      origin,
      path: `${basePath}${target.rest}${query ? `?${query}` : ''}`,
      method: 'GET',
      headers,
      signal: abort.signal,
    });
    if (filter) return await sendFilteredSearch(reply, upstream, filter);
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
    return errorReply(reply, failure.status, failure.body.error, failure.body.message);
  }
}

/** Register inside its own encapsulated scope: it replaces the body parsers with a raw pass-through. */
export async function dicomwebProxy(app: FastifyInstance, options: ProxyOptions): Promise<void> {
  // STOW bodies reach stow.ts unread: it spools them with its own limits.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const byId = new Map(options.sources.map((source) => [source.id, source]));
  const admissions = new Map(options.sources.map((source) => [source.id, new ArchiveAdmission(options.admission, source.label)]));
  const [defaultSource] = options.sources;
  if (!defaultSource) throw new Error('At least one DICOMweb source is required');

  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    // Only what the gate allowed gets here; anything else (a path it did not recognise but the router
    // did, e.g. after decoding) is refused again rather than forwarded.
    const allowed = request.dicomweb;
    const target = dicomwebTarget(request.raw.url ?? '/', defaultSource.id);
    const source = allowed && target?.sourceId === allowed.sourceId ? byId.get(allowed.sourceId) : undefined;
    const admission = source && admissions.get(source.id);
    if (!allowed || !target || !source || !admission) return errorReply(reply, 404, 'not_found', 'The gateway does not forward this DICOMweb request.');
    // An upload takes its archive slot only once it has arrived whole.
    if (allowed.kind === 'store') return sendStow(request, reply, source, target, admission, options);

    const clientGone = new AbortController();
    reply.raw.once('close', () => clientGone.abort());
    const weight = allowed.kind === 'frame-batch' ? frameBatchWeight(request.query) : 1;
    const slot = await admission.admit(request.ip, weight, clientGone.signal);
    if (!slot.ok) return refuseAdmission(reply, slot);
    // The response ends (or the browser leaves) only after the last byte from the archive.
    reply.raw.once('close', slot.release);
    if (allowed.kind === 'frame-batch' && allowed.studyUid && allowed.seriesUid) {
      return sendFrameBatch(request, reply, source, target.prefix, { study: allowed.studyUid, series: allowed.seriesUid }, options);
    }
    return forward(request, reply, source, target, options);
  };

  for (const url of ['/dicom-web', '/dicom-web/*', '/sources/:sourceId/dicom-web', '/sources/:sourceId/dicom-web/*']) {
    // Reads are open to share sessions too: scope.ts then lets through only the shared studies.
    app.route({ method: 'GET', url, exposeHeadRoute: false, config: { access: { permission: 'images:read', share: 'allowed' } }, handler });
    app.route({ method: 'POST', url, config: { access: { permission: 'images:write' } }, handler });
  }
}
