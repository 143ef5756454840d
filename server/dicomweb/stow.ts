import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import type { GatewayTimeouts, SourceConfig } from '../config.ts';
import type { ArchiveAdmission } from './archive-admission.ts';
import { refuseAdmission } from './admission-reply.ts';
import { forwardedHeader, headersTowardClient, headersTowardUpstream } from './proxy-headers.ts';
import type { DicomwebTarget } from './request-gate.ts';
import { stowBoundary } from './stow-body-check.ts';
import { removeSpool, spoolStowBody, type UploadLimits } from './stow-spool.ts';
import { describeUpstreamFailure, errorCode, errorReply, splitRoot } from './upstream.ts';

/**
 * STOW-RS through the gateway: the upload is spooled and checked first (stow-spool.ts), then sent to the
 * archive in one go under an archive slot, and the archive's answer is checked too: Orthanc answers 200
 * with an empty Referenced SOP Sequence when it stored nothing.
 */

export interface StowOptions {
  timeouts: GatewayTimeouts;
  agent: Dispatcher;
  uploads: UploadLimits & { spoolDir: string };
}

const REFERENCED_SOP_SEQUENCE = '00081199';
/** A STOW answer lists each stored instance in a few hundred bytes; anything larger is not one. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function declaredLength(value: string | undefined): number | undefined {
  return value !== undefined && /^[0-9]+$/.test(value.trim()) ? Number(value) : undefined;
}

/** An answer sent before the upload was read to its end closes the connection instead of draining it. */
function refuseUpload(request: FastifyRequest, reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  if (!request.raw.complete) reply.header('connection', 'close');
  return errorReply(reply, status, error, message);
}

async function readAnswer(body: Dispatcher.ResponseData['body']): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += (chunk as Buffer).length;
    if (total > MAX_ANSWER_BYTES) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Whether a 200 DICOM JSON answer confirms no instance at all. */
function confirmsNothing(answer: Buffer, contentType: string): boolean {
  if (!/json/i.test(contentType)) return false;
  try {
    const referenced = (JSON.parse(answer.toString('utf8')) as Record<string, { Value?: unknown } | undefined>)[REFERENCED_SOP_SEQUENCE]?.Value;
    return !Array.isArray(referenced) || referenced.length === 0;
  } catch {
    return false;
  }
}

export async function sendStow(
  request: FastifyRequest,
  reply: FastifyReply,
  source: SourceConfig,
  target: DicomwebTarget,
  admission: ArchiveAdmission,
  options: StowOptions,
): Promise<FastifyReply> {
  const accepted = stowBoundary(headerValue(request.headers['content-type']), headerValue(request.headers['content-encoding']));
  if ('status' in accepted) return refuseUpload(request, reply, accepted.status, accepted.error, accepted.message);

  const body = (request.body as Readable | undefined) ?? Readable.from([]);
  const spooled = await spoolStowBody(body, {
    boundary: accepted.boundary,
    declaredLength: declaredLength(request.headers['content-length']),
    limits: options.uploads,
    dir: options.uploads.spoolDir,
  });
  if (!spooled.ok) {
    request.log.info({ source: source.id, status: spooled.status, error: spooled.error }, 'upload refused before the archive');
    return refuseUpload(request, reply, spooled.status, spooled.error, spooled.message);
  }

  const abort = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  let answer: StowAnswer;
  try {
    const slot = await admission.admit(request.ip, 1, abort.signal);
    if (!slot.ok) return refuseAdmission(reply, slot);
    try {
      answer = await storeSpooled(request, source, target, spooled, abort.signal, options);
    } finally {
      slot.release();
    }
  } finally {
    // Before answering: once the browser has its answer, nothing of the upload is left behind.
    await removeSpool(spooled.file);
  }
  if ('error' in answer) return errorReply(reply, answer.status, answer.error, answer.message);
  return reply.code(answer.status).headers(answer.headers).send(answer.body);
}

type StowAnswer = { status: number; headers: Record<string, string | string[]>; body: Buffer } | { status: number; error: string; message: string };

async function storeSpooled(
  request: FastifyRequest,
  source: SourceConfig,
  target: DicomwebTarget,
  spooled: { file: string; size: number; parts: number },
  signal: AbortSignal,
  options: StowOptions,
): Promise<StowAnswer> {
  const { origin, basePath } = splitRoot(source.upstream.root);
  const headers = headersTowardUpstream(request.headers, {
    authorization: source.upstream.authorization,
    forwarded: forwardedHeader(request.host, request.protocol),
  });
  headers['content-length'] = String(spooled.size);
  // The answer is read and checked here: uncompressed is simpler, and the archive is next door.
  headers['accept-encoding'] = 'identity';
  try {
    const upstream = await options.agent.request({
      origin,
      path: `${basePath}${target.rest}${target.query ? `?${target.query}` : ''}`,
      method: 'POST',
      headers,
      body: createReadStream(spooled.file),
      signal,
    });
    const body = await readAnswer(upstream.body);
    if (body === undefined)
      return {
        status: 502,
        error: 'archive_bad_response',
        message: 'The image archive sent an answer to the upload that is too large to be a STOW-RS answer.',
      };
    if (upstream.statusCode === 200 && confirmsNothing(body, String(upstream.headers['content-type'] ?? ''))) {
      request.log.warn({ source: source.id, parts: spooled.parts }, 'archive answered 200 to an upload and stored nothing');
      return {
        status: 502,
        error: 'archive_stored_nothing',
        message: `The image archive "${source.label}" accepted the upload but confirmed none of its ${spooled.parts} instance${spooled.parts === 1 ? '' : 's'}: nothing was saved.`,
      };
    }
    const outgoing = headersTowardClient(upstream.headers);
    delete outgoing['content-length'];
    return { status: upstream.statusCode, headers: outgoing, body };
  } catch (error) {
    if (signal.aborted) return { status: 499, error: 'client_closed_request', message: 'The browser closed the request.' };
    if (errorCode(error) === 'UND_ERR_INVALID_ARG') throw error;
    const failure = describeUpstreamFailure(error, source, options.timeouts);
    request.log.warn({ source: source.id, cause: failure.cause }, 'archive request failed');
    return { status: failure.status, error: failure.body.error, message: failure.body.message };
  }
}
