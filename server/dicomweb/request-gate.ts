import type { FastifyInstance } from 'fastify';
import type { SourceConfig } from '../config.ts';
import { DEFAULT_SOURCE_PREFIX, sourcePrefix } from '../http/runtime-config.ts';
import { decideDicomwebRequest, type DicomwebResource } from './allow-list.ts';
import { refuseQuery } from './query-check.ts';
import { errorReply } from './upstream.ts';

/**
 * The door in front of every DICOMweb source: each request below `/dicom-web` or `/sources/<id>/dicom-web`
 * is decided by the allow-list (server/dicomweb/allow-list.ts) as soon as it arrives, and refused there
 * (404, 405, 400) unless the gateway forwards it. What was allowed is published on the request as
 * `request.dicomweb` for the hooks and handlers that come after (access checks, audit, the proxy).
 */

export interface DicomwebRequest extends DicomwebResource {
  /** The source's id, also for requests that came in through the default root `/dicom-web`. */
  sourceId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The DICOMweb resource this request was allowed to reach; null for every other request. */
    dicomweb: DicomwebRequest | null;
  }
}

export interface DicomwebTarget {
  /** The id named in the URL (it may name no configured source). */
  sourceId: string;
  /** The root the browser used (`/dicom-web` or `/sources/<id>/dicom-web`). */
  prefix: string;
  /** The raw path below that root, e.g. `/studies/1.2.3/metadata`. */
  rest: string;
  /** The raw query string without its `?` (empty when there is none). */
  query: string;
}

const SOURCE_ROOT = /^\/sources\/([^/]*)\/dicom-web(?=\/|$)/;

/** Which source root a raw request URL is below (the source may not exist), or undefined when none. */
export function dicomwebTarget(rawUrl: string, defaultSourceId: string): DicomwebTarget | undefined {
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = q === -1 ? '' : rawUrl.slice(q + 1);
  if (rawPath === DEFAULT_SOURCE_PREFIX || rawPath.startsWith(`${DEFAULT_SOURCE_PREFIX}/`)) {
    return { sourceId: defaultSourceId, prefix: DEFAULT_SOURCE_PREFIX, rest: rawPath.slice(DEFAULT_SOURCE_PREFIX.length), query };
  }
  const match = SOURCE_ROOT.exec(rawPath);
  if (!match) return undefined;
  const id = match[1]!;
  return { sourceId: id, prefix: sourcePrefix(id), rest: rawPath.slice(match[0].length), query };
}

/** Registers the decision as the gateway's first DICOMweb step (an onRequest hook on the root instance). */
export function registerDicomwebGate(app: FastifyInstance, sources: readonly SourceConfig[]): void {
  const [defaultSource] = sources;
  if (!defaultSource) throw new Error('At least one DICOMweb source is required');
  const ids = new Set(sources.map((source) => source.id));

  app.decorateRequest('dicomweb', null);
  app.addHook('onRequest', async (request, reply) => {
    const target = dicomwebTarget(request.raw.url ?? '/', defaultSource.id);
    if (!target) return;
    if (!ids.has(target.sourceId)) {
      return errorReply(reply, 404, 'unknown_source', 'There is no DICOMweb source with this id.');
    }
    const refusal = refuseQuery(target.query);
    if (refusal) return errorReply(reply, 400, refusal.error, refusal.message);
    const decision = decideDicomwebRequest(request.method, target.rest);
    if (!decision.allowed && decision.status === 405) {
      reply.header('allow', decision.allow.join(', '));
      return errorReply(reply, 405, 'method_not_allowed', `The gateway forwards only ${decision.allow.join(' and ')} requests for this DICOMweb resource.`);
    }
    if (!decision.allowed) return errorReply(reply, 404, 'not_found', 'The gateway does not forward this DICOMweb request.');
    request.dicomweb = { sourceId: target.sourceId, ...decision.resource };
  });
}
