import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import {
  nextBody,
  priorityBody,
  statusesBody,
  studyActionBody,
  type ClaimHolder,
  type StudyReading,
  type ReadingSettingsView,
} from '../../src/reading/reading-contract.ts';
import { effectivePriority, PRIORITY_LABELS, readingStatus, type Priority, type TurnaroundMinutes } from '../../src/reading/reading-rules.ts';
import { principalOf } from '../auth/access.ts';
import type { Principal } from '../auth/principal.ts';
import { AuditUnavailableError, type AuditRecorder } from '../audit/recorder.ts';
import type { PatientRef } from '../audit/record.ts';
import type { SourceConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { institutionInScope, sourceInScope } from '../dicomweb/scope.ts';
import type { StudyFactsLookup } from '../dicomweb/study-facts.ts';
import { createHeaderPriorityLookup, type HeaderPriorityLookup } from './header-priority.ts';
import { readingChanged, type ReadingChange } from './reading-audit.ts';
import {
  claimStudy,
  ensureStudies,
  heartbeat,
  readStudies,
  readStudy,
  releaseClaim,
  restorePriorityOverride,
  saveHeaderPriority,
  setPriorityOverride,
  undoClaim,
  unreadAmong,
  type PreviousClaim,
  type StudyReadingRow,
} from './reading-store.ts';

/**
 * The reading shift's routes (contract: src/reading/reading-contract.ts):
 * - `POST /api/reading/statuses` the status, claim and priority of a page of studies (worklist:use);
 * - `POST /api/reading/studies/:uid/claim|heartbeat|release|take-over` (reading:claim);
 * - `PUT /api/reading/studies/:uid/priority` (reading:prioritize: radiologist or admin);
 * - `POST /api/reading/next` claims the first unread study of the candidates the app sends in its view's
 *   order (reading:claim).
 * Every study must be in the caller's scope (source and institution), else it is not found. Claims,
 * take-overs, releases and priority changes are audited, fail closed: a change whose record cannot be
 * written is undone and answered 503. No route is open to share sessions.
 */

export interface ReadingSettings {
  claimIdleMinutes: number;
  turnaroundMinutes: TurnaroundMinutes;
}

export interface ReadingRouteOptions extends ReadingSettings {
  db: Database;
  recorder: AuditRecorder;
  studyFacts: StudyFactsLookup;
  agent: Dispatcher;
  sources: readonly SourceConfig[];
  auditSourceId: string;
  /** How the header's priority is read (default: asked of the archive). */
  headerPriority?: HeaderPriorityLookup;
}

/** Studies whose header priority is asked of the archive at once. */
const HEADER_LOOKUPS_AT_ONCE = 4;
const UID = /^[0-9]+(?:\.[0-9]+)*$/;

function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).header('cache-control', 'no-store').send({ error: 'bad_request', message });
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).header('cache-control', 'no-store').send({ error: 'not_found', message: 'There is no such study that your account may see.' });
}

function auditUnavailable(reply: FastifyReply): FastifyReply {
  return reply.code(503).header('cache-control', 'no-store').send({
    error: 'audit_unavailable',
    message: 'This cannot be done right now because it cannot be recorded in the audit trail. Try again in a moment.',
  });
}

