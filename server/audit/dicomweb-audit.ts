import { Readable } from 'node:stream';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDicomUid } from '../../src/dicomweb/frame-batch-protocol.ts';
import type { SourceConfig } from '../config.ts';
import type { StudyFactsLookup } from '../dicomweb/study-facts.ts';
import type { DescribeDicomwebRequest, DicomwebKind, DicomwebRequestFacts } from './dicomweb-request.ts';
import { AuditUnavailableError, type AuditRecorder } from './recorder.ts';
import {
  dicomQuery,
  EVENT,
  instancesAccessed,
  instancesRetrieved,
  instancesStored,
  outcomeOfStatus,
  storeBegun,
  withOutcome,
  type ArchiveRef,
  type AuditEvent,
  type PatientRef,
  type Requestor,
} from './record.ts';

/**
 * Records every DICOMweb request that touches patient data before the archive is asked (a preHandler,
 * after the access check): a query each time; a study opened (metadata) and a study's images retrieved
 * once per study per session; a STOW when it starts and, with the studies the archive stored into, when
 * the archive has answered. When the record cannot be written the request is answered 503
 * `audit_unavailable` and nothing goes to the archive. A request the archive then fails adds a second
 * record with that outcome.
 */

export type AuditedAccess = 'query' | 'opened' | 'retrieved' | 'store';

export function auditedAccessOf(kind: DicomwebKind): AuditedAccess {
  switch (kind) {
    case 'search-studies':
    case 'search-series':
    case 'search-instances':
      return 'query';
    case 'metadata':
      return 'opened';
    case 'store':
      return 'store';
    case 'retrieve':
    case 'frames':
    case 'frame-batch':
    case 'rendered':
    case 'thumbnail':
    case 'bulkdata':
      return 'retrieved';
  }
}

/** The part of the raw URL below the source's root, with its query: what a query record keeps. */
export function queryBelowRoot(rawUrl: string): string {
  return rawUrl.replace(/^\/sources\/[^/?]+\/dicom-web|^\/dicom-web/, '') || '/';
}

function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A patient the query names exactly (PatientID without wildcards), with its issuer when given. */
export function patientNamedByQuery(rawUrl: string): PatientRef | undefined {
  const q = rawUrl.indexOf('?');
  if (q < 0) return undefined;
  const params = new Map<string, string>();
  for (const pair of rawUrl.slice(q + 1).split('&')) {
    const [key = '', value = ''] = pair.split('=', 2);
    params.set(decodeValue(key).toLowerCase(), decodeValue(value));
  }
  const id = params.get('patientid') ?? params.get('00100020');
  if (!id || /[*?]/.test(id)) return undefined;
  const issuer = params.get('issuerofpatientid') ?? params.get('00100021');
  return { id, ...(issuer ? { issuer } : {}) };
}

/** Study UIDs of a STOW-RS answer, from its RetrieveURLs (`…/studies/{uid}`), JSON or XML alike. */
export function storedStudyUids(answer: string): string[] {
  const found = new Set<string>();
  for (const match of answer.matchAll(/\/studies\/([0-9.]{1,64})(?![0-9.])/g)) {
    if (isDicomUid(match[1]!)) found.add(match[1]!);
    if (found.size >= 100) break;
  }
  return [...found];
}

export interface DicomwebAuditOptions {
  recorder: AuditRecorder;
  studyFacts: StudyFactsLookup;
  describe: DescribeDicomwebRequest;
  sources: readonly SourceConfig[];
  auditSourceId: string;
}

interface RequestAudit {
  facts: DicomwebRequestFacts;
  requestor: Requestor;
  archive: ArchiveRef;
  /** The record this request wrote before it was forwarded (for an outcome record if it fails). */
  recorded?: AuditEvent | undefined;
  /** A STOW whose start was recorded: its outcome is recorded once the archive has answered. */
  storeBegun?: boolean;
}

const STORE_ANSWER_LIMIT = 16 << 20;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

function decodedText(body: Buffer, encoding: string): string {
  try {
    if (body.length > STORE_ANSWER_LIMIT) return '';
    if (/\bgzip\b/i.test(encoding)) return gunzipSync(body).toString('utf8');
    if (/\bdeflate\b/i.test(encoding)) return inflateSync(body).toString('utf8');
    return body.toString('utf8');
  } catch {
    return '';
  }
}

