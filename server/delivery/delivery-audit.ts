import { ID_TYPE, patientObject, studyObject, type AuditEvent, type Code, type Outcome, type ParticipantObject } from '../audit/record.ts';
import { DESTINATION_LABELS, type Destination } from './destinations.ts';
import { isKosRow, type AnyOutboxRow, type OutboxRow } from './outbox-store.ts';

/**
 * Report deliveries in the audit trail: each attempt's outcome is an Export (DICOM 110106) of the report
 * by its author (the signature started it) to the destination, naming the patient, the study and the
 * report; a manual "retry now" is a Use of Restricted Function by the admin.
 */

const EXPORT: Code = { code: '110106', system: 'DCM', display: 'Export' };
const DESTINATION_ROLE: Code = { code: '110152', system: 'DCM', display: 'Destination Role ID' };
const RESTRICTED_FUNCTION: Code = { code: '110132', system: 'DCM', display: 'Use of Restricted Function' };
const APPLICATION_ACTIVITY: Code = { code: '110100', system: 'DCM', display: 'Application Activity' };

function reportObject(row: AnyOutboxRow): ParticipantObject {
  return {
    id: isKosRow(row) ? `peer-review:${row.reportId}` : row.reportId,
    typeCode: 2,
    role: 3,
    idType: ID_TYPE.uri,
    name: isKosRow(row) ? 'Readroom key image selection' : 'Readroom report',
    details: [
      { type: 'Destination', value: row.destination },
      { type: 'MessageId', value: row.messageId },
      { type: 'Attempt', value: String(row.attempts) },
    ],
  };
}

function subjectObjects(row: AnyOutboxRow): ParticipantObject[] {
  const patient = isKosRow(row) ? row.kos.patient : row.report.patient;
  return [studyObject(row.studyUid), ...(patient.id ? [patientObject({ id: patient.id, ...(patient.issuer ? { issuer: patient.issuer } : {}) })] : [])];
}

/** Who started a delivery: the report's author, or the gateway itself for a review's key images (the reviewer stays unnamed). */
function starter(row: AnyOutboxRow): { userId: string; userName: string } {
  return isKosRow(row)
    ? { userId: 'readroom-gateway', userName: 'Readroom peer review' }
    : { userId: row.report.author.username, userName: row.report.author.displayName };
}

export function deliveryAttempted(options: {
  row: AnyOutboxRow;
  state: 'delivered' | 'retrying' | 'failed';
  receiver: string;
  description: string;
  auditSourceId: string;
  time: Date;
}): AuditEvent {
  const outcome: Outcome = options.state === 'delivered' ? 0 : options.state === 'retrying' ? 4 : 8;
  return {
    eventId: EXPORT,
    eventTypes: [],
    action: 'R',
    time: options.time.toISOString(),
    outcome,
    outcomeDescription: options.description,
    participants: [
      { ...starter(options.row), isRequestor: true },
      { userId: options.receiver, userName: DESTINATION_LABELS[options.row.destination], isRequestor: false, roles: [DESTINATION_ROLE] },
    ],
    source: { id: options.auditSourceId },
    objects: [reportObject(options.row), ...subjectObjects(options.row)],
  };
}

export function deliveryRetryRequested(options: {
  row: OutboxRow;
  requestor: { userId: string; userName?: string; address: string };
  auditSourceId: string;
  time: Date;
}): AuditEvent {
  return {
    eventId: APPLICATION_ACTIVITY,
    eventTypes: [RESTRICTED_FUNCTION],
    action: 'E',
    time: options.time.toISOString(),
    outcome: 0,
    outcomeDescription: `Report delivery retry requested (${DESTINATION_LABELS[options.row.destination]})`,
    participants: [
      {
        userId: options.requestor.userId,
        ...(options.requestor.userName ? { userName: options.requestor.userName } : {}),
        isRequestor: true,
        ...(options.requestor.address ? { networkAccessPoint: { id: options.requestor.address, type: 2 as const } } : {}),
      },
    ],
    source: { id: options.auditSourceId },
    objects: [reportObject(options.row), ...subjectObjects(options.row)],
  };
}

export function receiverName(destination: Destination, where: string): string {
  return `${destination}:${where}`;
}
