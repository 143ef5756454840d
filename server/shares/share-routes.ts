import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { hasPermission } from '../../src/auth/roles.ts';
import { createShareBody, type ShareHistoryEntry, type ShareLink } from '../../src/shares/share-contract.ts';
import { principalOf } from '../auth/access.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Principal } from '../auth/principal.ts';
import { searchShareHistory } from '../audit/queries.ts';
import { AuditUnavailableError, type AuditRecorder } from '../audit/recorder.ts';
import { auditLogUsed, type AuditEvent, type PatientRef } from '../audit/record.ts';
import { shareChanged, shareUserId } from '../audit/share-events.ts';
import type { SourceConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { institutionInScope, sourceInScope } from '../dicomweb/scope.ts';
import type { StudyFactsLookup } from '../dicomweb/study-facts.ts';
import { findPatientStudies, MAX_PRIORS } from './patient-studies.ts';
import { hashShareToken, newShareId, newShareToken, resolveExpiry, sharePath, shareState } from './share-rules.ts';
import { deleteShare, findShare, insertShare, revokeShare, sharesOfStudy, type Share, type SharedStudy } from './share-store.ts';

/**
 * `POST /api/shares` creates a link (radiologist or admin, `shares:create`) to studies the creator may
 * see; `GET /api/shares?study=<uid>` lists a study's links (one's own; every user's with
 * `shares:manage`); `DELETE /api/shares/<id>` revokes one (its creator or an admin; 404 for anyone
 * else); `GET /api/shares/<id>/history` is its access history from the audit trail.
 */

export interface ShareRouteOptions {
  db: Database;
  recorder: AuditRecorder;
  studyFacts: StudyFactsLookup;
  agent: Dispatcher;
  sources: readonly SourceConfig[];
  auditSourceId: string;
  maxDays: number;
}

function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).header('cache-control', 'no-store').send({ error: 'bad_request', message });
}

function notFound(reply: FastifyReply, message = 'There is no such share link.'): FastifyReply {
  return reply.code(404).header('cache-control', 'no-store').send({ error: 'not_found', message });
}

function auditUnavailable(reply: FastifyReply): FastifyReply {
  return reply.code(503).header('cache-control', 'no-store').send({
    error: 'audit_unavailable',
    message: 'The link cannot be created right now because its creation cannot be recorded. Try again in a moment.',
  });
}

/** The zod issues of a body, as one sentence naming each field. */
export function describeIssues(error: z.ZodError): string {
  const problems = error.issues.map((issue) => {
    const field = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    return field ? `${field} ${issue.message}` : issue.message;
  });
  return `Invalid share link request: ${problems.join('; ')}.`;
}

export function linkView(share: Share, now: Date): ShareLink {
  return {
    id: share.id,
    recipient: share.recipient,
    createdBy: share.creatorDisplayName || share.creatorUsername,
    createdAt: share.createdAt.toISOString(),
    expiresAt: share.expiresAt.toISOString(),
    useCount: share.useCount,
    maxUses: share.maxUses,
    lastUsedAt: share.lastUsedAt ? share.lastUsedAt.toISOString() : null,
    passcode: share.hasPasscode,
    state: shareState(share, now),
    studyCount: share.studies.length,
  };
}

/** Whether this caller may see and revoke this link: its creator, or whoever manages all links. */
function mayManage(principal: Principal, share: Share): boolean {
  return share.creatorAccountId === principal.accountId || hasPermission(principal.roles, 'shares:manage');
}

function requestorOf(request: FastifyRequest) {
  const principal = principalOf(request);
  return { userId: principal.username, userName: principal.displayName, address: request.ip };
}

