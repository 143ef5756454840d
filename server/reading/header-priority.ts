import type { FastifyBaseLogger } from 'fastify';
import type { Dispatcher } from 'undici';
import { priorityFromHeader, type Priority } from '../../src/reading/reading-rules.ts';
import type { SourceConfig } from '../config.ts';
import { splitRoot } from '../dicomweb/upstream.ts';

/**
 * A study's priority as its header says: asked of the archive once per study, under the gateway's own
 * credentials: one instance of the study (QIDO-RS, `limit=1`), then that instance's metadata (WADO-RS),
 * which holds the Request Attributes Sequence and Study Priority ID. (Orthanc answers a QIDO-RS
 * `includefield` of a sequence or of a tag it does not index with nothing, so the metadata is read.)
 * The answer is kept in `reading_studies` by the caller.
 */

const STUDY_PRIORITY_ID = '0032000C';
const REQUEST_ATTRIBUTES_SEQUENCE = '00400275';
const REQUESTED_PROCEDURE_PRIORITY = '00401003';
const SERIES_INSTANCE_UID = '0020000E';
const SOP_INSTANCE_UID = '00080018';
const MAX_ANSWER_BYTES = 4 << 20;
const UID = /^[0-9]+(?:\.[0-9]+)*$/;

/** The archive path of the study's first instance. */
export function firstInstanceQuery(studyUid: string): string {
  return `/studies/${studyUid}/instances?limit=1`;
}

/** Whether an archive request is that lookup (stand-in archives in tests answer it). */
export function isFirstInstanceQuery(url: string | undefined): boolean {
  return /\/studies\/[0-9.]+\/instances\?limit=1$/.test(url ?? '');
}

function strings(element: unknown): string[] {
  const values = (element as { Value?: unknown[] } | undefined)?.Value;
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
}

/** The series and instance of the first item of a QIDO-RS instance search. */
export function firstInstanceOf(json: unknown): { seriesUid: string; instanceUid: string } | undefined {
  if (!Array.isArray(json)) return undefined;
  const [item] = json as Array<Record<string, unknown>>;
  if (typeof item !== 'object' || item === null) return undefined;
  const seriesUid = strings(item[SERIES_INSTANCE_UID])[0];
  const instanceUid = strings(item[SOP_INSTANCE_UID])[0];
  return seriesUid && instanceUid && UID.test(seriesUid) && UID.test(instanceUid) ? { seriesUid, instanceUid } : undefined;
}

/** The header priority in a DICOM JSON answer (an instance's metadata); undefined when it names none. */
export function priorityFromDicomJson(json: unknown): Priority | undefined {
  if (!Array.isArray(json)) return undefined;
  const [item] = json as Array<Record<string, unknown>>;
  if (typeof item !== 'object' || item === null) return undefined;
  const sequence = (item[REQUEST_ATTRIBUTES_SEQUENCE] as { Value?: unknown[] } | undefined)?.Value;
  const requested = Array.isArray(sequence)
    ? sequence.flatMap((entry) =>
        typeof entry === 'object' && entry !== null ? strings((entry as Record<string, unknown>)[REQUESTED_PROCEDURE_PRIORITY]) : [],
      )
    : [];
  return priorityFromHeader(requested, strings(item[STUDY_PRIORITY_ID])[0]);
}

export type HeaderPriorityLookup = (source: SourceConfig, studyUid: string) => Promise<{ priority: Priority | null } | undefined>;

/** Asks the archive; undefined when it could not be asked (tried again the next time the study is listed). */
export function createHeaderPriorityLookup(options: { agent: Dispatcher; log: Pick<FastifyBaseLogger, 'warn'>; timeoutMs?: number }): HeaderPriorityLookup {
  const timeoutMs = options.timeoutMs ?? 4_000;
  /** The DICOM JSON at `path` of the source; null for "nothing there" (204, empty), undefined on a failure. */
  const ask = async (source: SourceConfig, pathAndQuery: string): Promise<unknown> => {
    const { origin, basePath } = splitRoot(source.upstream.root);
    const answer = await options.agent.request({
      origin,
      path: `${basePath}${pathAndQuery}`,
      method: 'GET',
      headers: { accept: 'application/dicom+json', ...(source.upstream.authorization ? { authorization: source.upstream.authorization } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (answer.statusCode === 204 || answer.statusCode === 404) {
      await answer.body.dump();
      return null;
    }
    if (answer.statusCode !== 200) {
      await answer.body.dump();
      throw new Error(`the archive answered ${answer.statusCode}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of answer.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_ANSWER_BYTES) throw new Error('answer too large');
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    return text.trim() ? JSON.parse(text) : null;
  };
  return async (source, studyUid) => {
    try {
      const first = firstInstanceOf(await ask(source, firstInstanceQuery(studyUid)));
      if (!first) return { priority: null };
      const metadata = await ask(source, `/studies/${studyUid}/series/${first.seriesUid}/instances/${first.instanceUid}/metadata`);
      return { priority: priorityFromDicomJson(metadata) ?? null };
    } catch (error) {
      options.log.warn({ source: source.id, cause: (error as Error).message }, 'reading: the archive could not be asked for a priority');
      return undefined;
    }
  };
}
