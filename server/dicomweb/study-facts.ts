import type { FastifyBaseLogger } from 'fastify';
import type { Dispatcher } from 'undici';
import type { SourceConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { readStudyFacts, writeStudyFacts } from './study-facts-queries.ts';
import { splitRoot } from './upstream.ts';

/**
 * What the gateway needs to know about a study that a request for it does not say: the patient it
 * belongs to (audit records name the patient) and the institution (scopes). Asked of the study's archive
 * once with a QIDO-RS study query under the gateway's own credentials, then kept in the database
 * (`study_facts`) for every replica; entries older than `maxAgeMs` are asked again, so a corrected
 * patient ID in the archive reaches new records.
 */

export interface StudyFacts {
  studyUid: string;
  /** '' when the archive has none. */
  patientId: string;
  issuerOfPatientId: string;
  institutionName: string;
}

export interface StudyFactsLookup {
  /** The facts, or undefined when the archive does not know the study or could not be asked. */
  factsOf(sourceId: string, studyUid: string): Promise<StudyFacts | undefined>;
}

const PATIENT_ID = '00100020';
const ISSUER_OF_PATIENT_ID = '00100021';
const INSTITUTION_NAME = '00080080';
const STUDY_INSTANCE_UID = '0020000D';
const MAX_ANSWER_BYTES = 1 << 20;

/** The archive path of the study query (UIDs are digits and dots: no encoding quirk applies). */
export function studyFactsQuery(studyUid: string): string {
  return `/studies?StudyInstanceUID=${studyUid}&includefield=${PATIENT_ID}&includefield=${ISSUER_OF_PATIENT_ID}&includefield=${INSTITUTION_NAME}`;
}

/** Whether an archive request (path and query) is the gateway's own study query (stand-in archives in tests answer it). */
export function isStudyFactsQuery(url: string | undefined): boolean {
  return /\/studies\?StudyInstanceUID=[0-9.]+&includefield=00100020&includefield=00100021&includefield=00080080$/.test(url ?? '');
}

function firstString(item: Record<string, unknown>, tag: string): string {
  const value = (item[tag] as { Value?: unknown[] } | undefined)?.Value?.[0];
  return typeof value === 'string' ? value : '';
}

/** Reads the facts from a QIDO-RS answer (DICOM JSON); undefined unless it holds the study. */
export function factsFromQidoAnswer(json: unknown, studyUid: string): StudyFacts | undefined {
  if (!Array.isArray(json)) return undefined;
  const item = json.find(
    (entry): entry is Record<string, unknown> =>
      typeof entry === 'object' && entry !== null && firstString(entry as Record<string, unknown>, STUDY_INSTANCE_UID) === studyUid,
  );
  if (!item) return undefined;
  return {
    studyUid,
    patientId: firstString(item, PATIENT_ID),
    issuerOfPatientId: firstString(item, ISSUER_OF_PATIENT_ID),
    institutionName: firstString(item, INSTITUTION_NAME),
  };
}

export interface StudyFactsOptions {
  db: Database;
  agent: Dispatcher;
  sources: readonly SourceConfig[];
  log: Pick<FastifyBaseLogger, 'warn'>;
  maxAgeMs?: number;
  /**
   * The longest the first request of a study waits for the archive's answer; after it the facts are
   * unknown for that request (an audit record then names the study without its patient).
   */
  timeoutMs?: number;
}

export function createStudyFacts(options: StudyFactsOptions): StudyFactsLookup {
  const maxAgeS = (options.maxAgeMs ?? 24 * 3_600_000) / 1000;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const byId = new Map(options.sources.map((source) => [source.id, source]));
  // The viewer asks for many frames of a new study at once: one archive query answers them all.
  const inFlight = new Map<string, Promise<StudyFacts | undefined>>();

  const askArchive = async (source: SourceConfig, studyUid: string): Promise<StudyFacts | undefined> => {
    const { origin, basePath } = splitRoot(source.upstream.root);
    try {
      const answer = await options.agent.request({
        origin,
        path: `${basePath}${studyFactsQuery(studyUid)}`,
        method: 'GET',
        headers: { accept: 'application/dicom+json', ...(source.upstream.authorization ? { authorization: source.upstream.authorization } : {}) },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (answer.statusCode !== 200) {
        await answer.body.dump();
        if (answer.statusCode !== 204) options.log.warn({ source: source.id, status: answer.statusCode }, 'study facts: the archive refused the study query');
        return undefined;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of answer.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_ANSWER_BYTES) throw new Error('answer too large');
        chunks.push(chunk as Buffer);
      }
      return factsFromQidoAnswer(JSON.parse(Buffer.concat(chunks).toString('utf8')), studyUid);
    } catch (error) {
      options.log.warn({ source: source.id, cause: (error as Error).message }, 'study facts: the archive could not be asked');
      return undefined;
    }
  };

  const lookUp = async (source: SourceConfig, studyUid: string): Promise<StudyFacts | undefined> => {
    const cached = await readStudyFacts(options.db, source.id, studyUid, maxAgeS);
    if (cached) return cached;
    const facts = await askArchive(source, studyUid);
    if (facts) await writeStudyFacts(options.db, source.id, facts);
    return facts;
  };

  return {
    factsOf(sourceId, studyUid) {
      const source = byId.get(sourceId);
      if (!source) return Promise.resolve(undefined);
      const key = `${sourceId}/${studyUid}`;
      const pending = inFlight.get(key);
      if (pending) return pending;
      const lookup = lookUp(source, studyUid).finally(() => inFlight.delete(key));
      inFlight.set(key, lookup);
      return lookup;
    },
  };
}