function describeIssues(error: z.ZodError): string {
  return `Invalid request: ${error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')} ${issue.message}` : issue.message)).join('; ')}.`;
}

function holderOf(row: StudyReadingRow, claim: NonNullable<StudyReadingRow['claim']>, principal: Principal): ClaimHolder {
  return {
    name: claim.displayName,
    mine: claim.accountId === principal.accountId,
    since: claim.claimedAt.toISOString(),
    activeAt: claim.activeAt.toISOString(),
    expiresAt: claim.expiresAt.toISOString(),
  };
}

export function studyReadingOf(row: StudyReadingRow, principal: Principal, now: Date): StudyReading {
  const status = readingStatus(row.reportStatus, row.claim, now);
  const active = row.claim && row.claim.expiresAt.getTime() > now.getTime() ? row.claim : null;
  return {
    studyInstanceUid: row.studyUid,
    status,
    reportStatus: row.reportStatus,
    claim: active ? holderOf(row, active, principal) : null,
    priority: effectivePriority(row.priorityOverride, row.headerPriority),
    prioritySource: row.priorityOverride ? 'override' : row.headerPriority ? 'header' : 'default',
    prioritySetBy: row.priorityOverride ? row.prioritySetBy : null,
    arrivedAt: row.firstSeenAt.toISOString(),
  };
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

export function registerReading(app: FastifyInstance, options: ReadingRouteOptions): void {
  const { db, recorder } = options;
  const [defaultSource] = options.sources;
  const byId = new Map(options.sources.map((source) => [source.id, source]));
  const headerPriority = options.headerPriority ?? createHeaderPriorityLookup({ agent: options.agent, log: app.log });
  const settings: ReadingSettingsView = { claimIdleMinutes: options.claimIdleMinutes, turnaroundMinutes: options.turnaroundMinutes };

  const sourceFor = (principal: Principal, dataSource: string | undefined): SourceConfig | undefined => {
    const source = byId.get(dataSource ?? defaultSource!.id);
    return source && sourceInScope(principal.scope, source.id) ? source : undefined;
  };

  /** The study's patient when it is in the caller's scope; false when it is not (or the archive does not know it). */
  const visible = async (principal: Principal, source: SourceConfig, studyUid: string): Promise<{ patient?: PatientRef } | false> => {
    const facts = await options.studyFacts.factsOf(source.id, studyUid);
    if (principal.scope.institutions !== null && (!facts || !institutionInScope(principal.scope.institutions, facts.institutionName))) return false;
    if (!facts) return principal.scope.institutions === null ? {} : false;
    return facts.patientId ? { patient: { id: facts.patientId, ...(facts.issuerOfPatientId ? { issuer: facts.issuerOfPatientId } : {}) } } : {};
  };

  const audit = async (request: FastifyRequest, kind: ReadingChange, studyUid: string, patient: PatientRef | undefined, description: string) => {
    const principal = principalOf(request);
    await recorder.record(
      readingChanged({
        kind,
        time: new Date(),
        sourceId: options.auditSourceId,
        requestor: { userId: principal.username, userName: principal.displayName, address: request.ip },
        studyUid,
        patient,
        description,
      }),
    );
  };

  const nameOf = async (accountId: number): Promise<string> => {
    const [row] = await db.query<{ username: string; display_name: string }>('SELECT username, display_name FROM accounts WHERE id = $1', [accountId]);
    return row ? `${row.display_name || row.username} (${row.username})` : `account ${accountId}`;
  };

  /** Reads the header priority of studies never checked (once per study; a failed lookup is tried again later). */
  const checkHeaders = async (source: SourceConfig, rows: readonly StudyReadingRow[]) => {
    await inBatches(
      rows.filter((row) => !row.headerChecked),
      HEADER_LOOKUPS_AT_ONCE,
      async (row) => {
        const found = await headerPriority(source, row.studyUid);
        if (!found) return;
        await saveHeaderPriority(db, row.studyUid, found.priority);
        row.headerPriority = found.priority;
        row.headerChecked = true;
      },
    );
  };

  const claimAnswer = async (reply: FastifyReply, principal: Principal, sourceId: string, studyUid: string, extra: Record<string, unknown> = {}) => {
    // A release or heartbeat may name a study never listed: it is known from now on (its arrival).
    await ensureStudies(db, sourceId, [studyUid]);
    const row = await readStudy(db, studyUid);
    return reply.header('cache-control', 'no-store').send({ study: studyReadingOf(row!, principal, new Date()), ...extra });
  };

  const heldReply = async (reply: FastifyReply, principal: Principal, studyUid: string, holder: PreviousClaim) => {
    const row = await readStudy(db, studyUid);
    const claim = row?.claim ?? { ...holder, username: '', displayName: await nameOf(holder.accountId) };
    const view = holderOf(row!, { ...claim, claimedAt: holder.claimedAt }, principal);
    return reply
      .code(409)
      .header('cache-control', 'no-store')
      .send({
        error: 'claimed',
        message: `In progress — ${view.name}, since ${view.since}.`,
        holder: view,
      });
  };

  app.post('/api/reading/statuses', { config: { access: { permission: 'worklist:use' } }, bodyLimit: 100_000 }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const parsed = statusesBody.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, describeIssues(parsed.error));
    const principal = principalOf(request);
    const source = sourceFor(principal, parsed.data.dataSource);
    if (!source) return badRequest(reply, 'There is no data source of this name that your account may use.');
    let uids = [...new Set(parsed.data.studyInstanceUids)];
    if (principal.scope.institutions !== null) {
      const allowed: string[] = [];
      await inBatches(uids, HEADER_LOOKUPS_AT_ONCE, async (uid) => {
        if (await visible(principal, source, uid)) allowed.push(uid);
      });
      uids = uids.filter((uid) => allowed.includes(uid));
    }
    await ensureStudies(db, source.id, uids);
    const rows = await readStudies(db, uids);
    await checkHeaders(source, [...rows.values()]);
    const now = new Date();
    return { studies: uids.flatMap((uid) => (rows.has(uid) ? [studyReadingOf(rows.get(uid)!, principal, now)] : [])), settings };
  });

  type StudyRequest = FastifyRequest<{ Params: { uid: string } }>;

  /** The study of a per-study route, when it is one the caller may see. */
  const studyOf = async (request: StudyRequest, reply: FastifyReply, dataSource: string | undefined) => {
    const principal = principalOf(request);
    const { uid } = request.params;
    if (!UID.test(uid) || uid.length > 64) {
      badRequest(reply, 'Name the study by its Study Instance UID.');
      return undefined;
    }
    const source = sourceFor(principal, dataSource);
    const seen = source ? await visible(principal, source, uid) : false;
    if (!source || !seen) {
      notFound(reply);
      return undefined;
    }
    return { principal, uid, source, patient: seen.patient };
  };

  const parseAction = (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = studyActionBody.safeParse(request.body ?? undefined);
    if (!parsed.success) {
      badRequest(reply, describeIssues(parsed.error));
      return undefined;
    }
    return { dataSource: parsed.data?.dataSource };
  };

  const claimRoute = (takeOver: boolean) => async (request: StudyRequest, reply: FastifyReply) => {
    const body = parseAction(request, reply);
    if (!body) return reply;
    const study = await studyOf(request, reply, body.dataSource);
    if (!study) return reply;
    const { principal, uid, source, patient } = study;
    const outcome = await claimStudy(db, {
      studyUid: uid,
      sourceId: source.id,
      accountId: principal.accountId,
      idleMinutes: options.claimIdleMinutes,
      takeOver,
    });
    if (outcome.result === 'held') return heldReply(reply, principal, uid, outcome.holder);
    if (outcome.result !== 'claimed') return claimAnswer(reply, principal, source.id, uid);
    // Renewing one's own claim (the viewer reopened, "Next" then the viewer) is not a new claim.
    if (outcome.renewed) return claimAnswer(reply, principal, source.id, uid, takeOver ? { tookOverFrom: null } : {});
    const took = outcome.previous && outcome.previous.accountId !== principal.accountId ? outcome.previous : null;
    const tookFrom = took ? await nameOf(took.accountId) : null;
    try {
      if (took)
        await audit(request, 'taken-over', uid, patient, `Reading claim taken over from ${tookFrom}, who held it since ${took.claimedAt.toISOString()}`);
      else await audit(request, 'claimed', uid, patient, 'Study claimed for reading');
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      // Fail closed: a claim (or take-over) that is not recorded did not happen.
      await undoClaim(db, uid, principal.accountId, outcome.previous);
      request.log.error({ err: { message: error.message } }, 'audit trail unavailable: claim undone');
      return auditUnavailable(reply);
    }
    return claimAnswer(reply, principal, source.id, uid, takeOver ? { tookOverFrom: tookFrom } : {});
  };

  const claimAccess = { config: { access: { permission: 'reading:claim' as const } }, bodyLimit: 1024 };
  app.post('/api/reading/studies/:uid/claim', claimAccess, claimRoute(false));
  app.post('/api/reading/studies/:uid/take-over', claimAccess, claimRoute(true));

  app.post('/api/reading/studies/:uid/heartbeat', claimAccess, async (request: StudyRequest, reply) => {
    const body = parseAction(request, reply);
    if (!body) return reply;
    const study = await studyOf(request, reply, body.dataSource);
    if (!study) return reply;
    const { principal, uid, source } = study;
    if (await heartbeat(db, uid, principal.accountId, options.claimIdleMinutes)) return claimAnswer(reply, principal, source.id, uid);
    const row = await readStudy(db, uid);
    if (row?.claim && row.claim.expiresAt.getTime() > Date.now()) return heldReply(reply, principal, uid, row.claim);
    return reply.code(410).header('cache-control', 'no-store').send({ error: 'claim_lapsed', message: 'Your claim of this study has lapsed: claim it again.' });
  });

  app.post('/api/reading/studies/:uid/release', claimAccess, async (request: StudyRequest, reply) => {
    const body = parseAction(request, reply);
    if (!body) return reply;
    const study = await studyOf(request, reply, body.dataSource);
    if (!study) return reply;
    const { principal, uid, source, patient } = study;
    const released = await releaseClaim(db, uid, principal.accountId);
    if (released) {
      try {
        await audit(request, 'released', uid, patient, 'Reading claim released');
      } catch (error) {
        if (!(error instanceof AuditUnavailableError)) throw error;
        await db.query(
          'UPDATE reading_studies SET claimed_by = $2, claimed_at = $3, claim_active_at = $4, claim_expires_at = $5 WHERE study_uid = $1 AND claimed_by IS NULL',
          [uid, principal.accountId, released.claimedAt, released.activeAt, released.expiresAt],
        );
        request.log.error({ err: { message: error.message } }, 'audit trail unavailable: release undone');
        return auditUnavailable(reply);
      }
    }
    return claimAnswer(reply, principal, source.id, uid);
  });

  app.put(
    '/api/reading/studies/:uid/priority',
    { config: { access: { permission: 'reading:prioritize' } }, bodyLimit: 1024 },
    async (request: StudyRequest, reply) => {
      const parsed = priorityBody.safeParse(request.body);
      if (!parsed.success) return badRequest(reply, describeIssues(parsed.error));
      const study = await studyOf(request, reply, parsed.data.dataSource);
      if (!study) return reply;
      const { principal, uid, source, patient } = study;
      const priority: Priority | null = parsed.data.priority;
      const before = await setPriorityOverride(db, { studyUid: uid, sourceId: source.id, accountId: principal.accountId, priority });
      const label = (p: Priority | null) => (p ? PRIORITY_LABELS[p] : 'none (the header decides)');
      try {
        await audit(request, 'priority', uid, patient, `Reading priority set to ${label(priority)} (was ${label(before.before)})`);
      } catch (error) {
        if (!(error instanceof AuditUnavailableError)) throw error;
        await restorePriorityOverride(db, uid, before);
        request.log.error({ err: { message: error.message } }, 'audit trail unavailable: priority change undone');
        return auditUnavailable(reply);
      }
      const rows = await readStudies(db, [uid]);
      await checkHeaders(source, [...rows.values()]);
      return reply.header('cache-control', 'no-store').send({ study: studyReadingOf(rows.get(uid)!, principal, new Date()) });
    },
  );

  app.post('/api/reading/next', { config: { access: { permission: 'reading:claim' } }, bodyLimit: 100_000 }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const parsed = nextBody.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, describeIssues(parsed.error));
    const principal = principalOf(request);
    const source = sourceFor(principal, parsed.data.dataSource);
    if (!source) return badRequest(reply, 'There is no data source of this name that your account may use.');
    await ensureStudies(db, source.id, parsed.data.candidates);
    // Walks the candidates in the view's order; one claimed first by another reader is passed over.
    for (const uid of await unreadAmong(db, parsed.data.candidates)) {
      const seen = await visible(principal, source, uid);
      if (!seen) continue;
      const outcome = await claimStudy(db, {
        studyUid: uid,
        sourceId: source.id,
        accountId: principal.accountId,
        idleMinutes: options.claimIdleMinutes,
        takeOver: false,
        onlyUnread: true,
      });
      if (outcome.result !== 'claimed') continue;
      try {
        await audit(request, 'claimed', uid, seen.patient, 'Study claimed for reading (next unread study)');
      } catch (error) {
        if (!(error instanceof AuditUnavailableError)) throw error;
        await undoClaim(db, uid, principal.accountId, outcome.previous);
        return auditUnavailable(reply);
      }
      return { studyInstanceUid: uid };
    }
    return { studyInstanceUid: null };
  });
}
