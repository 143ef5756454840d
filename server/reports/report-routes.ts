import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import {
  addendumBody,
  dicomUid,
  putDraftBody,
  signBody,
  sourceQuery,
  type ReportDraft,
  type ReportState,
  type SignedReportView,
} from '../../src/reports/report-contract.ts';
import { decideAddendum, decideDraftSave, decideSign, FINAL_EXISTS_MESSAGE, signedSections } from '../../src/reports/report-rules.ts';
import { principalOf } from '../auth/access.ts';
import type { Principal } from '../auth/principal.ts';
import { AuditUnavailableError, type AuditRecorder } from '../audit/recorder.ts';
import type { SourceConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { SignedReport } from '../delivery/signed-report.ts';
import { institutionInScope, sourceInScope } from '../dicomweb/scope.ts';
import type { StudyFactsLookup } from '../dicomweb/study-facts.ts';
import type { z } from 'zod';
import { reportSigned } from './report-audit.ts';
import { ArchiveUnavailableError } from '../dicomweb/archive-qido.ts';
import { fetchReportFacts, type ReportFacts } from './report-facts.ts';
import {
  deleteDraft,
  insertDraft,
  insertReport,
  newReportId,
  readDraft,
  reportsOfStudy,
  updateDraft,
  withdrawReport,
  type DraftKey,
  type DraftRow,
  type NewReport,
  type StoredReport,
} from './report-store.ts';

/**
 * A study's report: `GET /api/reports/<study>` (whoever may read the study: the caller's draft and every
 * signed version), `PUT …/draft` (autosave, refused with 409 when based on an older revision),
 * `POST …/sign` (the draft signed preliminary or final), `POST …/addenda` (an addendum to the final
 * report). Writing needs `reports:write` (radiologists). A study outside the caller's scope is not found,
 * as in DICOMweb. `?source=<id>` names the data source (default: the first).
 */

/** The reading status (server/reading), bound by app.ts. */
export interface ReadingSeam {
  markReportSigned(studyUid: string, status: 'preliminary' | 'final' | 'addended'): Promise<void>;
  holdsClaim(studyUid: string, accountId: string): Promise<boolean>;
}

/** The report's way out of the building (server/delivery), bound by app.ts. */
export interface DeliverySeam {
  enqueue(report: SignedReport): Promise<void>;
}

/** Peer review (server/peer-review), bound by app.ts. */
export interface PeerReviewSeam {
  finalSigned(report: StoredReport, facts: ReportFacts): Promise<void>;
  addendumSigned(studyUid: string): Promise<void>;
  /** While this account reviews the study (blinded), its signed reports are shown without their author. */
  blindsAuthors(studyUid: string, accountId: number): Promise<boolean>;
}

/** The author a blinded reviewer sees. */
export const BLINDED_AUTHOR = { username: '', displayName: 'Original reader' } as const;

export interface ReportRouteOptions {
  db: Database;
  recorder: AuditRecorder;
  studyFacts: StudyFactsLookup;
  agent: Dispatcher;
  sources: readonly SourceConfig[];
  auditSourceId: string;
  reading: ReadingSeam;
  delivery: DeliverySeam;
  peerReview: PeerReviewSeam;
}

const NO_STORE = 'no-store';
const BODY_LIMIT = 512 * 1024;
const VERSION_ATTEMPTS = 5;

function send(reply: FastifyReply, status: number, error: string, message: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', NO_STORE)
    .send({ error, message, ...extra });
}

/** The zod issues of a body, as one sentence naming each field. */
function invalid(what: string, error: z.ZodError): string {
  return `Invalid ${what}: ${error.issues.map((issue) => [issue.path.join('.'), issue.message].filter(Boolean).join(' ')).join('; ')}.`;
}

export function draftView(draft: DraftRow): ReportDraft {
  return { ...draft.content, revision: draft.revision, updatedAt: draft.updatedAt.toISOString() };
}

export function reportView(report: StoredReport): SignedReportView {
  return {
    id: report.id,
    version: report.version,
    status: report.status,
    author: { username: report.authorUsername, displayName: report.authorDisplayName },
    signedAt: report.signedAt.toISOString(),
    sections: report.sections,
    comparison: report.comparison,
    amendsReportId: report.amendsReportId,
    addendumText: report.addendumText,
  };
}

/** What delivery gets of a signed version. */
export function signedReportOf(report: StoredReport, facts: ReportFacts): SignedReport {
  const comparison = report.comparison;
  return {
    reportId: report.id,
    version: report.version,
    status: report.status === 'addendum' ? 'amended' : report.status,
    sourceId: report.sourceId,
    studyInstanceUid: report.studyUid,
    accessionNumber: facts.accessionNumber,
    patient: facts.patient,
    study: facts.study,
    author: { username: report.authorUsername, displayName: report.authorDisplayName },
    signedAt: report.signedAt.toISOString(),
    sections: report.sections,
    ...(comparison ? { comparison: { studyInstanceUid: comparison.studyInstanceUid, date: comparison.date, description: comparison.description } } : {}),
    ...(report.status === 'addendum' && report.amendsReportId ? { addendum: { text: report.addendumText ?? '', amendsReportId: report.amendsReportId } } : {}),
    references: report.references.map((r) => ({
      seriesInstanceUid: r.seriesInstanceUid,
      sopClassUid: r.sopClassUid,
      sopInstanceUid: r.sopInstanceUid,
      ...(r.frameNumber !== undefined ? { frameNumber: r.frameNumber } : {}),
    })),
  };
}

export function registerReports(app: FastifyInstance, options: ReportRouteOptions): void {
  const { db, recorder } = options;
  const byId = new Map(options.sources.map((source) => [source.id, source]));
  const defaultSource = options.sources[0]!;

  interface Target {
    source: SourceConfig;
    studyUid: string;
    principal: Principal;
  }

  /** The study the request names, in the caller's scope; otherwise the reply is sent (400/404). */
  const target = async (request: FastifyRequest, reply: FastifyReply): Promise<Target | undefined> => {
    const uid = dicomUid.safeParse((request.params as { studyUid?: string }).studyUid);
    const query = sourceQuery.safeParse(request.query);
    if (!uid.success || !query.success) {
      send(reply, 400, 'bad_request', 'Name a study by its StudyInstanceUID (and the data source as ?source=<id>).');
      return undefined;
    }
    const principal = principalOf(request);
    const source = byId.get(query.data.source ?? defaultSource.id);
    const notFound = () => send(reply, 404, 'not_found', 'There is no such study that your account may see.');
    if (!source || !sourceInScope(principal.scope, source.id)) return void notFound();
    if (principal.scope.institutions !== null) {
      const facts = await options.studyFacts.factsOf(source.id, uid.data);
      if (!facts || !institutionInScope(principal.scope.institutions, facts.institutionName)) return void notFound();
    }
    return { source, studyUid: uid.data, principal };
  };

  const draftKeyOf = (t: Target): DraftKey => ({ sourceId: t.source.id, studyUid: t.studyUid, accountId: t.principal.accountId });

  const stateOf = async (t: Target): Promise<ReportState> => {
    const [draft, reports, blinded] = await Promise.all([
      readDraft(db, draftKeyOf(t)),
      reportsOfStudy(db, t.studyUid),
      options.peerReview.blindsAuthors(t.studyUid, t.principal.accountId),
    ]);
    const views = reports.map(reportView).map((view) => (blinded ? { ...view, author: { ...BLINDED_AUTHOR } } : view));
    return { studyInstanceUid: t.studyUid, draft: draft ? draftView(draft) : null, reports: views };
  };

  const requestorOf = (request: FastifyRequest, principal: Principal) => ({ userId: principal.username, userName: principal.displayName, address: request.ip });

  /**
   * Writes a signed version under the next free version number, records it (fail closed: a signature
   * that cannot be recorded is taken back), then tells the reading status and delivery.
   */
  const sign = async (
    request: FastifyRequest,
    reply: FastifyReply,
    t: Target,
    facts: ReportFacts,
    build: (reports: StoredReport[]) => { ok: true; report: NewReport } | { ok: false; status: number; error: string; message: string },
  ): Promise<StoredReport | undefined> => {
    let stored: StoredReport | undefined;
    for (let attempt = 0; attempt < VERSION_ATTEMPTS && !stored; attempt += 1) {
      const planned = build(await reportsOfStudy(db, t.studyUid));
      if (!planned.ok) return void send(reply, planned.status, planned.error, planned.message);
      const outcome = await insertReport(db, planned.report);
      if ('inserted' in outcome) stored = outcome.inserted;
      else if (outcome.conflict === 'final-exists') return void send(reply, 409, 'final_exists', FINAL_EXISTS_MESSAGE);
    }
    if (!stored) return void send(reply, 409, 'busy', 'Other signatures of this study came first. Reload the report and try again.');
    try {
      await recorder.record(
        reportSigned({
          kind: stored.status,
          time: new Date(),
          sourceId: options.auditSourceId,
          requestor: requestorOf(request, t.principal),
          reportId: stored.id,
          version: stored.version,
          studyUid: t.studyUid,
          patient: facts.patient.id ? { id: facts.patient.id, ...(facts.patient.issuer ? { issuer: facts.patient.issuer } : {}) } : undefined,
        }),
      );
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      await withdrawReport(db, stored.id);
      request.log.error({ err: { message: error.message } }, 'audit trail unavailable: report not signed');
      return void send(
        reply,
        503,
        'audit_unavailable',
        'The report cannot be signed right now because the signature cannot be recorded. Try again in a moment.',
      );
    }
    return stored;
  };

  /** After the signature is recorded: the reading status and delivery (a failure there is logged, the signature stands). */
  const announce = async (request: FastifyRequest, stored: StoredReport, facts: ReportFacts): Promise<string[]> => {
    const warnings: string[] = [];
    try {
      await options.reading.markReportSigned(stored.studyUid, stored.status === 'addendum' ? 'addended' : stored.status);
    } catch (error) {
      request.log.error({ err: { message: (error as Error).message } }, 'reading status not updated after a signature');
      warnings.push('The reading status could not be updated.');
    }
    try {
      await options.delivery.enqueue(signedReportOf(stored, facts));
    } catch (error) {
      request.log.error({ err: { message: (error as Error).message } }, 'report not queued for delivery');
      warnings.push('The report could not be queued for delivery.');
    }
    // Peer review: the signature stands whatever happens here (logged, not told to the signer).
    try {
      if (stored.status === 'final') await options.peerReview.finalSigned(stored, facts);
      if (stored.status === 'addendum') await options.peerReview.addendumSigned(stored.studyUid);
    } catch (error) {
      request.log.error({ err: { message: (error as Error).message } }, 'peer review not told of a signature');
    }
    return warnings;
  };

  /** The study's facts from its archive at signing; undefined when the reply is sent. */
  const factsFor = async (reply: FastifyReply, t: Target, request: FastifyRequest): Promise<ReportFacts | undefined> => {
    try {
      const facts = await fetchReportFacts(options.agent, t.source, t.studyUid);
      if (!facts) return void send(reply, 404, 'not_found', 'The archive does not know this study.');
      return facts;
    } catch (error) {
      if (!(error instanceof ArchiveUnavailableError)) throw error;
      request.log.warn({ cause: error.message }, 'report: the study facts could not be asked of the archive');
      return void send(reply, 502, 'archive_unreachable', 'The archive could not be asked for the study. Try signing again in a moment.');
    }
  };

  app.get('/api/reports/:studyUid', { config: { access: { permission: 'images:read' } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const t = await target(request, reply);
    if (!t) return reply;
    return stateOf(t);
  });

  app.put('/api/reports/:studyUid/draft', { config: { access: { permission: 'reports:write' } }, bodyLimit: BODY_LIMIT }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const t = await target(request, reply);
    if (!t) return reply;
    const parsed = putDraftBody.safeParse(request.body);
    if (!parsed.success) return send(reply, 400, 'bad_request', invalid('draft', parsed.error));
    const { baseRevision, ...content } = parsed.data;
    const key = draftKeyOf(t);
    // Twice at most: a save that loses a race to another one is decided again against what won.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const current = await readDraft(db, key);
      const decision = decideDraftSave(current, baseRevision, content);
      if (decision.action === 'unchanged') return { draft: draftView(current!) };
      if (decision.action === 'conflict') {
        return send(reply, 409, 'draft_conflict', 'A newer version of this draft was saved elsewhere (another tab or browser).', {
          current: draftView(current!),
        });
      }
      const written = decision.action === 'create' ? await insertDraft(db, key, content) : await updateDraft(db, key, current!.revision, content);
      if (written) return { draft: draftView(written) };
    }
    return send(reply, 409, 'draft_conflict', 'This draft is being saved elsewhere at the same time.', { current: draftView((await readDraft(db, key))!) });
  });

  /** What every signed version has: a new id, its study, its number and its author (the signer). */
  const newSignedVersion = (t: Target, version: number) => ({
    id: newReportId(),
    sourceId: t.source.id,
    studyUid: t.studyUid,
    version,
    authorAccountId: t.principal.accountId,
    authorUsername: t.principal.username,
    authorDisplayName: t.principal.displayName,
    authorPersonName: t.principal.personName,
  });

  app.post('/api/reports/:studyUid/sign', { config: { access: { permission: 'reports:write' } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const t = await target(request, reply);
    if (!t) return reply;
    const parsed = signBody.safeParse(request.body);
    if (!parsed.success) return send(reply, 400, 'bad_request', invalid('signature request', parsed.error));
    const key = draftKeyOf(t);
    const draft = await readDraft(db, key);
    if (!draft) return send(reply, 409, 'no_draft', 'There is no draft of yours to sign for this study.');
    if (draft.revision !== parsed.data.revision) {
      return send(reply, 409, 'draft_changed', 'The draft changed since you looked at it (another tab?). Review it and sign again.', {
        current: draftView(draft),
      });
    }
    const early = decideSign(await reportsOfStudy(db, t.studyUid), draft.content.sections);
    if (!early.allowed) return send(reply, early.status, early.status === 409 ? 'final_exists' : 'incomplete', early.message);
    const facts = await factsFor(reply, t, request);
    if (!facts) return reply;
    // Checked last, so that what is wrong with the request itself is said first.
    if (!(await options.reading.holdsClaim(t.studyUid, String(t.principal.accountId)))) {
      return send(reply, 409, 'not_claimed', 'You are not reading this study (someone else holds it). Take it over before signing.');
    }
    const status = parsed.data.status;
    const stored = await sign(request, reply, t, facts, (reports) => {
      const decision = decideSign(reports, draft.content.sections);
      if (!decision.allowed)
        return { ok: false, status: decision.status, error: decision.status === 409 ? 'final_exists' : 'incomplete', message: decision.message };
      return {
        ok: true,
        report: {
          ...newSignedVersion(t, decision.version),
          status,
          templateId: draft.content.templateId,
          sections: signedSections(draft.content.sections),
          comparison: draft.content.comparison,
          references: draft.content.references,
          amendsReportId: null,
          addendumText: null,
        },
      };
    });
    if (!stored) return reply;
    // A final report ends the draft; a preliminary one keeps it, to be completed and signed final.
    if (status === 'final') await deleteDraft(db, key);
    const warnings = await announce(request, stored, facts);
    return reply.code(201).send({ report: reportView(stored), state: await stateOf(t), warnings });
  });

  app.post('/api/reports/:studyUid/addenda', { config: { access: { permission: 'reports:write' } }, bodyLimit: BODY_LIMIT }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const t = await target(request, reply);
    if (!t) return reply;
    const parsed = addendumBody.safeParse(request.body);
    if (!parsed.success) return send(reply, 400, 'bad_request', invalid('addendum', parsed.error));
    const early = decideAddendum(await reportsOfStudy(db, t.studyUid));
    if (!early.allowed) return send(reply, 409, 'no_final', early.message);
    const facts = await factsFor(reply, t, request);
    if (!facts) return reply;
    const stored = await sign(request, reply, t, facts, (reports) => {
      const decision = decideAddendum(reports);
      if (!decision.allowed) return { ok: false, status: 409, error: 'no_final', message: decision.message };
      const final = reports.find((r) => r.id === decision.amends)!;
      return {
        ok: true,
        report: {
          ...newSignedVersion(t, decision.version),
          status: 'addendum',
          templateId: final.templateId,
          // The amended report as delivered: the final's sections, unchanged, with the addendum beside them.
          sections: final.sections,
          comparison: final.comparison,
          references: final.references,
          amendsReportId: final.id,
          addendumText: parsed.data.text,
        },
      };
    });
    if (!stored) return reply;
    const warnings = await announce(request, stored, facts);
    return reply.code(201).send({ report: reportView(stored), state: await stateOf(t), warnings });
  });
}
