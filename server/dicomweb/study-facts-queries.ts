import type { Queryable } from '../db/database.ts';
import type { StudyFacts } from './study-facts.ts';

/** The study_facts cache's SQL (migration 0002_audit.sql). */

export async function readStudyFacts(db: Queryable, sourceId: string, studyUid: string, maxAgeS: number): Promise<StudyFacts | undefined> {
  const [row] = await db.query<{ patient_id: string; issuer_of_patient_id: string; institution_name: string }>(
    `SELECT patient_id, issuer_of_patient_id, institution_name FROM study_facts
      WHERE source_id = $1 AND study_uid = $2 AND fetched_at > now() - make_interval(secs => $3)`,
    [sourceId, studyUid, maxAgeS],
  );
  return row ? { studyUid, patientId: row.patient_id, issuerOfPatientId: row.issuer_of_patient_id, institutionName: row.institution_name } : undefined;
}

export async function writeStudyFacts(db: Queryable, sourceId: string, facts: StudyFacts): Promise<void> {
  await db.query(
    `INSERT INTO study_facts (source_id, study_uid, patient_id, issuer_of_patient_id, institution_name) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (source_id, study_uid) DO UPDATE SET patient_id = EXCLUDED.patient_id, issuer_of_patient_id = EXCLUDED.issuer_of_patient_id,
       institution_name = EXCLUDED.institution_name, fetched_at = now()`,
    [sourceId, facts.studyUid, facts.patientId, facts.issuerOfPatientId, facts.institutionName],
  );
}
