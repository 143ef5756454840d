import type { Dispatcher } from 'undici';
import type { DicomJsonDataset } from '../../src/dicomweb/dicom-json.ts';
import { toStudySummary, type StudySummary } from '../../src/dicomweb/study-summary.ts';
import { Tag } from '../../src/dicomweb/tags.ts';
import type { SourceConfig } from '../config.ts';
import type { SignedReport } from '../delivery/signed-report.ts';
import { archiveQido } from '../dicomweb/archive-qido.ts';

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

/** The study's facts from its archive; undefined when the archive does not know the study. Throws ArchiveUnavailableError when it cannot be asked. */
export async function fetchReportFacts(agent: Dispatcher, source: SourceConfig, studyUid: string, timeoutMs = 10_000): Promise<ReportFacts | undefined> {
  const json = await archiveQido(agent, source, reportFactsQuery(studyUid), { timeoutMs, maxBytes: MAX_ANSWER_BYTES });
  return reportFactsFromQido(json, studyUid);
}