function describeCreation(share: { recipient: string; expiresAt: Date; maxUses: number | null; passcode: boolean; studies: readonly SharedStudy[] }): string {
  const priors = share.studies.filter((study) => study.isPrior).length;
  return [
    'Share link created',
    `for ${share.recipient ? JSON.stringify(share.recipient) : 'an unnamed recipient'}`,
    `expires ${share.expiresAt.toISOString()}`,
    share.maxUses === null ? 'no use limit' : `at most ${share.maxUses} use${share.maxUses === 1 ? '' : 's'}`,
    share.passcode ? 'with a passcode' : 'without a passcode',
    priors > 0 ? `with ${priors} prior stud${priors === 1 ? 'y' : 'ies'}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** An audit event as one line of a link's history. */
export function historyEntryOf(event: AuditEvent): ShareHistoryEntry {
  const requestor = event.participants.find((p) => p.isRequestor);
  const studyUids = event.objects.filter((o) => o.idType.code === '110180').map((o) => o.id);
  const what = event.outcomeDescription ?? (event.eventId.code === '110112' ? 'Searched for studies' : event.eventId.display);
  return { at: event.time, what, outcome: event.outcome, clientAddress: requestor?.networkAccessPoint?.id ?? '', studyUids };
}

export function registerShareRoutes(app: FastifyInstance, options: ShareRouteOptions): void {
  const { db, recorder } = options;
  const [defaultSource] = options.sources;
  const byId = new Map(options.sources.map((source) => [source.id, source]));

  const patientOf = (facts: { patientId: string; issuerOfPatientId: string } | undefined): PatientRef | undefined =>
    facts?.patientId ? { id: facts.patientId, ...(facts.issuerOfPatientId ? { issuer: facts.issuerOfPatientId } : {}) } : undefined;

  app.post('/api/shares', { config: { access: { permission: 'shares:create' } }, bodyLimit: 16_384 }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const parsed = createShareBody.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, describeIssues(parsed.error));
    const body = parsed.data;
    const now = new Date();
    const expiry = resolveExpiry(body, now, options.maxDays);
    if ('error' in expiry) return badRequest(reply, expiry.error);
    const principal = principalOf(request);
    const source = byId.get(body.dataSource ?? defaultSource!.id);
    if (!source || !sourceInScope(principal.scope, source.id)) return badRequest(reply, 'There is no data source of this name that your account may use.');

    // Every study must exist and be one the creator may see: a link never opens more than its creator could.
    const studies: SharedStudy[] = [];
    const patients = new Map<string, PatientRef | undefined>();
    for (const studyUid of new Set(body.studyInstanceUids)) {
      const facts = await options.studyFacts.factsOf(source.id, studyUid);
      if (!facts || !institutionInScope(principal.scope.institutions, facts.institutionName)) {
        return notFound(reply, `The archive has no study ${studyUid} that your account may see.`);
      }
      studies.push({ sourceId: source.id, studyUid, isPrior: false });
      patients.set(studyUid, patientOf(facts));
    }
    if (body.includePriors) {
      const first = await options.studyFacts.factsOf(source.id, studies[0]!.studyUid);
      if (first?.patientId) {
        let found;
        try {
          found = await findPatientStudies(options.agent, source, { id: first.patientId, issuer: first.issuerOfPatientId });
        } catch (error) {
          request.log.warn({ cause: (error as Error).message }, "share link: the patient's other studies could not be found");
          return reply.code(502).send({
            error: 'archive_unreachable',
            message: "The patient's other studies could not be found in the archive. Try again, or share without priors.",
          });
        }
        const priors = found.filter(
          (study) => institutionInScope(principal.scope.institutions, study.institutionName) && !studies.some((s) => s.studyUid === study.studyUid),
        );
        for (const prior of priors.slice(0, MAX_PRIORS)) {
          studies.push({ sourceId: source.id, studyUid: prior.studyUid, isPrior: true });
          patients.set(prior.studyUid, patientOf(first));
        }
      }
    }

    const token = newShareToken();
    const id = newShareId();
    const recipient = body.recipient ?? '';
    const maxUses = body.maxUses ?? null;
    const passcodeHash = body.passcode ? await hashPassword(body.passcode) : null;
    await insertShare(db, {
      id,
      tokenHash: hashShareToken(token),
      creatorAccountId: principal.accountId,
      recipient,
      expiresAt: expiry.expiresAt,
      maxUses,
      passcodeHash,
      studies,
    });
    try {
      await recorder.record(
        shareChanged({
          kind: 'created',
          time: new Date(),
          sourceId: options.auditSourceId,
          requestor: requestorOf(request),
          shareId: id,
          studies: studies.map((study) => ({ studyUid: study.studyUid, patient: patients.get(study.studyUid) })),
          description: describeCreation({ recipient, expiresAt: expiry.expiresAt, maxUses, passcode: passcodeHash !== null, studies }),
        }),
      );
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      // Fail closed: a link whose creation is not recorded does not exist.
      await deleteShare(db, id);
      request.log.error({ err: { message: error.message } }, 'audit trail unavailable: share link not created');
      return auditUnavailable(reply);
    }
    return reply.code(201).send({ id, url: sharePath(token), expiresAt: expiry.expiresAt.toISOString(), studyCount: studies.length });
  });

  app.get('/api/shares', { config: { access: { permission: 'shares:create' } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const study = (request.query as Record<string, unknown>)['study'];
    if (typeof study !== 'string' || !/^[0-9]+(?:\.[0-9]+)*$/.test(study) || study.length > 64) {
      return badRequest(reply, 'Name the study: GET /api/shares?study=<StudyInstanceUID>.');
    }
    const principal = principalOf(request);
    const all = hasPermission(principal.roles, 'shares:manage');
    const shares = await sharesOfStudy(db, study, all ? null : principal.accountId);
    const now = new Date();
    return { links: shares.map((share) => linkView(share, now)) };
  });

  app.delete('/api/shares/:id', { config: { access: { permission: 'shares:create' } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const { id } = request.params as { id: string };
    const share = await findShare(db, id);
    const principal = principalOf(request);
    if (!share || !mayManage(principal, share)) return notFound(reply);
    if (await revokeShare(db, id)) {
      try {
        await recorder.record(
          shareChanged({
            kind: 'revoked',
            time: new Date(),
            sourceId: options.auditSourceId,
            requestor: requestorOf(request),
            shareId: id,
            studies: share.studies.map((study) => ({ studyUid: study.studyUid })),
            description: `Share link revoked (${share.useCount} use${share.useCount === 1 ? '' : 's'})`,
          }),
        );
      } catch (error) {
        // The link is revoked whatever happens to its record (revoking only ever closes).
        request.log.error({ err: { message: (error as Error).message } }, 'audit trail unavailable: a share link revocation was not recorded');
      }
    }
    return reply.code(204).send();
  });

  app.get('/api/shares/:id/history', { config: { access: { permission: 'shares:create' } } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const { id } = request.params as { id: string };
    const share = await findShare(db, id);
    const principal = principalOf(request);
    if (!share || !mayManage(principal, share)) return notFound(reply);
    try {
      await recorder.record(
        auditLogUsed({ time: new Date(), sourceId: options.auditSourceId, requestor: requestorOf(request), query: `share=${shareUserId(id)}` }),
      );
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      return reply
        .code(503)
        .send({ error: 'audit_unavailable', message: "The link's history cannot be read right now because reading it cannot be recorded." });
    }
    const rows = await searchShareHistory(db, shareUserId(id), 500);
    const events = rows.map((row) => historyEntryOf(JSON.parse(row.record) as AuditEvent));
    return { link: linkView(share, new Date()), events };
  });
}
