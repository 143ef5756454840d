import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { hasPermission } from '../../src/auth/roles.ts';
import { figuresBy, figuresOf } from '../../src/peer-review/agreement.ts';
import {
  addCaseBody,
  arbitrateBody,
  closeTaskBody,
  submitReviewBody,
  type ArbitrationCase,
  type CaseStudy,
  type CaseView,
  type QueueCase,
  type ReaderTask,
  type Review,
  type Statistics,
} from '../../src/peer-review/peer-review-contract.ts';
import { isScoreOf, isSerious, needsComment, scoresOf, type Score } from '../../src/peer-review/radpeer.ts';
import { appendToChain } from '../audit/chain.ts';
import type { AuditEvent, PatientRef } from '../audit/record.ts';
import { AuditUnavailableError, type AuditRecorder } from '../audit/recorder.ts';
import { principalOf } from '../auth/access.ts';
import type { Principal } from '../auth/principal.ts';
import type { PeerReviewConfig, SourceConfig } from '../config.ts';
import type { Database, Queryable } from '../db/database.ts';
import { enqueueKos, kosDeliveryStates } from '../delivery/outbox-store.ts';
import { institutionInScope, sourceInScope } from '../dicomweb/scope.ts';
import type { StudyFactsLookup } from '../dicomweb/study-facts.ts';
import { ArchiveUnavailableError } from '../dicomweb/archive-qido.ts';
import { fetchReportFacts, type ReportFacts } from '../reports/report-facts.ts';
import type { PeerReviewSeam } from '../reports/report-routes.ts';
import { reportsOfStudy } from '../reports/report-store.ts';
import { hasEarlierStudy, studyInstances } from './archive-queries.ts';
import { kosUids } from './build-kos.ts';
import { exportCsv, exportRow } from './export-csv.ts';
import type { KosRequest } from './kos-request.ts';
import { GATEWAY_ACTOR, peerReviewEvent, peerReviewExported, type PeerReviewAction } from './peer-review-audit.ts';
import {
  assignCase,
  caseById,
  closeTask,
  countOpenTasks,
  decideArbitration,
  ensurePseudonym,
  insertCase,
  insertReview,
  insertTask,
  listPseudonyms,
  markTasksAddended,
  newCaseId,
  newReviewId,
  newTaskId,
  openCasesFor,
  pendingArbitrations,
  pseudonymsOf,
  reviewById,
  reviewOfCase,
  reviewsStudy,
  reviewsThisMonth,
  reviewsWithCases,
  studyHasCase,
  taskById,
  tasksOf,
  withdrawOpenCases,
  type CaseRow,
  type CaseStudyFacts,
  type KosTitle,
  type ReviewRow,
  type ReviewWithCase,
} from './peer-review-store.ts';
import { cryptoDraw, decideSampling, type Draw } from './sampling.ts';

/**
 * Peer review in the gateway (docs/peer-review.md; routes and shapes: src/peer-review/peer-review-contract.ts).
 * Finalised studies enter the pool at random (the report routes call `finalSigned`) or by hand; reviewers
 * (qa, and radiologists within their monthly quota) open a case, which assigns it, and score it; serious
 * scores go to an arbiter; a confirmed significant discrepancy becomes a task of the original reader, who
 * never learns who reviewed. Nobody ever sees a case of their own read (404). Every assignment, score,
 * arbitration, task closed and export is in the audit trail, written with the change (no record, no change).
 */

export interface PeerReviewOptions {
  db: Database;
  recorder: AuditRecorder;
  studyFacts: StudyFactsLookup;
  agent: Dispatcher;
  sources: readonly SourceConfig[];
  auditSourceId: string;
  config: PeerReviewConfig;
  /** Wakes the delivery worker (a KOS was put in the outbox). */
  kickOutbox: () => void;
  /** The sampler's random source (tests inject one). */
  draw?: Draw;
}

const NO_STORE = 'no-store';

function send(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', NO_STORE).send({ error, message });
}

function invalid(what: string, error: z.ZodError): string {
  return `Invalid ${what}: ${error.issues.map((issue) => [issue.path.join('.'), issue.message].filter(Boolean).join(' ')).join('; ')}.`;
}

