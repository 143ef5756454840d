import type { FastifyBaseLogger } from 'fastify';
import type { Dispatcher } from 'undici';
import { priorityFromHeader, type Priority } from '../../src/reading/reading-rules.ts';
import type { SourceConfig } from '../config.ts';
import { splitRoot } from '../dicomweb/upstream.ts';

/**
 * A study's priority as its header says: asked of the archive once per study (an instance search of the
 * study, one instance, with Study Priority ID and the Request Attributes Sequence), under the gateway's
 * own credentials; the answer is kept in `reading_studies` by the caller.
 */

const STUDY_PRIORITY_ID = '0032000C';
const REQUEST_ATTRIBUTES_SEQUENCE = '00400275';
const REQUESTED_PROCEDURE_PRIORITY = '00401003';
const MAX_ANSWER_BYTES = 1 << 20;

export function headerPriorityQuery(studyUid: string): string {
  return `/studies/${studyUid}/instances?limit=1&includefield=${STUDY_PRIORITY_ID}&includefield=${REQUEST_ATTRIBUTES_SEQUENCE}`;
}

/** Whether an archive request is this lookup (stand-in archives in tests answer it). */
export function isHeaderPriorityQuery(url: string | undefined): boolean {
  return /\/studies\/[0-9.]+\/instances\?limit=1&includefield=0032000C&includefield=00400275$/.test(url ?? '');
}

function strings(element: unknown): string[] {
  const values = (element as { Value?: unknown[] } | undefined)?.Value;
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
}

/** The header priority in a QIDO-RS answer (DICOM JSON); undefined when it names none. */
export function priorityFromQidoAnswer(json: unknown): Priority | undefined {
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
  const timeoutMs = options.timeoutMs ?? 2_000;
  return async (source, studyUid) => {
    const { origin, basePath } = splitRoot(source.upstream.root);
    try {
      const answer = await options.agent.request({
        origin,
        path: `${basePath}${headerPriorityQuery(studyUid)}`,
        method: 'GET',
        headers: { accept: 'application/dicom+json', ...(source.upstream.authorization ? { authorization: source.upstream.authorization } : {}) },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (answer.statusCode === 204) {
        await answer.body.dump();
        return { priority: null };
      }
      if (answer.statusCode !== 200) {
        await answer.body.dump();
        options.log.warn({ source: source.id, status: answer.statusCode }, 'reading: the archive refused the priority query');
        return undefined;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of answer.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_ANSWER_BYTES) throw new Error('answer too large');
        chunks.push(chunk as Buffer);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      return { priority: text.trim() ? (priorityFromQidoAnswer(JSON.parse(text)) ?? null) : null };
    } catch (error) {
      options.log.warn({ source: source.id, cause: (error as Error).message }, 'reading: the archive could not be asked for a priority');
      return undefined;
    }
  };
}
