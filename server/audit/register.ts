import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { GatewayConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { StudyFactsLookup } from '../dicomweb/study-facts.ts';
import { describeGatedRequest } from './dicomweb-request.ts';
import { registerDicomwebAudit } from './dicomweb-audit.ts';
import { createAuditRecorder, type AuditRecorder } from './recorder.ts';
import { registerAuditRoutes } from './routes.ts';
import { registerRefusalAudit } from './refusal-audit.ts';
import { auditSessionEvents, type SessionAuditHooks } from './session-events.ts';
import { startSyslogForwarder } from './syslog-forwarder.ts';

/**
 * The audit trail in the gateway: the recorder, the DICOMweb hooks (register this before the proxy so
 * its routes get them), `GET /api/audit`, the syslog forwarder when one is configured, and the
 * sign-in/sign-out hooks for the session routes, and the records of refused requests.
 */

export interface GatewayAudit {
  recorder: AuditRecorder;
  sessionEvents: SessionAuditHooks;
}

export function registerAudit(app: FastifyInstance, options: { db: Database; config: GatewayConfig; studyFacts: StudyFactsLookup }): GatewayAudit {
  const { db, config } = options;
  const auditSourceId = config.audit.sourceId;
  const recorder = createAuditRecorder(db, { onceKeyLifetimeS: config.session.maxAgeMs / 1000 });
  registerDicomwebAudit(app, {
    recorder,
    studyFacts: options.studyFacts,
    describe: describeGatedRequest,
    sources: config.sources,
    auditSourceId,
  });
  registerAuditRoutes(app, { db, recorder, auditSourceId });
  registerRefusalAudit(app, { recorder, auditSourceId });

  const syslog = config.audit.syslog;
  if (syslog) {
    const forwarder = startSyslogForwarder({ db, target: syslog, hostname: hostname(), log: app.log });
    recorder.onAppend(() => forwarder.kick());
    app.addHook('onClose', async () => forwarder.close());
  }
  return { recorder, sessionEvents: auditSessionEvents(recorder, auditSourceId) };
}
