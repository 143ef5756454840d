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
const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };
const UNREACHABLE = 'The Readroom server did not answer. Check the connection.';

export type Failure = { ok: false; status: number; message: string };

async function failureOf(res: Response, fallback: string): Promise<Failure> {
  const body = (await res.json().catch(() => undefined)) as { message?: unknown } | undefined;
  return { ok: false, status: res.status, message: typeof body?.message === 'string' ? body.message : fallback };
}

function reportUrl(studyInstanceUid: string, sourceId: string | undefined, tail = ''): string {
  const query = sourceId ? `?source=${encodeURIComponent(sourceId)}` : '';
  return `/api/reports/${encodeURIComponent(studyInstanceUid)}${tail}${query}`;
}

export async function fetchReportState(studyInstanceUid: string, sourceId: string | undefined, fetchImpl: Fetch = defaultFetch): Promise<ReportState> {
  const res = await fetchImpl(reportUrl(studyInstanceUid, sourceId), { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw new Error((await failureOf(res, "The study's reports could not be read.")).message);
  return reportStateSchema.parse(await res.json());
}

export type DraftSaveResult = { ok: true; draft: ReportDraft } | { ok: false; conflict: ReportDraft; message: string } | (Failure & { conflict?: undefined });

export async function saveReportDraft(
  studyInstanceUid: string,
  sourceId: string | undefined,
  content: DraftContent,
  baseRevision: number,
  fetchImpl: Fetch = defaultFetch,
): Promise<DraftSaveResult> {
  let res: Response;
  try {
    res = await fetchImpl(reportUrl(studyInstanceUid, sourceId, '/draft'), {
      method: 'PUT',
      headers: JSON_HEADERS,
      body: JSON.stringify({ ...content, baseRevision }),
      cache: 'no-store',
    });
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE };
  }
  if (res.status === 409) {
    const conflict = draftConflictSchema.safeParse(await res.json().catch(() => undefined));
    if (conflict.success) return { ok: false, conflict: conflict.data.current, message: conflict.data.message };
    return { ok: false, status: 409, message: 'The draft could not be saved.' };
  }
  if (!res.ok) return failureOf(res, 'The draft could not be saved.');
  const parsed = draftSchema.safeParse(((await res.json().catch(() => undefined)) as { draft?: unknown } | undefined)?.draft);
  return parsed.success
    ? { ok: true, draft: parsed.data }
    : { ok: false, status: res.status, message: 'The server answered the save in a way this page does not understand.' };
}

export type SignResult = { ok: true; report: SignedReportView; state: ReportState; warnings: string[] } | Failure;

async function signing(url: string, body: unknown, fallback: string, fetchImpl: Fetch): Promise<SignResult> {
  let res: Response;
  try {
    res = await fetchImpl(url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body), cache: 'no-store' });
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE };
  }
  if (!res.ok) return failureOf(res, fallback);
  const json = (await res.json()) as { report: unknown; state: unknown; warnings?: unknown };
  return {
    ok: true,
    report: signedReportSchema.parse(json.report),
    state: reportStateSchema.parse(json.state),
    warnings: Array.isArray(json.warnings) ? json.warnings.filter((w): w is string => typeof w === 'string') : [],
  };
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
