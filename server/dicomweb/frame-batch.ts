import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Transform } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import { FRAME_BATCH_PARAMETER, FRAME_STATUS_HEADER, framePath, parseBatchFrames, type BatchFrame } from '../../src/dicomweb/frame-batch-protocol.ts';
import { boundaryOfContentType, MultipartParseError, readMultipartParts } from '../../src/dicomweb/multipart-reader.ts';
import type { GatewayTimeouts, SourceConfig } from '../config.ts';
import { forwardedHeader, hasControlCharacter, headersTowardUpstream } from './proxy-headers.ts';
import { describeUpstreamFailure, errorCode, errorReply, splitRoot } from './upstream.ts';

/**
 * Frame batches (protocol: src/dicomweb/frame-batch-protocol.ts): many WADO-RS frames in one browser
 * request, so a slow, high-latency link pays its round trip once per batch instead of once per frame.
 * The gateway sits next to the archive: it asks the archive for each frame with the standard frame
 * request (the browser's own Accept, the same credentials and headers as the proxy) and streams the
 * parts back in the order asked, each as soon as it and those before it are there. At most
 * UPSTREAM_WINDOW frames are fetched at a time (the one being sent included), which bounds both the load on the
 * archive and what the gateway holds in memory (whole frames, never the whole batch).
 */

export interface FrameBatchOptions {
  timeouts: GatewayTimeouts;
  agent: Dispatcher;
}

const UPSTREAM_WINDOW = 4;

/** How many archive requests a batch keeps open at once (its weight in archive-admission.ts). */
export function frameBatchWeight(query: unknown): number {
  const frames = (query as Record<string, string | string[] | undefined>)[FRAME_BATCH_PARAMETER];
  const count = frames === undefined ? 1 : Array.isArray(frames) ? frames.length : 1;
  return Math.max(1, Math.min(UPSTREAM_WINDOW, count));
}

type FrameOutcome =
  | { ok: true; contentType: string; body: Uint8Array }
  | {
      ok: false;
      status: number;
      error: string;
      message: string;
      /** The archive could not be reached at all (as opposed to refusing this frame). */
      unreachable: boolean;
      cause: string;
    };

interface BatchContext {
  source: SourceConfig;
  origin: string;
  basePath: string;
  study: string;
  series: string;
  headers: Record<string, string | string[]>;
  signal: AbortSignal;
  options: FrameBatchOptions;
}

/** Header values copied from the archive's part into ours must be one clean line. */
function isSafeHeaderValue(value: string): boolean {
  return value.length <= 512 && !hasControlCharacter(value);
}

function badResponse(message: string): FrameOutcome {
  return { ok: false, status: 502, error: 'archive_bad_response', message, unreachable: false, cause: 'bad multipart' };
}

async function fetchFrame(ctx: BatchContext, frame: BatchFrame): Promise<FrameOutcome> {
  try {
    const upstream = await ctx.options.agent.request({
      origin: ctx.origin,
      path: `${ctx.basePath}${framePath(ctx.study, ctx.series, frame)}`,
      method: 'GET',
      headers: ctx.headers,
      signal: ctx.signal,
    });
    if (upstream.statusCode !== 200) {
      await upstream.body.dump();
      return {
        ok: false,
        status: upstream.statusCode,
        error: 'archive_refused_frame',
        message: `The image archive answered HTTP ${upstream.statusCode} for this frame.`,
        unreachable: false,
        cause: `HTTP ${upstream.statusCode}`,
      };
    }
    const contentType = String(upstream.headers['content-type'] ?? '');
    const boundary = boundaryOfContentType(contentType);
    if (!boundary) {
      await upstream.body.dump();
      return badResponse('The image archive did not answer this frame as multipart/related.');
    }
    const parts = [];
    for await (const part of readMultipartParts(upstream.body, boundary)) parts.push(part);
    const [part] = parts;
    if (!part || parts.length !== 1) return badResponse(`The image archive sent ${parts.length} parts for one frame.`);
    const partType = part.headers['content-type'] ?? 'application/octet-stream';
    if (!isSafeHeaderValue(partType)) return badResponse('The image archive sent a malformed Content-Type for this frame.');
    return { ok: true, contentType: partType, body: part.body };
  } catch (error) {
    if (error instanceof MultipartParseError) return badResponse(`The image archive sent a malformed frame response: ${error.message}`);
    if (ctx.signal.aborted)
      return { ok: false, status: 499, error: 'client_closed_request', message: 'The browser closed the request.', unreachable: false, cause: 'aborted' };
    if (errorCode(error) === 'UND_ERR_INVALID_ARG') {
      return {
        ok: false,
        status: 500,
        error: 'internal_error',
        message: 'The gateway failed to ask the archive for this frame.',
        unreachable: false,
        cause: 'UND_ERR_INVALID_ARG',
      };
    }
    const failure = describeUpstreamFailure(error, ctx.source, ctx.options.timeouts);
    return { ok: false, status: failure.status, error: failure.body.error, message: failure.body.message, unreachable: true, cause: failure.cause };
  }
}

/**
 * Outcomes taken in the order asked: taking item i starts the fetches up to i + window − 1, and
 * forgets item i (its frame is sent and need not stay in memory).
 */
class OrderedFetches<T> {
  private readonly started: Array<Promise<T> | undefined> = [];
  constructor(
    private readonly count: number,
    private readonly window: number,
    private readonly run: (index: number) => Promise<T>,
  ) {}

