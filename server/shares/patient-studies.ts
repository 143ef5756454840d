import type { Dispatcher } from 'undici';
import { encodeQueryValue } from '../../src/dicomweb/query-encoding.ts';
import type { SourceConfig } from '../config.ts';
import { splitRoot } from '../dicomweb/upstream.ts';

/**
 * The other studies of a patient in one archive, for a link that includes the priors: the same patient
 * ID and, when the study has one, the same issuer (IHE PIX: the issuer is part of the identifier; as
 * src/priors/patient-identity.ts decides). Asked once, at creation, under the gateway's credentials;
 * the link then keeps the list (later studies of the patient are not added).
 */

const STUDY_INSTANCE_UID = '0020000D';
const PATIENT_ID = '00100020';
const ISSUER_OF_PATIENT_ID = '00100021';
const INSTITUTION_NAME = '00080080';
const MAX_ANSWER_BYTES = 4 << 20;
export const MAX_PRIORS = 50;

export interface PatientStudy {
  studyUid: string;
  institutionName: string;
}

function firstString(item: Record<string, unknown>, tag: string): string {
  const value = (item[tag] as { Value?: unknown[] } | undefined)?.Value?.[0];
  return typeof value === 'string' ? value : '';
}

/** The studies of a QIDO-RS answer that belong to this patient (exact ID, and issuer when given). */
export function studiesOfPatient(json: unknown, patient: { id: string; issuer: string }): PatientStudy[] {
  if (!Array.isArray(json)) return [];
  const studies: PatientStudy[] = [];
  for (const entry of json) {
    if (typeof entry !== 'object' || entry === null) continue;
    const item = entry as Record<string, unknown>;
    const studyUid = firstString(item, STUDY_INSTANCE_UID);
    if (!studyUid || firstString(item, PATIENT_ID).trim() !== patient.id.trim()) continue;
    if (patient.issuer.trim() && firstString(item, ISSUER_OF_PATIENT_ID).trim() !== patient.issuer.trim()) continue;
    studies.push({ studyUid, institutionName: firstString(item, INSTITUTION_NAME) });
  }
  return studies;
}

export async function findPatientStudies(
  agent: Dispatcher,
  source: SourceConfig,
  patient: { id: string; issuer: string },
  timeoutMs = 10_000,
): Promise<PatientStudy[]> {
  const { origin, basePath } = splitRoot(source.upstream.root);
  const encoding = source.quirks.queryValueEncoding;
  const query = [
    `PatientID=${encodeQueryValue(patient.id, encoding)}`,
    `includefield=${PATIENT_ID}`,
    `includefield=${ISSUER_OF_PATIENT_ID}`,
    `includefield=${INSTITUTION_NAME}`,
    `limit=${MAX_PRIORS + 1}`,
  ].join('&');
  const answer = await agent.request({
    origin,
    path: `${basePath}/studies?${query}`,
    method: 'GET',
    headers: { accept: 'application/dicom+json', ...(source.upstream.authorization ? { authorization: source.upstream.authorization } : {}) },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (answer.statusCode === 204) {
    await answer.body.dump();
    return [];
  }
  if (answer.statusCode !== 200) {
    await answer.body.dump();
    throw new Error(`the archive answered ${answer.statusCode} to the patient's study search`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer.body) {
    size += (chunk as Buffer).length;
    if (size > MAX_ANSWER_BYTES) throw new Error("the archive's answer is too large");
    chunks.push(chunk as Buffer);
  }
  return studiesOfPatient(size === 0 ? [] : JSON.parse(Buffer.concat(chunks).toString('utf8')), patient);
}
