import { z } from 'zod';
import { callGateway } from '../session/gateway-call.ts';
import { sessionFetch } from '../session/session-fetch.ts';
import {
  draftConflictSchema,
  draftSchema,
  reportStateSchema,
  signedReportSchema,
  type DraftContent,
  type ReportDraft,
  type ReportState,
  type SignedReportView,
} from './report-contract.ts';

/**
 * The app's side of the reports' API (server/reports). Requests go through `sessionFetch`: one refused
 * because the session ended waits for the reader to sign in again and is then sent again, so an autosave
 * made while signed out arrives afterwards. Every failure is a value with a message to show.
 */

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;
const defaultFetch: Fetch = (url, init) => sessionFetch(url, init);
export type Failure = { ok: false; status: number; message: string };

/** A failed answer as this module reports it: status 0 when the gateway did not answer. */
function failureOf(answer: { status: number | null; message: string }): Failure {
  return { ok: false, status: answer.status ?? 0, message: answer.message };
}

function reportUrl(studyInstanceUid: string, sourceId: string | undefined, tail = ''): string {
  const query = sourceId ? `?source=${encodeURIComponent(sourceId)}` : '';
  return `/api/reports/${encodeURIComponent(studyInstanceUid)}${tail}${query}`;
}

export async function fetchReportState(studyInstanceUid: string, sourceId: string | undefined, fetchImpl: Fetch = defaultFetch): Promise<ReportState> {
  const answer = await callGateway(reportUrl(studyInstanceUid, sourceId), {
    parse: (body) => reportStateSchema.parse(body),
    fallback: "The study's reports could not be read.",
    fetchImpl,
  });
  if (!answer.ok) throw new Error(answer.message);
  return answer.value;
}

export type DraftSaveResult = { ok: true; draft: ReportDraft } | { ok: false; conflict: ReportDraft; message: string } | (Failure & { conflict?: undefined });

export async function saveReportDraft(
  studyInstanceUid: string,
  sourceId: string | undefined,
  content: DraftContent,
  baseRevision: number,
  fetchImpl: Fetch = defaultFetch,
): Promise<DraftSaveResult> {
  const answer = await callGateway(reportUrl(studyInstanceUid, sourceId, '/draft'), {
    method: 'PUT',
    json: { ...content, baseRevision },
    parse: (body) => draftSchema.parse((body as { draft?: unknown } | undefined)?.draft),
    fallback: 'The draft could not be saved.',
    fetchImpl,
  });
  if (answer.ok) return { ok: true, draft: answer.value };
  if (answer.status === 409) {
    const conflict = draftConflictSchema.safeParse(answer.body);
    if (conflict.success) return { ok: false, conflict: conflict.data.current, message: conflict.data.message };
  }
  return failureOf(answer);
}

export type SignResult = { ok: true; report: SignedReportView; state: ReportState; warnings: string[] } | Failure;

const signedAnswer = z.object({ report: signedReportSchema, state: reportStateSchema, warnings: z.array(z.string()).catch([]) });

async function signing(url: string, json: unknown, fallback: string, fetchImpl: Fetch): Promise<SignResult> {
  const answer = await callGateway(url, { method: 'POST', json, parse: (body) => signedAnswer.parse(body), fallback, fetchImpl });
  return answer.ok ? { ok: true, ...answer.value } : failureOf(answer);
}

export function signReport(
  studyInstanceUid: string,
  sourceId: string | undefined,
  status: 'preliminary' | 'final',
  revision: number,
  fetchImpl: Fetch = defaultFetch,
): Promise<SignResult> {
  return signing(reportUrl(studyInstanceUid, sourceId, '/sign'), { status, revision }, 'The report could not be signed.', fetchImpl);
}

export function addAddendum(studyInstanceUid: string, sourceId: string | undefined, text: string, fetchImpl: Fetch = defaultFetch): Promise<SignResult> {
  return signing(reportUrl(studyInstanceUid, sourceId, '/addenda'), { text }, 'The addendum could not be signed.', fetchImpl);
}
