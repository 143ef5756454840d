import {
  claimAnswerSchema,
  claimRefusalSchema,
  nextAnswerSchema,
  statusesAnswerSchema,
  type ClaimAnswer,
  type ClaimHolder,
  type StatusesAnswer,
  type StudyReading,
} from './reading-contract.ts';
import type { Priority } from './reading-rules.ts';
import { callGateway } from '../session/gateway-call.ts';

/**
 * The app's side of the reading shift's API (server/reading): statuses of a page of studies, claim,
 * heartbeat, release, take-over, priority, and the next unread study. Failures are values with a
 * message to show; a study someone else holds is its own answer (`held`).
 */

type Fetch = typeof fetch;
const defaultFetch: Fetch = (...args) => fetch(...args);
const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

export type ReadingResult<T> = { ok: true; value: T } | { ok: false; held?: ClaimHolder; lapsed?: boolean; message: string };

async function call<T>(url: string, method: string, json: unknown, parse: (json: unknown) => T, fallback: string, fetchImpl: Fetch): Promise<ReadingResult<T>> {
  const answer = await callGateway(url, { method, json, parse, fallback, fetchImpl });
  if (answer.ok) return { ok: true, value: answer.value };
  if (answer.status === 409) {
    const refusal = claimRefusalSchema.safeParse(answer.body);
    if (refusal.success) return { ok: false, held: refusal.data.holder, message: refusal.data.message };
  }
  return { ok: false, lapsed: answer.status === 410, message: answer.message };
}

const studyUrl = (uid: string, action: string) => `/api/reading/studies/${encodeURIComponent(uid)}/${action}`;
const sourceBody = (dataSource: string | undefined) => (dataSource ? { dataSource } : {});

export async function fetchStatuses(studyInstanceUids: readonly string[], dataSource: string | undefined, signal?: AbortSignal): Promise<StatusesAnswer> {
  const res = await fetch('/api/reading/statuses', {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ ...sourceBody(dataSource), studyInstanceUids }),
    cache: 'no-store',
    ...(signal ? { signal } : {}),
  });
  if (!res.ok) throw new Error(`The reading statuses could not be loaded (${res.status}).`);
  return statusesAnswerSchema.parse(await res.json());
}

export type ClaimAction = 'claim' | 'heartbeat' | 'release' | 'take-over';

export function claimAction(
  action: ClaimAction,
  uid: string,
  dataSource: string | undefined,
  fetchImpl: Fetch = defaultFetch,
): Promise<ReadingResult<ClaimAnswer>> {
  return call(studyUrl(uid, action), 'POST', sourceBody(dataSource), (json) => claimAnswerSchema.parse(json), 'The study could not be claimed.', fetchImpl);
}

export function setPriority(
  uid: string,
  priority: Priority | null,
  dataSource: string | undefined,
  fetchImpl: Fetch = defaultFetch,
): Promise<ReadingResult<StudyReading>> {
  return call(
    studyUrl(uid, 'priority'),
    'PUT',
    { ...sourceBody(dataSource), priority },
    (json) => claimAnswerSchema.parse(json).study,
    'The priority could not be set.',
    fetchImpl,
  );
}

export function claimNext(
  candidates: readonly string[],
  dataSource: string | undefined,
  fetchImpl: Fetch = defaultFetch,
): Promise<ReadingResult<string | null>> {
  return call(
    '/api/reading/next',
    'POST',
    { ...sourceBody(dataSource), candidates },
    (json) => nextAnswerSchema.parse(json).studyInstanceUid,
    'The next study could not be found.',
    fetchImpl,
  );
}
