import { callGateway, type Fetch, type GatewayAnswer } from '../session/gateway-call.ts';
import {
  arbitrateBody,
  arbitrationListSchema,
  caseViewSchema,
  pseudonymsSchema,
  queueSchema,
  readerTaskSchema,
  readerTasksSchema,
  reviewSchema,
  statisticsSchema,
  summarySchema,
  type AddCaseBody,
  type ArbitrateBody,
  type CaseView,
  type PeerReviewSummary,
  type Queue,
  type ReaderTask,
  type Review,
  type Statistics,
  type SubmitReviewBody,
} from './peer-review-contract.ts';
import type { z } from 'zod';

/**
 * The app's client of the peer-review routes (src/peer-review/peer-review-contract.ts). Each call resolves
 * to the parsed answer or throws a `PeerReviewError` carrying the gateway's message, status and error code
 * (`comment_required`, a 409 when another reviewer has the case), so pages can show the gateway's words.
 */

export class PeerReviewError extends Error {
  override name = 'PeerReviewError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export const PEER_REVIEW_BASE = '/api/peer-review';
export const EXPORT_CSV_URL = `${PEER_REVIEW_BASE}/export.csv`;

const id = (value: string) => encodeURIComponent(value);

function valueOf<T>(answer: GatewayAnswer<T>): T {
  if (answer.ok) return answer.value;
  throw new PeerReviewError(answer.message, answer.status, answer.error);
}

interface Options {
  signal?: AbortSignal | undefined;
  fetchImpl?: Fetch | undefined;
}

async function get<T>(path: string, schema: z.ZodType<T>, fallback: string, options: Options): Promise<T> {
  return valueOf(
    await callGateway(`${PEER_REVIEW_BASE}${path}`, {
      parse: (body) => schema.parse(body),
      fallback,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
    }),
  );
}

async function post<T>(path: string, json: unknown, parse: (body: unknown) => T, fallback: string, options: Options): Promise<T> {
  return valueOf(
    await callGateway(`${PEER_REVIEW_BASE}${path}`, {
      method: 'POST',
      json,
      parse,
      fallback,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
    }),
  );
}

export const fetchQueue = (options: Options = {}): Promise<Queue> => get('/queue', queueSchema, 'Loading the review queue failed', options);

/** Opening a case assigns it to the caller; a 409 means another reviewer has it. */
export const openCase = (caseId: string, options: Options = {}): Promise<CaseView> =>
  get(`/cases/${id(caseId)}`, caseViewSchema, 'Opening the review case failed', options);

/** The review as the gateway answers a score: the case view with its review (prsrv), or the review itself. */
function reviewOf(answer: unknown): Review {
  const view = caseViewSchema.safeParse(answer);
  if (view.success && view.data.review) return view.data.review;
  return reviewSchema.parse(answer);
}

export const submitReview = (caseId: string, body: SubmitReviewBody, options: Options = {}): Promise<Review> =>
  post(`/cases/${id(caseId)}/review`, body, reviewOf, 'Submitting the review failed', options);

/** The id of a case the gateway answers with: `{ case: { id } }` (prsrv) or the case itself. */
function caseIdOf(answer: unknown): { id: string } {
  const value = answer as { id?: unknown; case?: { id?: unknown } } | undefined;
  const found = value?.case?.id ?? value?.id;
  if (typeof found !== 'string') throw new TypeError('no case id');
  return { id: found };
}

/** A study added by hand; the answer names the new case. */
export const addCase = (body: AddCaseBody, options: Options = {}): Promise<{ id: string }> =>
  post('/cases', body, caseIdOf, 'Adding the study failed', options);

export const fetchArbitration = (options: Options = {}) => get('/arbitration', arbitrationListSchema, 'Loading the arbitration queue failed', options);

/** Rejects a decision without a note before sending it. */
export async function arbitrate(reviewId: string, body: ArbitrateBody, options: Options = {}): Promise<void> {
  const parsed = arbitrateBody.safeParse(body);
  if (!parsed.success) throw new PeerReviewError('A decision needs a note.', null, 'invalid');
  await post(`/arbitration/${id(reviewId)}`, parsed.data, () => undefined, 'Saving the decision failed', options);
}

export const fetchTasks = (options: Options = {}): Promise<ReaderTask[]> =>
  get('/tasks', readerTasksSchema, 'Loading your review tasks failed', options).then((answer) => answer.tasks);

/** Closes a task without an addendum; the answer is the closed task (`{ task }`, or the task) when the gateway sends it. */
export const closeTask = (taskId: string, note: string, options: Options = {}): Promise<ReaderTask | undefined> =>
  post(
    `/tasks/${id(taskId)}/close`,
    { note },
    (answer) => readerTaskSchema.safeParse((answer as { task?: unknown } | undefined)?.task ?? answer).data,
    'Closing the task failed',
    options,
  );

export const fetchStatistics = (options: Options = {}): Promise<Statistics> =>
  get('/statistics', statisticsSchema, 'Loading the peer-review figures failed', options);

export const fetchPseudonyms = (options: Options = {}) =>
  get('/pseudonyms', pseudonymsSchema, 'Loading the pseudonyms failed', options).then((answer) => answer.pseudonyms);

export const fetchSummary = (options: Options = {}): Promise<PeerReviewSummary> =>
  get('/summary', summarySchema, 'Loading the peer-review counts failed', options);
