import { patientObject, requestorParticipant, studyObject, type AuditEvent, type Code, type PatientRef, type Requestor } from '../audit/record.ts';

/**
 * The reading shift in the audit trail: every claim, take-over, release and priority change of a study
 * is a Procedure Record event (DICOM 110111, action U: the study's reading record changed) by the
 * reader, naming the study and its patient; the description says what changed and, for a take-over,
 * whose claim it ended.
 */

export const PROCEDURE_RECORD: Code = { code: '110111', system: 'DCM', display: 'Procedure Record' };

export type ReadingChange = 'claimed' | 'taken-over' | 'released' | 'priority';

const TYPE: Record<ReadingChange, Code> = {
  claimed: { code: 'RR-CLAIM', system: 'Readroom', display: 'Study claimed for reading' },
  'taken-over': { code: 'RR-TAKE-OVER', system: 'Readroom', display: 'Reading claim taken over' },
  released: { code: 'RR-RELEASE', system: 'Readroom', display: 'Reading claim released' },
  priority: { code: 'RR-PRIORITY', system: 'Readroom', display: 'Reading priority set' },
};

export function readingChanged(change: {
  kind: ReadingChange;
  time: Date;
  sourceId: string;
  requestor: Requestor;
  studyUid: string;
  patient?: PatientRef | undefined;
  description: string;
}): AuditEvent {
  return {
    eventId: PROCEDURE_RECORD,
    eventTypes: [TYPE[change.kind]],
    action: 'U',
    time: change.time.toISOString(),
    outcome: 0,
    outcomeDescription: change.description,
    participants: [requestorParticipant(change.requestor)],
    source: { id: change.sourceId },
    objects: [studyObject(change.studyUid), ...(change.patient ? [patientObject(change.patient)] : [])],
  };
}
