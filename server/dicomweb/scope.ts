import type { FastifyInstance, FastifyReply } from 'fastify';
import { encodeQueryValue } from '../../src/dicomweb/query-encoding.ts';
import type { Principal, ShareGrant } from '../auth/principal.ts';
import type { QueryValueEncoding } from '../../src/dicomweb/runtime-config.ts';
import type { DicomwebRequest } from './request-gate.ts';
import type { StudyFactsLookup } from './study-facts.ts';
import { errorReply } from './upstream.ts';
import { noteRefusal } from '../auth/refusals.ts';

/**
 * Per-account scope (`request.principal.scope`): which data sources and which institutions (the study's
 * Institution Name) an account may see. Decided here, after the DICOMweb gate (request-gate.ts) and before
 * the audit and the proxy, so nothing outside the scope is forwarded. A study outside the scope answers
 * 404 like one that does not exist (its existence does not leak); study searches are filtered by the
 * proxy (`filterStudySearch`) before the answer reaches the browser.
 */

export type Scope = Principal['scope'];

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for a study search of an institution-scoped account: the proxy keeps only these institutions. */
    scopeFilter: readonly string[] | null;
    /** Set for a study search of a share session: the proxy keeps only these studies. */
    shareFilter: readonly string[] | null;
  }
}

export type ScopeDecision =
  /** Outside the scope, or not checkable: answer as for an unknown resource. */
  | { action: 'not-found' }
  /** An upload of an institution-scoped account that names no study. */
  | { action: 'refuse-store' }
  /** Allowed when the archive knows the study and its institution is in the scope. */
  | { action: 'check-study'; studyUid: string }
  /** A study search whose answer is filtered by institution. */
  | { action: 'filter-studies'; institutions: readonly string[] }
  /** A study search of a share session: only the shared studies of this source are answered. */
  | { action: 'filter-shared'; studyUids: readonly string[] }
  | { action: 'allow' };

/** Institution names compare trimmed and case-insensitively. */
export function normaliseInstitution(name: string): string {
  return name.trim().toLowerCase();
}

export function sourceInScope(scope: Scope, sourceId: string): boolean {
  return scope.sources === null || scope.sources.includes(sourceId);
}

/** Whether a study of `institutionName` is visible; a study without one is visible only to unscoped accounts. */
export function institutionInScope(institutions: readonly string[] | null, institutionName: string | undefined): boolean {
  if (institutions === null) return true;
  const name = normaliseInstitution(institutionName ?? '');
  return name !== '' && institutions.some((allowed) => normaliseInstitution(allowed) === name);
}

/**
 * What a share session may reach: the shared studies and nothing else. A request naming another study,
 * and a series or instance search across studies, is not found; a study search is answered with the
 * shared studies only; every upload is refused.
 */
export function decideShareScope(
  grant: { studies: ReadonlyArray<Pick<ShareGrant['studies'][number], 'sourceId' | 'studyUid'>> },
  resource: DicomwebRequest,
): ScopeDecision {
  if (resource.kind === 'store') return { action: 'refuse-store' };
  const shared = grant.studies.filter((study) => study.sourceId === resource.sourceId).map((study) => study.studyUid);
  if (resource.studyUid) return shared.includes(resource.studyUid) ? { action: 'allow' } : { action: 'not-found' };
  if (resource.kind === 'search-studies' && shared.length > 0) return { action: 'filter-shared', studyUids: shared };
  return { action: 'not-found' };
}

export function decideScope(scope: Scope, resource: DicomwebRequest, share?: Parameters<typeof decideShareScope>[0]): ScopeDecision {
  if (share) return decideShareScope(share, resource);
  if (!sourceInScope(scope, resource.sourceId)) return { action: 'not-found' };
  const institutions = scope.institutions;
  if (institutions === null) return { action: 'allow' };
  if (resource.studyUid) return { action: 'check-study', studyUid: resource.studyUid };
  switch (resource.kind) {
    case 'search-studies':
      return { action: 'filter-studies', institutions };
    case 'store':
      return { action: 'refuse-store' };
    default:
      // Series or instance searches across all studies: their answers cannot be filtered by study.
      return { action: 'not-found' };
  }
}

const INSTITUTION_NAME = '00080080';

/** Whether the raw query string already asks for an Institution Name (by keyword or tag). */
function queriesInstitution(query: string): boolean {
  return query.split('&').some((pair) => /^(?:institutionname|00080080)=/i.test(pair));
}

/**
 * The archive query of a filtered study search: InstitutionName is asked for (the filter needs it) and,
 * for an account of exactly one institution whose query names none, matched by the archive too (paging
 * then counts only visible studies), written as the source reads query values (an Orthanc source finds
 * nothing for `%20`: its spaces go as `?`; the gateway's own filter then drops any over-match). The
 * browser's own parameters are kept byte for byte.
 */