  take(index: number): Promise<T> {
    while (this.started.length < Math.min(this.count, index + this.window)) this.started.push(this.run(this.started.length));
    const outcome = this.started[index];
    if (!outcome) throw new Error(`Frame ${index} of the batch was taken twice or never started`);
    this.started[index] = undefined;
    return outcome;
  }
}

/** Whether `Accept-Encoding` allows gzip (an explicit `q=0` refuses it). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  let wildcard = false;
  for (const item of text.split(',')) {
    const [name, ...params] = item.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)).find(Boolean);
    const allowed = !q || Number(q[1]) > 0;
    if (name === 'gzip') return allowed;
    if (name === '*') wildcard = allowed;
  }
  return wildcard;
}

/** Native (uncompressed) pixel data: worth compressing on the link; image/* parts already are compressed. */
function isUncompressedPixelData(contentType: string): boolean {
  return /^\s*application\/octet-stream\s*(;|$)/i.test(contentType);
}

function partHead(boundary: string, location: string, outcome: FrameOutcome, body: Uint8Array): string {
  const lines = [`--${boundary}`, `Content-Location: ${location}`];
  if (outcome.ok) lines.push(`Content-Type: ${outcome.contentType}`);
  else lines.push('Content-Type: application/json; charset=utf-8', `${FRAME_STATUS_HEADER}: ${outcome.status}`);
  lines.push(`Content-Length: ${body.length}`, '', '');
  return lines.join('\r\n');
}

async function write(out: Transform, chunk: Uint8Array | string, signal: AbortSignal): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain', { signal });
}

/** A batch of the series `study`/`series` (UIDs the allow-list has checked), answered from `source`. */
export async function sendFrameBatch(
  request: FastifyRequest,
  reply: FastifyReply,
  source: SourceConfig,
  prefix: string,
  { study, series }: { study: string; series: string },
  options: FrameBatchOptions,
): Promise<FastifyReply> {
  const raw = (request.query as Record<string, string | string[] | undefined>)[FRAME_BATCH_PARAMETER];
  const frames = parseBatchFrames(raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]);
  if ('error' in frames) return errorReply(reply, 400, 'bad_frames', frames.error);
  const accept = request.headers.accept ?? '';
  if (!/^\s*multipart\/related\s*(;|$)/i.test(accept)) {
    return errorReply(reply, 406, 'not_acceptable', "A frame batch carries the frame request's Accept header (multipart/related; type=…; transfer-syntax=…).");
  }

  const abort = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  const { origin, basePath } = splitRoot(source.upstream.root);
  const headers = headersTowardUpstream(request.headers, {
    authorization: source.upstream.authorization,
    forwarded: forwardedHeader(request.host, request.protocol),
  });
  // The archive is next door: uncompressed answers are cheaper than compressing and inflating them here.
  headers['accept-encoding'] = 'identity';
  const ctx: BatchContext = { source, origin, basePath, study, series, headers, signal: abort.signal, options };
  const outcomes = new OrderedFetches(frames.length, UPSTREAM_WINDOW, (i) => fetchFrame(ctx, frames[i]!));

  // The first frame decides how the batch is answered: an archive that cannot be reached gets the
  // proxy's own 502/504, and native pixel data is gzip-compressed for the link (images in a
  // compressed syntax are not worth the gateway's time).
  const first = await outcomes.take(0);
  if (abort.signal.aborted) return errorReply(reply, 499, 'client_closed_request', 'The browser closed the request.');
  if (!first.ok && first.unreachable) {
    abort.abort();
    request.log.warn({ source: source.id, cause: first.cause }, 'archive request failed');
    return errorReply(reply, first.status, first.error, first.message);
  }
  const gzip = first.ok && isUncompressedPixelData(first.contentType) && acceptsGzip(request.headers['accept-encoding']);
  const body: Transform = gzip ? createGzip({ level: 1 }) : new PassThrough();
  const boundary = `readroom-batch-${randomUUID()}`;

  const writeParts = async () => {
    let failed = 0;
    let lastCause = '';
    for (let i = 0; i < frames.length && !abort.signal.aborted; i++) {
      const outcome = i === 0 ? first : await outcomes.take(i);
      if (abort.signal.aborted) break;
      const partBody = outcome.ok ? outcome.body : Buffer.from(JSON.stringify({ error: outcome.error, message: outcome.message, status: outcome.status }));
      if (!outcome.ok) {
        failed++;
        lastCause = outcome.cause;
      }
      await write(body, partHead(boundary, `${prefix}${framePath(study, series, frames[i]!)}`, outcome, partBody), abort.signal);
      await write(body, partBody, abort.signal);
      await write(body, '\r\n', abort.signal);
    }
    if (abort.signal.aborted) return body.destroy();
    if (failed > 0) request.log.info({ source: source.id, failed, frames: frames.length, cause: lastCause }, 'frames of a batch not sent');
    body.end(`--${boundary}--\r\n`);
  };
  writeParts().catch((error: unknown) => {
    if (!abort.signal.aborted) request.log.error({ err: { message: (error as Error).message } }, 'frame batch failed while streaming');
    abort.abort();
    body.destroy();
  });

  reply.code(200).header('content-type', `multipart/related; type="application/octet-stream"; boundary=${boundary}`).header('vary', 'Accept, Accept-Encoding');
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply.send(body);
}
