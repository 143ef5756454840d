import {
  ID_TYPE,
  patientObject,
  requestorParticipant,
  studyObject,
  type AuditEvent,
  type Code,
  type ParticipantObject,
  type PatientRef,
  type Requestor,
} from '../audit/record.ts';

/**
 * Reports in the audit trail: a signature (preliminary or final) creates a report, an addendum updates
 * the patient's record; both are a Patient Record event (DICOM PS3.15 A.5.3.11: "Patient Record", C
 * or U) by the signing radiologist, naming the study, the patient and the report version.
 */

const patientRecord: Code = { code: '110110', system: 'DCM', display: 'Patient Record' };

export function reportObject(reportId: string): ParticipantObject {
  // Role 3: Report (ParticipantObjectTypeCodeRole).
  return { id: `report:${reportId}`, typeCode: 2, role: 3, idType: ID_TYPE.uri, name: 'Readroom report' };
}

export function reportSigned(event: {
  kind: 'preliminary' | 'final' | 'addendum';
  time: Date;
  sourceId: string;
  requestor: Requestor;
  reportId: string;
  version: number;
  studyUid: string;
  patient?: PatientRef | undefined;
}): AuditEvent {
  const what = event.kind === 'addendum' ? 'Addendum to the final report signed' : `Report signed ${event.kind}`;
  return {
    eventId: patientRecord,
    eventTypes: [],
    action: event.kind === 'addendum' ? 'U' : 'C',
    time: event.time.toISOString(),
    outcome: 0,
    outcomeDescription: `${what} (version ${event.version})`,
    participants: [requestorParticipant(event.requestor)],
    source: { id: event.sourceId },
    objects: [reportObject(event.reportId), studyObject(event.studyUid), ...(event.patient?.id ? [patientObject(event.patient)] : [])],
  };
}
