import type { Dispatcher } from 'undici';
import { encodeQueryValue } from '../../src/dicomweb/query-encoding.ts';
import type { SourceConfig } from '../config.ts';
import { archiveQido } from '../dicomweb/archive-qido.ts';

/**
 * What peer review asks of a study's archive, under the gateway's own credentials: the study's instances
 * (a key image must be one of them) and the patient's other studies (the prior-study rule).
 */

const MAX_ANSWER_BYTES = 8 << 20;
const SERIES_UID = '0020000E';
const SOP_CLASS_UID = '00080016';
const SOP_INSTANCE_UID = '00080018';
const STUDY_UID = '0020000D';
const STUDY_DATE = '00080020';
const PATIENT_ID = '00100020';
const ISSUER = '00100021';

type DicomJson = Array<Record<string, { Value?: unknown[] } | undefined>>;

const first = (item: Record<string, { Value?: unknown[] } | undefined>, tag: string): string => {
  const value = item[tag]?.Value?.[0];
  return typeof value === 'string' ? value : '';
};

async function qido(agent: Dispatcher, source: SourceConfig, path: string, timeoutMs: number): Promise<DicomJson> {
  const json = await archiveQido(agent, source, path, { timeoutMs, maxBytes: MAX_ANSWER_BYTES });
  return Array.isArray(json) ? (json.filter((item) => typeof item === 'object' && item !== null) as DicomJson) : [];
}

export interface StudyInstance {
  seriesInstanceUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

/** Every instance of the study, by SOP Instance UID. Throws ArchiveUnavailableError when the archive cannot be asked. */
export async function studyInstances(agent: Dispatcher, source: SourceConfig, studyUid: string, timeoutMs = 10_000): Promise<Map<string, StudyInstance>> {
  const fields = [SERIES_UID, SOP_CLASS_UID, SOP_INSTANCE_UID].map((tag) => `includefield=${tag}`).join('&');
  const items = await qido(agent, source, `/studies/${studyUid}/instances?${fields}`, timeoutMs);
  const instances = new Map<string, StudyInstance>();
  for (const item of items) {
    const instance = { seriesInstanceUid: first(item, SERIES_UID), sopClassUid: first(item, SOP_CLASS_UID), sopInstanceUid: first(item, SOP_INSTANCE_UID) };
    if (instance.sopInstanceUid) instances.set(instance.sopInstanceUid, instance);
  }
  return instances;
}

/** Whether the patient has a study dated before `studyDate` in the archive (same patient ID and issuer). */
export async function hasEarlierStudy(
  agent: Dispatcher,
  source: SourceConfig,
  patient: { id: string; issuer: string },
  study: { uid: string; date: string },
  timeoutMs = 10_000,
): Promise<boolean> {
  if (!patient.id || !/^[0-9]{8}$/.test(study.date)) return false;
  const value = encodeQueryValue(patient.id, source.quirks.queryValueEncoding);
  const fields = [STUDY_UID, STUDY_DATE, PATIENT_ID, ISSUER].map((tag) => `includefield=${tag}`).join('&');
  const items = await qido(agent, source, `/studies?PatientID=${value}&${fields}`, timeoutMs);
  // A literal-encoding archive may answer wildcard matches: only the same patient counts.
  return items.some(
    (item) =>
      first(item, PATIENT_ID) === patient.id &&
      first(item, ISSUER) === patient.issuer &&
      first(item, STUDY_UID) !== study.uid &&
      /^[0-9]{8}$/.test(first(item, STUDY_DATE)) &&
      first(item, STUDY_DATE) < study.date,
  );
}
