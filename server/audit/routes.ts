import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../auth/access.ts';
import type { Database } from '../db/database.ts';
import { toDicomAuditExport } from './dicom-xml.ts';
import { toFhirBundle, type StoredAuditEvent } from './fhir.ts';
import { searchChain } from './queries.ts';
import { AuditUnavailableError, type AuditRecorder } from './recorder.ts';
import { auditLogUsed, type AuditEvent } from './record.ts';
import { parseAuditSearch } from './search-params.ts';

/**
 * `GET /api/audit`: the audit trail, newest first, filtered (search-params.ts), as a FHIR R4 Bundle of
 * AuditEvent resources (default) or as DICOM audit messages (`format=dicom`). Administrators only
 * (`audit:read`). Reading the trail is itself recorded (Audit Log Used), before anything is read.
 */

export interface AuditRouteOptions {
  db: Database;
  recorder: AuditRecorder;
  auditSourceId: string;
}

function pageUrl(request: FastifyRequest, filters: Record<string, string>, before?: number): string {
  const params = new URLSearchParams(filters);
  if (before !== undefined) params.set('before', String(before));
  const query = params.toString();
  return `${request.protocol}://${request.host}/api/audit${query ? `?${query}` : ''}`;
}

export function registerAuditRoutes(app: FastifyInstance, options: AuditRouteOptions): void {
  app.get('/api/audit', { config: { access: { permission: 'audit:read' } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const parsed = parseAuditSearch(request.query);
    if ('error' in parsed) return reply.code(400).send({ error: 'bad_request', message: `Invalid audit search: ${parsed.error}` });
    const principal = principalOf(request);
    const rawUrl = request.raw.url ?? '';
    const q = rawUrl.indexOf('?');
    try {
      await options.recorder.record(
        auditLogUsed({
          time: new Date(),
          sourceId: options.auditSourceId,
          requestor: { userId: principal.username, userName: principal.displayName, address: request.ip },
          query: q < 0 ? '' : rawUrl.slice(q + 1),
        }),
      );
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      request.log.error({ err: { message: error.message } }, 'audit trail unavailable: audit search refused');
      return reply.code(503).send({ error: 'audit_unavailable', message: 'The audit trail cannot be read right now because reading it cannot be recorded.' });
    }

    const rows = await searchChain(options.db, parsed.search);
    const events: StoredAuditEvent[] = rows.map((row) => ({ seq: row.seq, event: JSON.parse(row.record) as AuditEvent }));
    if (parsed.format === 'dicom') {
      return reply.type('application/xml; charset=utf-8').send(toDicomAuditExport(events.map((stored) => stored.event)));
    }
    const last = rows[rows.length - 1];
    const next = rows.length === parsed.search.limit && last ? pageUrl(request, parsed.filters, last.seq) : undefined;
    const self = pageUrl(request, parsed.filters, parsed.search.before);
    return reply.type('application/fhir+json; charset=utf-8').send(JSON.stringify(toFhirBundle(events, { self, next })));
  });
}
