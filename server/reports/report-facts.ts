import type { Dispatcher } from 'undici';
import type { DicomJsonDataset } from '../../src/dicomweb/dicom-json.ts';
import { toStudySummary, type StudySummary } from '../../src/dicomweb/study-summary.ts';
import { Tag } from '../../src/dicomweb/tags.ts';
import type { SourceConfig } from '../config.ts';
import type { SignedReport } from '../delivery/signed-report.ts';
import { splitRoot } from '../dicomweb/upstream.ts';

/**
 * The patient and study facts a signed report carries, asked of the study's archive at the moment of
 * signing (a QIDO-RS study query under the gateway's own credentials, as server/dicomweb/study-facts.ts
 * does): the report names the patient the archive names now, not what a browser sent.
 */

const FIELDS = [
  Tag.PatientName,
  Tag.PatientID,
  Tag.IssuerOfPatientID,
  Tag.PatientBirthDate,
  Tag.PatientSex,
  Tag.StudyDate,
  Tag.StudyTime,
  Tag.AccessionNumber,
  Tag.ModalitiesInStudy,
  Tag.StudyDescription,
  Tag.ReferringPhysicianName,
];
const INSTITUTION_NAME = '00080080';
const MAX_ANSWER_BYTES = 1 << 20;

export type ReportFacts = Pick<SignedReport, 'accessionNumber' | 'patient' | 'study'> & { institutionName: string };

export function reportFactsQuery(studyUid: string): string {
  return `/studies?StudyInstanceUID=${studyUid}${[...FIELDS, INSTITUTION_NAME].map((tag) => `&includefield=${tag}`).join('')}`;
}

/** The facts of `studyUid` in a QIDO-RS answer; undefined unless the answer holds that study. */
export function reportFactsFromQido(json: unknown, studyUid: string): ReportFacts | undefined {
  if (!Array.isArray(json)) return undefined;
  const item = (json as DicomJsonDataset[]).find((entry) => typeof entry === 'object' && entry !== null && toStudySummary(entry).studyInstanceUID === studyUid);
  if (!item) return undefined;
  const s: StudySummary = toStudySummary(item);
  const institution = (item[INSTITUTION_NAME] as { Value?: unknown[] } | undefined)?.Value?.[0];
  return {
    accessionNumber: s.accessionNumber,
    patient: { id: s.patientId, issuer: s.issuerOfPatientId, name: s.patientName, birthDate: s.patientBirthDate, sex: s.patientSex },
    study: { date: s.studyDate, time: s.studyTime, description: s.description, modalities: s.modalities, referringPhysician: s.referringPhysician },
    institutionName: typeof institution === 'string' ? institution : '',
  };
}

export class ArchiveUnavailableError extends Error {
  override name = 'ArchiveUnavailableError';
}

/** The study's facts from its archive; undefined when the archive does not know the study. Throws ArchiveUnavailableError when it cannot be asked. */
export async function fetchReportFacts(agent: Dispatcher, source: SourceConfig, studyUid: string, timeoutMs = 10_000): Promise<ReportFacts | undefined> {
  const { origin, basePath } = splitRoot(source.upstream.root);
  let answer: Dispatcher.ResponseData;
  try {
    answer = await agent.request({
      origin,
      path: `${basePath}${reportFactsQuery(studyUid)}`,
      method: 'GET',
      headers: { accept: 'application/dicom+json', ...(source.upstream.authorization ? { authorization: source.upstream.authorization } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new ArchiveUnavailableError((error as Error).message);
  }
  if (answer.statusCode === 204) {
    await answer.body.dump();
    return undefined;
  }
  if (answer.statusCode !== 200) {
    await answer.body.dump();
    throw new ArchiveUnavailableError(`the archive answered HTTP ${answer.statusCode}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer.body) {
    size += (chunk as Buffer).length;
    if (size > MAX_ANSWER_BYTES) throw new ArchiveUnavailableError('answer too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return reportFactsFromQido(JSON.parse(Buffer.concat(chunks).toString('utf8')), studyUid);
  } catch (error) {
    throw new ArchiveUnavailableError(`unreadable answer: ${(error as Error).message}`);
  }
}
