import type { FastifyReply } from 'fastify';
import { Agent } from 'undici';
import type { GatewayTimeouts, SourceConfig } from '../config.ts';

/**
 * The HTTP client toward the archives, and the translation of its failures into messages a
 * radiologist can act on. Shared by the proxy and the health check.
 */

export function createUpstreamAgent(timeouts: GatewayTimeouts): Agent {
  return new Agent({
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.responseMs,
    bodyTimeout: timeouts.bodyIdleMs,
    // Orthanc closes idle keep-alive connections after 1 s; stay below that so a reused socket is
    // never one the archive is closing at the same moment.
    keepAliveTimeout: 500,
    keepAliveMaxTimeout: 500,
  });
}

/** Splits `http://host:8042/dicom-web` into the origin and the path prefix undici wants. */
export function splitRoot(root: string): { origin: string; basePath: string } {
  const url = new URL(root);
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, '') };
}

export interface UpstreamFailure {
  status: 502 | 504;
  body: { error: 'archive_unreachable' | 'archive_timeout'; message: string };
  /** Short technical cause for the server log (never contains credentials or query strings). */
  cause: string;
}

export function errorCode(error: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'UNKNOWN';
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function describeUpstreamFailure(error: unknown, source: SourceConfig, timeouts: GatewayTimeouts): UpstreamFailure {
  const code = errorCode(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return {
      status: 504,
      cause: code,
      body: {
        error: 'archive_timeout',
        message: `The image archive "${source.label}" did not answer within ${seconds(timeouts.responseMs)}. It may be overloaded; try again in a moment.`,
      },
    };
  }
  const reason =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? 'its host name could not be resolved'
      : code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT'
        ? `no connection could be made within ${seconds(timeouts.connectMs)}`
        : code === 'ECONNREFUSED'
          ? 'it refused the connection (is it running?)'
          : code.startsWith('CERT_') || code.includes('CERT') || code.startsWith('ERR_TLS')
            ? 'its TLS certificate was not accepted'
            : 'the connection failed';
  return {
    status: 502,
    cause: code,
    body: {
      error: 'archive_unreachable',
      message: `The image archive is not reachable. The gateway could not contact "${source.label}": ${reason}. Images and worklists will be available again as soon as it answers.`,
    },
  };
}

/** The gateway's JSON error answer (`{ error, message }`), never cached. */
export function errorReply(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error, message });
}