export function scopedStudyQuery(query: string, institutions: readonly string[], encoding: QueryValueEncoding): string {
  const added = [`includefield=${INSTITUTION_NAME}`];
  const [only] = institutions;
  if (institutions.length === 1 && only !== undefined && !queriesInstitution(query)) added.push(`InstitutionName=${encodeQueryValue(only.trim(), encoding)}`);
  return [query, ...added].filter(Boolean).join('&');
}

function institutionOf(item: Record<string, unknown>): string | undefined {
  const value = (item[INSTITUTION_NAME] as { Value?: unknown[] } | undefined)?.Value?.[0];
  return typeof value === 'string' ? value : undefined;
}

/** A study search's answer is kept only for these institutions, or only for these studies (a share). */
export type StudySearchFilter = { institutions: readonly string[] } | { studyUids: readonly string[] };

const STUDY_INSTANCE_UID = '0020000D';

function studyUidOf(item: Record<string, unknown>): string | undefined {
  const value = (item[STUDY_INSTANCE_UID] as { Value?: unknown[] } | undefined)?.Value?.[0];
  return typeof value === 'string' ? value : undefined;
}

/** The studies of a QIDO-RS answer (DICOM JSON) that are in scope; undefined when it is not a list of objects. */
export function filterStudySearch(json: unknown, filter: StudySearchFilter | readonly string[]): Record<string, unknown>[] | undefined {
  if (!Array.isArray(json)) return undefined;
  if (!json.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) return undefined;
  const items = json as Record<string, unknown>[];
  if ('studyUids' in filter) {
    const uids = filter.studyUids;
    return items.filter((item) => {
      const uid = studyUidOf(item);
      return uid !== undefined && uids.includes(uid);
    });
  }
  const institutions = 'institutions' in filter ? filter.institutions : (filter as readonly string[]);
  return items.filter((item) => institutionInScope(institutions, institutionOf(item)));
}

/** Whether the raw query string already matches on StudyInstanceUID (by keyword or tag). */
function queriesStudyUid(query: string): boolean {
  return query.split('&').some((pair) => /^(?:studyinstanceuid|0020000d)=/i.test(pair));
}

/**
 * The archive query of a share session's study search: a link of one study on this source asks the
 * archive for that study only (unless the query already names a study); the gateway's filter decides
 * what is answered either way.
 */
export function sharedStudyQuery(query: string, studyUids: readonly string[]): string {
  const [only] = studyUids;
  if (studyUids.length !== 1 || only === undefined || queriesStudyUid(query)) return query;
  return [query, `StudyInstanceUID=${only}`].filter(Boolean).join('&');
}

function notFound(reply: FastifyReply): FastifyReply {
  return errorReply(reply, 404, 'not_found', 'The gateway does not forward this DICOMweb request.');
}

/** Registers the scope check as an onRequest hook; call right after registerDicomwebGate. */
export function registerScopeCheck(app: FastifyInstance, options: { studyFacts: StudyFactsLookup }): void {
  app.decorateRequest('scopeFilter', null);
  app.decorateRequest('shareFilter', null);
  app.addHook('onRequest', async (request, reply) => {
    const resource = request.dicomweb;
    const principal = request.principal;
    if (!resource || !principal) return;
    const decision = decideScope(principal.scope, resource, principal.share);
    // An upload refused before its body was read cannot continue on this connection.
    const closeUpload = () => {
      if (request.method === 'POST') reply.header('connection', 'close');
    };
    switch (decision.action) {
      case 'allow':
        return;
      case 'filter-studies':
        request.scopeFilter = decision.institutions;
        return;
      case 'filter-shared':
        request.shareFilter = decision.studyUids;
        return;
      case 'not-found':
        closeUpload();
        noteRefusal(request, {
          reason: 'scope',
          detail: principal.share ? 'a study or search outside the shared studies' : "a data source or a search outside the account's scope",
        });
        return notFound(reply);
      case 'refuse-store':
        closeUpload();
        if (principal.share) {
          noteRefusal(request, { reason: 'scope', detail: 'an upload under a share link' });
          return errorReply(reply, 403, 'forbidden', 'A shared link only shows images: it cannot store anything.');
        }
        noteRefusal(request, { reason: 'scope', detail: "an upload without a study of the account's institutions" });
        return errorReply(
          reply,
          403,
          'scope_store_refused',
          'Your account may upload only to a study of its institutions: upload to /studies/{StudyInstanceUID}.',
        );
      case 'check-study': {
        const facts = await options.studyFacts.factsOf(resource.sourceId, decision.studyUid);
        if (facts && institutionInScope(principal.scope.institutions, facts.institutionName)) return;
        closeUpload();
        noteRefusal(request, {
          reason: 'scope',
          detail: facts ? "a study of an institution outside the account's scope" : 'a study the archive does not know',
        });
        return notFound(reply);
      }
    }
  });
}
