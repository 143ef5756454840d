import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Dispatcher } from 'undici';
import { appendToChain } from '../audit/chain.ts';
import { principalOf } from '../auth/access.ts';
import type { DeliveryConfig, SourceConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { institutionInScope, sourceInScope } from '../dicomweb/scope.ts';
import type { StudyFactsLookup } from '../dicomweb/study-facts.ts';
import { deliveryRetryRequested } from './delivery-audit.ts';
import { startDeliveryWorker, type DeliveryWorker, type WorkerTarget } from './delivery-worker.ts';
import { DESTINATION_LABELS, type Destination } from './destinations.ts';
import { deliveriesOfStudy, deliveryById, enqueueDeliveries, retryNow, troubledDeliveries, type OutboxRow } from './outbox-store.ts';
import type { MllpTls } from './mllp.ts';
import { fhirSender, hl7Sender, kosSender, srSender } from './senders.ts';
import type { SignedReport } from './signed-report.ts';

/**
 * Report delivery in the gateway: the worker that works off the outbox, the enqueue function the report
 * routes call when a report is signed, and the delivery state routes:
 * - `GET /api/deliveries?study=<uid>[&source=<id>]` (deliveries:read — radiologist, admin): each signed
 *   version of the study's reports with the state of each destination (study in the account's scope);
 * - `GET /api/admin/deliveries` (deliveries:manage — admin): every retrying or failed delivery;
 * - `POST /api/admin/deliveries/:id/retry` (deliveries:manage): "retry now", audited in the same
 *   transaction as the change (no record, no retry).
 * Share sessions reach none of them.
 */

declare module 'fastify' {
  interface FastifyInstance {
    /** The gateway's report delivery: `enqueue(report)` is what signing a report calls. */
    reportDelivery: GatewayDelivery;
  }
}

export interface DeliveryOptions {
  db: Database;
  config: DeliveryConfig;
  sources: readonly SourceConfig[];
  /** The gateway's client toward its archives. */
  agent: Dispatcher;
  studyFacts: StudyFactsLookup;
  auditSourceId: string;
  /** Worker timing (tests make it fast). */
  pollMs?: number;
  /** Whether a study's report authors are hidden from this account (a blinded peer reviewer of the study). */
  blindsAuthors?: (studyUid: string, accountId: number) => Promise<boolean>;
}

export interface GatewayDelivery {
  /** The destinations this gateway delivers to. */
  destinations: Destination[];
  /** Puts a signed report in the outbox (one row per configured destination) and wakes the worker. */
  enqueue(report: SignedReport): Promise<void>;
  worker: DeliveryWorker;
}

export function configuredTargets(options: Pick<DeliveryOptions, 'config' | 'sources' | 'agent'>): Partial<Record<Destination, WorkerTarget>> {
  const { config } = options;
  const targets: Partial<Record<Destination, WorkerTarget>> = {};
  if (config.archiveSr) {
    targets['archive-sr'] = {
      send: srSender({ sources: options.sources, organization: config.organization, timeoutMs: config.timeoutMs }, options.agent),
      receiver: 'archive-sr:study archive',
    };
  }
  if (config.fhir) {
    targets.fhir = { send: fhirSender({ ...config.fhir, timeoutMs: config.timeoutMs }), receiver: `fhir:${config.fhir.url}` };
  }
  if (config.hl7) {
    const { tls, ...address } = config.hl7;
    targets.hl7 = {
      send: hl7Sender({
        ...address,
        ...(tls ? { tls: readTlsFiles(tls) } : {}),
        sendingFacility: config.hl7SendingFacility,
        receivingApplication: config.hl7ReceivingApplication,
        receivingFacility: config.hl7ReceivingFacility,
        connectTimeoutMs: config.timeoutMs,
        answerTimeoutMs: config.timeoutMs,
      }),
      receiver: `hl7:${config.hl7.host}:${config.hl7.port}`,
    };
  }
  return targets;
}

/** The PEM files of MLLP over TLS, read once at start: a file that cannot be read stops the gateway with its name. */
function readTlsFiles(files: { caFile?: string; certFile?: string; keyFile?: string }): MllpTls {
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`HL7 over TLS: the ${what} file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
        cause: error,
      });
    }
  };
  return {
    ...(files.caFile ? { ca: read(files.caFile, 'CA') } : {}),
    ...(files.certFile ? { cert: read(files.certFile, 'client certificate') } : {}),
    ...(files.keyFile ? { key: read(files.keyFile, 'client key') } : {}),
  };
}

/** What the routes show of one outbox row: state and the receiver's message, nothing of the report's text. */
function destinationView(row: OutboxRow) {
  return {
    id: row.id,
    destination: row.destination,
    label: DESTINATION_LABELS[row.destination],
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'pending' || row.state === 'retrying' ? row.nextAttemptAt : null,
    lastError: row.lastError,
    lastAttemptAt: row.lastAttemptAt,
    deliveredAt: row.deliveredAt,
  };
}

function reportsView(rows: readonly OutboxRow[], blinded = false) {
  const byReport = new Map<
    string,
    { reportId: string; version: number; status: SignedReport['status']; signedAt: string; author: string; destinations: unknown[] }
  >();
  for (const row of rows) {
    const entry = byReport.get(row.reportId) ?? {
      reportId: row.reportId,
      version: row.reportVersion,
      status: row.report.status,
      signedAt: row.report.signedAt,
      author: blinded ? 'Original reader' : row.report.author.displayName,
      destinations: [],
    };
    entry.destinations.push(destinationView(row));
    byReport.set(row.reportId, entry);
  }
  return [...byReport.values()];
}

const UID = /^[0-9]+(\.[0-9]+)*$/;

function problem(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).header('cache-control', 'no-store').send({ error, message });
}

export function registerDelivery(app: FastifyInstance, options: DeliveryOptions): GatewayDelivery {
  const { db } = options;
  const targets = configuredTargets(options);
  const destinations = Object.keys(targets) as Destination[];
  const worker = startDeliveryWorker({
    db,
    targets,
    // Peer review's key images go to the study's archive whatever the report destinations are.
    kos: { send: kosSender({ sources: options.sources, timeoutMs: options.config.timeoutMs }, options.agent), receiver: 'archive-kos:study archive' },
    retry: { baseMs: options.config.retryBaseMs, capMs: options.config.retryCapMs, maxAttempts: options.config.maxAttempts },
    auditSourceId: options.auditSourceId,
    log: app.log,
    // A claim outlives the slowest attempt (connect + answer timeouts) with room to record it.
    leaseMs: options.config.timeoutMs * 2 + 30_000,
    // Look for due rows at least as often as the shortest backoff.
    pollMs: options.pollMs ?? Math.min(5_000, options.config.retryBaseMs),
  });
  app.addHook('onClose', async () => worker.close());
  // Where reports go, without secrets (the FHIR authorization is never logged).
  app.log.info({ destinations: Object.entries(targets).map(([destination, target]) => `${destination} → ${target!.receiver}`) }, 'report delivery');
  const defaultSource = options.sources[0]!;

  app.get('/api/deliveries', { config: { access: { permission: 'deliveries:read' } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const query = request.query as { study?: unknown; source?: unknown };
    const studyUid = typeof query.study === 'string' ? query.study : '';
    const sourceId = typeof query.source === 'string' && query.source ? query.source : defaultSource.id;
    if (!UID.test(studyUid) || studyUid.length > 64) return problem(reply, 400, 'bad_request', 'Name the study by its Study Instance UID (?study=).');
    const principal = principalOf(request);
    const notFound = () => problem(reply, 404, 'not_found', `There is no study ${studyUid} that your account may see.`);
    if (!options.sources.some((s) => s.id === sourceId) || !sourceInScope(principal.scope, sourceId)) return notFound();
    if (principal.scope.institutions !== null) {
      const facts = await options.studyFacts.factsOf(sourceId, studyUid);
      if (!facts || !institutionInScope(principal.scope.institutions, facts.institutionName)) return notFound();
    }
    const rows = await deliveriesOfStudy(db, sourceId, studyUid);
    const blinded = (await options.blindsAuthors?.(studyUid, principal.accountId)) ?? false;
    return reply.send({ studyInstanceUid: studyUid, sourceId, configured: destinations, reports: reportsView(rows, blinded) });
  });

  app.get('/api/admin/deliveries', { config: { access: { permission: 'deliveries:manage' } } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    const rows = await troubledDeliveries(db, 500);
    return reply.send({
      deliveries: rows.map((row) => ({
        ...destinationView(row),
        reportId: row.reportId,
        version: row.reportVersion,
        status: row.report.status,
        sourceId: row.sourceId,
        studyInstanceUid: row.studyUid,
        accessionNumber: row.report.accessionNumber,
        signedAt: row.report.signedAt,
        author: row.report.author.displayName,
      })),
    });
  });

  app.post('/api/admin/deliveries/:id/retry', { config: { access: { permission: 'deliveries:manage' } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const { id } = request.params as { id: string };
    const row = await deliveryById(db, id);
    if (!row) return problem(reply, 404, 'not_found', 'There is no such delivery.');
    const principal = principalOf(request);
    const event = deliveryRetryRequested({
      row,
      requestor: { userId: principal.username, userName: principal.displayName, address: request.ip },
      auditSourceId: options.auditSourceId,
      time: new Date(),
    });
    let changed: boolean;
    try {
      changed = await db.transaction(async (tx) => {
        if (!(await retryNow(tx, row.id))) return false;
        await appendToChain(tx, event);
        return true;
      });
    } catch (error) {
      request.log.error({ err: { message: (error as Error).message } }, 'delivery retry not recorded');
      return problem(reply, 503, 'audit_unavailable', 'The retry could not be recorded in the audit trail, so it was not started. Try again later.');
    }
    if (!changed) {
      return problem(
        reply,
        409,
        'not_retryable',
        row.state === 'delivered'
          ? 'This report was already delivered there.'
          : row.state === 'pending'
            ? 'This delivery is being sent right now or waits for its first attempt.'
            : 'This delivery is being sent right now, or a newer version of the report was delivered there since.',
      );
    }
    worker.kick();
    return reply.send({ id: row.id, state: 'retrying' });
  });

  const delivery: GatewayDelivery = {
    destinations,
    async enqueue(report) {
      await enqueueDeliveries(db, report, destinations);
      worker.kick();
    },
    worker,
  };
  app.decorate('reportDelivery', delivery);
  return delivery;
}
