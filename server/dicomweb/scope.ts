import type { FastifyInstance, FastifyReply } from 'fastify';
import { encodeQueryValue } from '../../src/dicomweb/query-encoding.ts';
import type { Principal } from '../auth/principal.ts';
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

export function decideScope(scope: Scope, resource: DicomwebRequest): ScopeDecision {
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

/** The studies of a QIDO-RS answer (DICOM JSON) that are in scope; undefined when it is not a list of objects. */
export function filterStudySearch(json: unknown, institutions: readonly string[]): Record<string, unknown>[] | undefined {
  if (!Array.isArray(json)) return undefined;
  if (!json.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) return undefined;
  return (json as Record<string, unknown>[]).filter((item) => institutionInScope(institutions, institutionOf(item)));
}

function notFound(reply: FastifyReply): FastifyReply {
  return errorReply(reply, 404, 'not_found', 'The gateway does not forward this DICOMweb request.');
}

/** Registers the scope check as an onRequest hook; call right after registerDicomwebGate. */
export function registerScopeCheck(app: FastifyInstance, options: { studyFacts: StudyFactsLookup }): void {
  app.decorateRequest('scopeFilter', null);
  app.addHook('onRequest', async (request, reply) => {
    const resource = request.dicomweb;
    const principal = request.principal;
    if (!resource || !principal) return;
    const decision = decideScope(principal.scope, resource);
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
      case 'not-found':
        closeUpload();
        noteRefusal(request, { reason: 'scope', detail: "a data source or a search outside the account's scope" });
        return notFound(reply);
      case 'refuse-store':
        closeUpload();
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