export function registerDicomwebAudit(app: FastifyInstance, options: DicomwebAuditOptions): void {
  const { recorder, studyFacts } = options;
  const labels = new Map(options.sources.map((source) => [source.id, source.label]));
  const audits = new WeakMap<FastifyRequest, RequestAudit>();

  const patientOf = async (sourceId: string, studyUid: string | undefined): Promise<PatientRef | undefined> => {
    if (!studyUid) return undefined;
    const facts = await studyFacts.factsOf(sourceId, studyUid);
    if (!facts?.patientId) return undefined;
    return { id: facts.patientId, ...(facts.issuerOfPatientId ? { issuer: facts.issuerOfPatientId } : {}) };
  };

  const common = () => ({ time: new Date(), sourceId: options.auditSourceId });

  const recordBefore = async (request: FastifyRequest, audit: RequestAudit): Promise<AuditEvent | undefined> => {
    const { facts, requestor, archive } = audit;
    const sessionId = request.principal!.sessionId;
    switch (auditedAccessOf(facts.kind)) {
      case 'query': {
        const rawUrl = request.raw.url ?? '';
        const patient = facts.studyUid ? await patientOf(facts.sourceId, facts.studyUid) : patientNamedByQuery(rawUrl);
        const event = dicomQuery({ ...common(), requestor, archive, query: queryBelowRoot(rawUrl), studyUid: facts.studyUid, patient });
        await recorder.record(event);
        return event;
      }
      case 'opened':
      case 'retrieved': {
        const opened = auditedAccessOf(facts.kind) === 'opened';
        const studyUid = facts.studyUid!;
        const eventCode = (opened ? EVENT.instancesAccessed : EVENT.instancesTransferred).code;
        return recorder.recordOnce({ sessionId, eventCode, sourceId: facts.sourceId, studyUid }, async () => {
          const details = { ...common(), requestor, archive, studyUid, patient: await patientOf(facts.sourceId, studyUid) };
          return opened ? instancesAccessed(details) : instancesRetrieved(details);
        });
      }
      case 'store': {
        const event = storeBegun({ ...common(), requestor, archive, studyUid: facts.studyUid, patient: await patientOf(facts.sourceId, facts.studyUid) });
        await recorder.record(event);
        audit.storeBegun = true;
        return undefined;
      }
    }
  };

  const refuse = (request: FastifyRequest, reply: FastifyReply, error: AuditUnavailableError) => {
    request.log.error({ err: { message: error.message } }, 'audit trail unavailable: patient data request refused');
    // An upload that was not read cannot continue on this connection.
    if (request.method === 'POST') reply.header('connection', 'close');
    return reply.code(503).header('cache-control', 'no-store').send({
      error: 'audit_unavailable',
      message:
        'Patient data cannot be shown right now because access to it cannot be recorded. Try again in a moment; if this persists, tell your administrator.',
    });
  };

  app.addHook('preHandler', async (request, reply) => {
    const facts = options.describe(request);
    const principal = request.principal;
    if (!facts || !principal) return;
    const audit: RequestAudit = {
      facts,
      requestor: { userId: principal.username, userName: principal.displayName, address: request.ip },
      archive: { sourceId: facts.sourceId, label: labels.get(facts.sourceId) },
    };
    audits.set(request, audit);
    try {
      audit.recorded = await recordBefore(request, audit);
    } catch (error) {
      if (error instanceof AuditUnavailableError) return refuse(request, reply, error);
      throw error;
    }
  });

  // A STOW answer is small: read it here, before it goes to the browser, to learn which studies were stored.
  app.addHook('onSend', async (request, reply, payload) => {
    const audit = audits.get(request);
    if (!audit?.storeBegun) return payload;
    let body: unknown = payload;
    let text = '';
    if (payload instanceof Readable) {
      body = await readAll(payload);
      text = decodedText(body as Buffer, String(reply.getHeader('content-encoding') ?? ''));
    } else if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
      text = payload.toString();
    }
    const status = reply.statusCode;
    const uids = new Set([...(audit.facts.studyUid ? [audit.facts.studyUid] : []), ...(status < 300 ? storedStudyUids(text) : [])]);
    const studies = await Promise.all([...uids].map(async (studyUid) => ({ studyUid, patient: await patientOf(audit.facts.sourceId, studyUid) })));
    // 202: the archive stored some instances and refused others.
    const outcome = status === 202 ? 4 : outcomeOfStatus(status);
    try {
      await recorder.record(
        instancesStored({
          ...common(),
          requestor: audit.requestor,
          archive: audit.archive,
          studies,
          outcome,
          outcomeDescription: outcome === 0 ? undefined : `HTTP ${status}`,
        }),
      );
    } catch (error) {
      // The archive has already stored it: tell the browser the truth, and the log the gap.
      request.log.error({ err: { message: (error as Error).message } }, 'audit trail unavailable: the outcome of a STOW was not recorded');
    }
    return body;
  });

  app.addHook('onResponse', async (request, reply) => {
    const audit = audits.get(request);
    if (!audit?.recorded || reply.statusCode < 400) return;
    try {
      await recorder.record(withOutcome(audit.recorded, outcomeOfStatus(reply.statusCode), `HTTP ${reply.statusCode}`, new Date()));
    } catch (error) {
      request.log.error({ err: { message: (error as Error).message } }, 'audit trail unavailable: a failed request was not recorded');
    }
  });
}