const NOT_FOUND = 'There is no such peer-review case that your account may see.';

function caseStudy(c: CaseRow): CaseStudy {
  return { studyInstanceUid: c.studyUid, sourceId: c.sourceId, ...c.study };
}

function queueCase(c: CaseRow, accountId: number): QueueCase {
  return {
    id: c.id,
    study: caseStudy(c),
    origin: c.origin,
    finalizedAt: c.finalizedAt.toISOString(),
    addedAt: c.createdAt.toISOString(),
    mine: c.assignedAccountId === accountId,
  };
}

function kosStateOf(review: ReviewRow, states: Map<string, string>): Review['kosState'] {
  if (review.kosTitle === null) return 'none';
  const state = states.get(review.id);
  return state === 'delivered' ? 'stored' : state === 'failed' ? 'failed' : 'pending';
}

function reviewView(review: ReviewRow, states: Map<string, string>): Review {
  return {
    id: review.id,
    score: review.score,
    comment: review.comment,
    submittedAt: review.submittedAt.toISOString(),
    keyImages: review.keyImages,
    kosTitle: review.kosTitle,
    kosState: kosStateOf(review, states),
    arbitration: review.arbitration,
    finalScore: review.finalScore,
  };
}

function studyFactsOf(facts: ReportFacts): CaseStudyFacts {
  return {
    accessionNumber: facts.accessionNumber,
    patientName: facts.patient.name,
    studyDate: facts.study.date,
    studyDescription: facts.study.description,
    modalities: facts.study.modalities,
  };
}

const month = (date: Date) => date.toISOString().slice(0, 7);

export function registerPeerReview(app: FastifyInstance, options: PeerReviewOptions): PeerReviewSeam {
  const { db, config } = options;
  const draw = options.draw ?? cryptoDraw;
  const byId = new Map(options.sources.map((source) => [source.id, source]));
  const defaultSource = options.sources[0]!;

  const inScope = (principal: Principal, c: Pick<CaseRow, 'sourceId' | 'institutionName'>) =>
    sourceInScope(principal.scope, c.sourceId) && institutionInScope(principal.scope.institutions, c.institutionName);
  const isQa = (principal: Principal) => principal.roles.includes('qa');
  const requestorOf = (request: FastifyRequest, principal: Principal) => ({ userId: principal.username, userName: principal.displayName, address: request.ip });

  const patientOf = async (sourceId: string, studyUid: string): Promise<PatientRef | undefined> => {
    const facts = await options.studyFacts.factsOf(sourceId, studyUid);
    return facts?.patientId ? { id: facts.patientId, ...(facts.issuerOfPatientId ? { issuer: facts.issuerOfPatientId } : {}) } : undefined;
  };

  const event = (
    action: Exclude<PeerReviewAction, 'exported'>,
    requestor: { userId: string; userName?: string; address: string },
    c: Pick<CaseRow, 'id' | 'studyUid'>,
    patient: PatientRef | undefined,
    description: string,
    details: Record<string, string> = {},
  ): AuditEvent =>
    peerReviewEvent({
      action,
      time: new Date(),
      sourceId: options.auditSourceId,
      requestor,
      caseId: c.id,
      studyUid: c.studyUid,
      patient,
      description,
      details,
    });

  /**
   * Runs `work` and appends the audit records of its result in one transaction. `undefined` from `work`:
   * nothing to record (the change did not happen). An audit trail that cannot be written undoes the change
   * and answers `audit_unavailable`.
   */
  const audited = async <T>(
    work: (tx: Queryable) => Promise<T | undefined>,
    events: (result: T) => AuditEvent[],
  ): Promise<{ ok: true; value: T | undefined } | { ok: false }> => {
    let auditFailed = false;
    try {
      const value = await db.transaction(async (tx) => {
        const result = await work(tx);
        if (result === undefined) return undefined;
        try {
          for (const record of events(result)) await appendToChain(tx, record);
        } catch (error) {
          auditFailed = true;
          throw error;
        }
        return result;
      });
      return { ok: true, value };
    } catch (error) {
      if (auditFailed) {
        app.log.error({ err: { message: (error as Error).message } }, 'peer review: the audit record could not be written; nothing was changed');
        return { ok: false };
      }
      throw error;
    }
  };

  const auditUnavailable = (reply: FastifyReply, what: string) =>
    send(reply, 503, 'audit_unavailable', `${what} cannot be done right now because it cannot be recorded in the audit trail. Try again in a moment.`);

  const originalReport = async (c: CaseRow) => {
    const report = (await reportsOfStudy(db, c.studyUid)).find((r) => r.id === c.reportId);
    return {
      signedAt: (report?.signedAt ?? c.finalizedAt).toISOString(),
      sections: report?.sections ?? [],
      readerName: config.blinded ? null : (report?.authorDisplayName ?? null),
    };
  };

  const caseView = async (c: CaseRow, review: ReviewRow | undefined): Promise<CaseView> => {
    const states = review ? await kosDeliveryStates(db, [review.id]) : new Map<string, string>();
    return {
      id: c.id,
      study: caseStudy(c),
      origin: c.origin,
      state: c.state,
      scale: config.scale,
      originalReport: await originalReport(c),
      review: review ? reviewView(review, states) : null,
    };
  };

  /** The caller's monthly quota (null for QA staff) and whether it is used up. */
  const quotaOf = async (principal: Principal) => {
    if (isQa(principal)) return { quota: null, reached: false };
    const doneThisMonth = await reviewsThisMonth(db, principal.accountId);
    return { quota: { perMonth: principal.reviewQuota, doneThisMonth }, reached: doneThisMonth >= principal.reviewQuota };
  };

  const queueOf = async (principal: Principal) => {
    const { quota, reached } = await quotaOf(principal);
    const cases = (await openCasesFor(db, principal.accountId, reached)).filter((c) => inScope(principal, c));
    return { cases, quota };
  };

  /** A case the caller may look at as a reviewer: in scope and not of their own read; otherwise undefined. */
  const visibleCase = async (principal: Principal, id: string): Promise<CaseRow | undefined> => {
    const c = await caseById(db, id);
    if (!c || !inScope(principal, c) || c.readerAccountId === principal.accountId) return undefined;
    return c;
  };

  app.get('/api/peer-review/queue', { config: { access: { permission: 'peer-review:review' } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const principal = principalOf(request);
    const { cases, quota } = await queueOf(principal);
    return { cases: cases.map((c) => queueCase(c, principal.accountId)), scale: config.scale, quota };
  });

  app.get('/api/peer-review/cases/:id', { config: { access: { permission: 'peer-review:review' } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const principal = principalOf(request);
    const c = await visibleCase(principal, (request.params as { id: string }).id);
    if (!c) return send(reply, 404, 'not_found', NOT_FOUND);
    if (c.state !== 'open') {
      const review = c.state === 'reviewed' ? await reviewOfCase(db, c.id) : undefined;
      const theirs = review ? review.reviewerAccountId === principal.accountId : c.assignedAccountId === principal.accountId;
      if (!theirs) return send(reply, 404, 'not_found', NOT_FOUND);
      return caseView(c, review);
    }
    if (c.assignedAccountId === principal.accountId) return caseView(c, undefined);
    if (c.assignedAccountId !== null) return send(reply, 409, 'assigned_elsewhere', 'Another reviewer is reviewing this case.');
    const { reached, quota } = await quotaOf(principal);
    if (reached) {
      return send(reply, 409, 'quota_reached', `You have done your ${quota?.perMonth ?? 0} peer reviews for this month; the queue opens again next month.`);
    }
    const patient = await patientOf(c.sourceId, c.studyUid);
    const outcome = await audited(
      async (tx) => ((await assignCase(tx, c.id, principal.accountId)) ? true : undefined),
      () => [event('opened', requestorOf(request, principal), c, patient, 'Peer review case opened and assigned to its reviewer')],
    );
    if (!outcome.ok) return auditUnavailable(reply, 'Opening this case');
    if (!outcome.value) {
      const now = await caseById(db, c.id);
      if (now?.state === 'open' && now.assignedAccountId === principal.accountId) return caseView(now, undefined);
      return send(reply, 409, 'assigned_elsewhere', 'Another reviewer opened this case first.');
    }
    return caseView((await caseById(db, c.id))!, undefined);
  });

  app.post('/api/peer-review/cases/:id/review', { config: { access: { permission: 'peer-review:review' } }, bodyLimit: 256 * 1024 }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const principal = principalOf(request);
    const body = submitReviewBody.safeParse(request.body);
    if (!body.success) return send(reply, 400, 'bad_request', invalid('review', body.error));
    const c = await visibleCase(principal, (request.params as { id: string }).id);
    if (!c) return send(reply, 404, 'not_found', NOT_FOUND);
    if (c.state === 'reviewed') return send(reply, 409, 'already_reviewed', 'This case has been scored already.');
    if (c.state === 'withdrawn') return send(reply, 409, 'withdrawn', 'This study left peer review: an addendum was signed before it was reviewed.');
    if (c.assignedAccountId !== principal.accountId) {
      return c.assignedAccountId === null ? send(reply, 409, 'not_assigned', 'Open the case before scoring it.') : send(reply, 404, 'not_found', NOT_FOUND);
    }
    const { score, comment } = body.data;
    if (!isScoreOf(config.scale, score)) {
      return send(reply, 400, 'invalid_score', `"${score}" is not a score of this group's scale (${scoresOf(config.scale).join(', ')}).`);
    }
    if (needsComment(score) && comment.trim() === '') {
      return send(reply, 400, 'comment_required', `A score of ${score} needs a comment: say what the discrepancy is (a comment is required for 2b and above).`);
    }
    const source = byId.get(c.sourceId);
    if (!source) return send(reply, 404, 'not_found', NOT_FOUND);

    // Every key image must be an image of this study, as the archive has it (its SOP class from there).
    const wanted = [...new Map(body.data.keyImages.map((image) => [`${image.sopInstanceUid}\u0000${image.frameNumber ?? ''}`, image])).values()];
    let kos: KosRequest | undefined;
    const reviewId = newReviewId();
    if (wanted.length > 0) {
      let facts: ReportFacts | undefined;
      let images: KosRequest['images'];
      try {
        const instances = await studyInstances(options.agent, source, c.studyUid);
        const foreign = wanted.filter((image) => {
          const known = instances.get(image.sopInstanceUid);
          return !known || known.seriesInstanceUid !== image.seriesInstanceUid || (image.sopClassUid !== '' && image.sopClassUid !== known.sopClassUid);
        });
        if (foreign.length > 0) {
          return send(
            reply,
            400,
            'key_image_not_in_study',
            `${foreign.length === 1 ? 'A key image is' : `${foreign.length} key images are`} not an image of this study.`,
          );
        }
        images = wanted.map((image) => ({
          seriesInstanceUid: image.seriesInstanceUid,
          sopClassUid: instances.get(image.sopInstanceUid)!.sopClassUid,
          sopInstanceUid: image.sopInstanceUid,
          ...(image.frameNumber !== undefined ? { frameNumber: image.frameNumber } : {}),
        }));
        facts = await fetchReportFacts(options.agent, source, c.studyUid);
      } catch (error) {
        if (!(error instanceof ArchiveUnavailableError)) throw error;
        request.log.warn({ cause: error.message }, 'peer review: the archive could not be asked about the key images');
        return send(reply, 502, 'archive_unreachable', 'The archive could not be asked about the key images. Try submitting again in a moment.');
      }
      if (!facts) return send(reply, 404, 'not_found', 'The archive no longer knows this study.');
      const title: KosTitle = body.data.kosTitle ?? (isSerious(score) ? 'quality-issue' : 'for-peer-review');
      kos = {
        reviewId,
        sourceId: c.sourceId,
        studyInstanceUid: c.studyUid,
        accessionNumber: facts.accessionNumber,
        patient: facts.patient,
        study: facts.study,
        title,
        createdAt: new Date().toISOString(),
        images,
      };
    }
    const arbitration = isSerious(score) ? 'pending' : 'not-needed';
    const patient = await patientOf(c.sourceId, c.studyUid);
    const outcome = await audited(
      async (tx) => {
        const stored = await insertReview(tx, {
          id: reviewId,
          caseId: c.id,
          reviewerAccountId: principal.accountId,
          score,
          comment,
          keyImages: kos ? kos.images : [],
          kosTitle: kos ? kos.title : null,
          kosSopInstanceUid: kos ? kosUids(reviewId).sopInstanceUid : null,
          arbitration,
        });
        if (stored && kos) await enqueueKos(tx, kos);
        return stored;
      },
      (stored) => [
        event('scored', requestorOf(request, principal), c, patient, `Peer review scored ${stored.score}`, {
          Score: stored.score,
          Arbitration: stored.arbitration,
          KeyImages: String(stored.keyImages.length),
        }),
      ],
    );
    if (!outcome.ok) return auditUnavailable(reply, 'Submitting this review');
    if (!outcome.value) return send(reply, 409, 'already_reviewed', 'This case is no longer open for your review.');
    if (kos) options.kickOutbox();
    return reply.code(201).send(await caseView((await caseById(db, c.id))!, outcome.value));
  });

  app.post('/api/peer-review/cases', { config: { access: { permission: 'peer-review:add' } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const principal = principalOf(request);
    const body = addCaseBody.safeParse(request.body);
    if (!body.success) return send(reply, 400, 'bad_request', invalid('case', body.error));
    const source = byId.get(body.data.dataSource ?? defaultSource.id);
    const notFound = () => send(reply, 404, 'not_found', 'There is no such study that your account may see.');
    if (!source || !sourceInScope(principal.scope, source.id)) return notFound();
    const uid = body.data.studyInstanceUid;
    const reports = await reportsOfStudy(db, uid);
    const final = reports.find((r) => r.status === 'final');
    let facts: ReportFacts | undefined;
    try {
      facts = await fetchReportFacts(options.agent, source, uid);
    } catch (error) {
      if (!(error instanceof ArchiveUnavailableError)) throw error;
      return send(reply, 502, 'archive_unreachable', 'The archive could not be asked for the study. Try again in a moment.');
    }
    if (!facts || !institutionInScope(principal.scope.institutions, facts.institutionName)) return notFound();
    if (!final) return send(reply, 409, 'not_final', 'Only a study with a final report can be peer reviewed.');
    if (reports.some((r) => r.status === 'addendum')) {
      return send(reply, 409, 'addended', 'This study has an addendum: its report was corrected already and is not peer reviewed.');
    }
    if (await studyHasCase(db, uid)) return send(reply, 409, 'already_in_pool', 'This study is in peer review already.');
    const patient = await patientOf(source.id, uid);
    const outcome = await audited(
      (tx) =>
        insertCase(tx, {
          id: newCaseId(),
          sourceId: source.id,
          studyUid: uid,
          institutionName: facts.institutionName,
          study: studyFactsOf(facts),
          reportId: final.id,
          readerAccountId: final.authorAccountId,
          finalizedAt: final.signedAt,
          origin: 'manual',
          addedByAccountId: principal.accountId,
          addedReason: body.data.reason,
        }),
      (c) => [
        event('added', requestorOf(request, principal), c, patient, 'Study added to peer review by hand', { Origin: 'manual', Reason: body.data.reason }),
      ],
    );
    if (!outcome.ok) return auditUnavailable(reply, 'Adding this study');
    if (!outcome.value) return send(reply, 409, 'already_in_pool', 'This study is in peer review already.');
    return reply.code(201).send({ case: queueCase(outcome.value, principal.accountId) });
  });

  /** Serious scores the caller may decide: in scope, neither their own review nor a review of their own read. */
  const arbitrableFor = async (principal: Principal): Promise<ReviewWithCase[]> =>
    (await pendingArbitrations(db)).filter(
      ({ review, case: c }) => review.reviewerAccountId !== principal.accountId && c.readerAccountId !== principal.accountId && inScope(principal, c),
    );

  app.get('/api/peer-review/arbitration', { config: { access: { permission: 'peer-review:arbitrate' } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const principal = principalOf(request);
    const pending = await arbitrableFor(principal);
    const names = await pseudonymsOf(
      db,
      pending.flatMap(({ review, case: c }) => [review.reviewerAccountId, c.readerAccountId]),
    );
    const cases: ArbitrationCase[] = [];
    for (const { review, case: c } of pending) {
      cases.push({
        reviewId: review.id,
        caseId: c.id,
        study: caseStudy(c),
        score: review.score,
        comment: review.comment,
        submittedAt: review.submittedAt.toISOString(),
        readerPseudonym: (c.readerAccountId !== null && names.get(c.readerAccountId)) || 'unknown',
        reviewerPseudonym: (review.reviewerAccountId !== null && names.get(review.reviewerAccountId)) || 'unknown',
        // The arbiter judges the read, not the people: the report without its author whatever the blinding.
        originalReport: { ...(await originalReport(c)), readerName: null },
        keyImages: review.keyImages,
      });
    }
    return { cases, scale: config.scale };
  });

  app.post('/api/peer-review/arbitration/:reviewId', { config: { access: { permission: 'peer-review:arbitrate' } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const principal = principalOf(request);
    const body = arbitrateBody.safeParse(request.body);
    if (!body.success) return send(reply, 400, 'bad_request', invalid('decision', body.error));
    const review = await reviewById(db, (request.params as { reviewId: string }).reviewId);
    const c = review ? await caseById(db, review.caseId) : undefined;
    if (!review || !c || review.reviewerAccountId === principal.accountId || c.readerAccountId === principal.accountId || !inScope(principal, c)) {
      return send(reply, 404, 'not_found', 'There is no such review waiting for your decision.');
    }
    if (review.arbitration !== 'pending') return send(reply, 409, 'already_decided', 'This score was decided already.');
    const decided: Score = body.data.decision === 'confirm' ? review.score : body.data.score;
    if (!isScoreOf(config.scale, decided)) {
      return send(reply, 400, 'invalid_score', `"${decided}" is not a score of this group's scale (${scoresOf(config.scale).join(', ')}).`);
    }
    const state = decided === review.score ? 'confirmed' : 'changed';
    const note = body.data.note;
    const patient = await patientOf(c.sourceId, c.studyUid);
    const outcome = await audited(
      async (tx) => {
        const updated = await decideArbitration(tx, review.id, { arbiterAccountId: principal.accountId, state, finalScore: decided, note });
        if (!updated) return undefined;
        let task =
          isSerious(decided) && c.readerAccountId !== null
            ? await insertTask(tx, { id: newTaskId(), reviewId: review.id, readerAccountId: c.readerAccountId })
            : undefined;
        // An addendum signed since the review already answers the discrepancy: the task is born done.
        if (task && (await reportsOfStudy(tx, c.studyUid)).some((r) => r.status === 'addendum' && r.signedAt > review.submittedAt)) {
          await markTasksAddended(tx, c.studyUid);
          task = { ...task, state: 'addended' };
        }
        return { updated, task };
      },
      ({ updated, task }) => [
        event(
          'arbitrated',
          requestorOf(request, principal),
          c,
          patient,
          `Peer review score ${state === 'confirmed' ? 'confirmed' : `changed from ${review.score} to ${decided}`} by arbitration`,
          {
            Decision: state,
            Score: review.score,
            FinalScore: updated.finalScore,
            ReaderTask: task ? task.id : 'none',
          },
        ),
      ],
    );
    if (!outcome.ok) return auditUnavailable(reply, 'Recording this decision');
    if (!outcome.value) return send(reply, 409, 'already_decided', 'This score was decided already.');
    const states = await kosDeliveryStates(db, [review.id]);
    return { review: reviewView(outcome.value.updated, states), readerTask: outcome.value.task !== undefined };
  });

  const taskView = ({ review, case: c, task }: ReviewWithCase & { task: Awaited<ReturnType<typeof tasksOf>>[number]['task'] }): ReaderTask => ({
    id: task.id,
    study: caseStudy(c),
    score: review.finalScore,
    reviewComment: review.comment,
    arbiterNote: review.arbiterNote ?? '',
    createdAt: task.createdAt.toISOString(),
    state: task.state,
    closedAt: task.closedAt ? task.closedAt.toISOString() : null,
    closingNote: task.closingNote,
  });

  app.get('/api/peer-review/tasks', { config: { access: { permission: 'peer-review:tasks' } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const principal = principalOf(request);
    return { tasks: (await tasksOf(db, principal.accountId)).map(taskView) };
  });

  app.post('/api/peer-review/tasks/:id/close', { config: { access: { permission: 'peer-review:tasks' } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const principal = principalOf(request);
    const body = closeTaskBody.safeParse(request.body);
    if (!body.success) return send(reply, 400, 'bad_request', invalid('note', body.error));
    const id = (request.params as { id: string }).id;
    const task = await taskById(db, id);
    if (!task || task.readerAccountId !== principal.accountId) return send(reply, 404, 'not_found', 'There is no such task of yours.');
    if (task.state !== 'open') return send(reply, 409, 'not_open', `This task is ${task.state} already.`);
    const review = (await reviewById(db, task.reviewId))!;
    const c = (await caseById(db, review.caseId))!;
    const patient = await patientOf(c.sourceId, c.studyUid);
    const outcome = await audited(
      (tx) => closeTask(tx, id, principal.accountId, body.data.note),
      () => [event('taskClosed', requestorOf(request, principal), c, patient, 'Peer review task closed without an addendum', { Task: id })],
    );
    if (!outcome.ok) return auditUnavailable(reply, 'Closing this task');
    if (!outcome.value) return send(reply, 409, 'not_open', 'This task is not open any more.');
    const view = (await tasksOf(db, principal.accountId)).find((t) => t.task.id === id)!;
    return { task: taskView(view) };
  });

  /** The reviews the caller's figures and export are made of: every reader's in scope, or only their own reads. */
  const reviewsFor = async (principal: Principal, all: boolean) =>
    all ? (await reviewsWithCases(db)).filter(({ case: c }) => inScope(principal, c)) : await reviewsWithCases(db, principal.accountId);

  const mayAll = (principal: Principal) => hasPermission(principal.roles, 'peer-review:statistics', { arbiter: principal.arbiter });

  app.get('/api/peer-review/statistics', { config: { access: { signedIn: true } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const principal = principalOf(request);
    const all = mayAll(principal);
    const rows = await reviewsFor(principal, all);
    const names = await pseudonymsOf(
      db,
      rows.map(({ case: c }) => c.readerAccountId),
    );
    const outcomes = rows.map(({ review, case: c }) => ({
      finalScore: review.finalScore,
      pendingArbitration: review.arbitration === 'pending',
      pseudonym: (c.readerAccountId !== null && names.get(c.readerAccountId)) || 'unknown',
      modalities: c.study.modalities.length > 0 ? c.study.modalities : ['unknown'],
      month: month(review.submittedAt),
    }));
    const ownPseudonym = all ? (names.get(principal.accountId) ?? null) : await ensurePseudonym(db, principal.accountId);
    const statistics: Statistics = {
      scale: config.scale,
      view: all ? 'all' : 'own',
      ownPseudonym,
      overall: figuresOf(outcomes),
      readers: figuresBy(outcomes, (o) => [o.pseudonym]).map(([pseudonym, figures]) => ({ pseudonym, ...figures })),
      modalities: figuresBy(outcomes, (o) => o.modalities).map(([modality, figures]) => ({ modality, ...figures })),
      months: figuresBy(outcomes, (o) => [o.month]).map(([m, figures]) => ({ month: m, ...figures })),
    };
    return statistics;
  });

  app.get('/api/peer-review/pseudonyms', { config: { access: { permission: 'peer-review:identities' } } }, async (_request, reply) => {
    reply.header('cache-control', NO_STORE);
    return { pseudonyms: await listPseudonyms(db) };
  });

  app.get('/api/peer-review/export.csv', { config: { access: { permission: 'peer-review:statistics' } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const principal = principalOf(request);
    const rows = await reviewsFor(principal, true);
    const names = await pseudonymsOf(
      db,
      rows.map(({ case: c }) => c.readerAccountId),
    );
    const csv = exportCsv(
      rows.map(({ review, case: c }) =>
        exportRow({
          readerPseudonym: (c.readerAccountId !== null && names.get(c.readerAccountId)) || 'unknown',
          studyDescription: c.study.studyDescription,
          modalities: c.study.modalities,
          finalScore: review.finalScore,
          arbitration: review.arbitration,
          submittedAt: review.submittedAt,
          finalizedAt: c.finalizedAt,
          origin: c.origin,
        }),
      ),
    );
    try {
      await options.recorder.record(
        peerReviewExported({
          time: new Date(),
          sourceId: options.auditSourceId,
          requestor: requestorOf(request, principal),
          rows: rows.length,
          view: 'all readers in scope',
        }),
      );
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      return auditUnavailable(reply, 'The export');
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="peer-review.csv"')
      .header('x-content-type-options', 'nosniff')
      .send(csv);
  });

  app.get('/api/peer-review/summary', { config: { access: { signedIn: true } } }, async (request, reply) => {
    reply.header('cache-control', NO_STORE);
    const principal = principalOf(request);
    const may = (permission: Parameters<typeof hasPermission>[1]) => hasPermission(principal.roles, permission, { arbiter: principal.arbiter });
    return {
      queue: may('peer-review:review') ? (await queueOf(principal)).cases.length : 0,
      arbitration: may('peer-review:arbitrate') ? (await arbitrableFor(principal)).length : 0,
      tasks: may('peer-review:tasks') ? await countOpenTasks(db, principal.accountId) : 0,
    };
  });

  return {
    async finalSigned(report, facts) {
      if (report.status !== 'final') return;
      const source = byId.get(report.sourceId);
      if (!source) return;
      const reports = await reportsOfStudy(db, report.studyUid);
      const hasPrior = config.requirePrior
        ? await hasEarlierStudy(options.agent, source, { id: facts.patient.id, issuer: facts.patient.issuer }, { uid: report.studyUid, date: facts.study.date })
        : undefined;
      const decision = decideSampling(
        {
          modalities: facts.study.modalities,
          hasCase: await studyHasCase(db, report.studyUid),
          hasAddendum: reports.some((r) => r.status === 'addendum'),
          hasPrior,
        },
        config,
        draw,
      );
      if (!decision.enter) return;
      const patient = facts.patient.id ? { id: facts.patient.id, ...(facts.patient.issuer ? { issuer: facts.patient.issuer } : {}) } : undefined;
      const outcome = await audited(
        (tx) =>
          insertCase(tx, {
            id: newCaseId(),
            sourceId: report.sourceId,
            studyUid: report.studyUid,
            institutionName: facts.institutionName,
            study: studyFactsOf(facts),
            reportId: report.id,
            readerAccountId: report.authorAccountId,
            finalizedAt: report.signedAt,
            origin: 'sampled',
            addedByAccountId: null,
            addedReason: null,
          }),
        (c) => [
          event('sampled', GATEWAY_ACTOR, c, patient, `Study sampled for peer review (${decision.rule}, ${decision.rate} %)`, {
            Origin: 'sampled',
            Rule: decision.rule,
            Rate: String(decision.rate),
          }),
        ],
      );
      if (!outcome.ok) throw new Error('the audit trail could not record the sampled study');
    },

    async addendumSigned(studyUid) {
      const outcome = await audited(
        async (tx) => {
          const withdrawn = await withdrawOpenCases(tx, studyUid);
          const addended = await markTasksAddended(tx, studyUid);
          return withdrawn.length + addended.length > 0 ? { withdrawn, addended } : undefined;
        },
        ({ withdrawn, addended }) => [
          ...withdrawn.map((c) => event('withdrawn', GATEWAY_ACTOR, c, undefined, 'Study left peer review: an addendum was signed before it was reviewed')),
          ...addended.map((task) =>
            event('taskClosed', GATEWAY_ACTOR, { id: task.caseId, studyUid }, undefined, 'Peer review task done: an addendum was signed', {
              Task: task.id,
              State: 'addended',
            }),
          ),
        ],
      );
      if (!outcome.ok) throw new Error('the audit trail could not record the withdrawn peer review');
    },

    async blindsAuthors(studyUid, accountId) {
      return config.blinded && (await reviewsStudy(db, studyUid, accountId));
    },
  };
}
