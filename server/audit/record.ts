/**
 * The audit event, in the shape of an IHE ATNA / DICOM PS3.15 A.5 audit message: what happened (event ID,
 * type codes, action), when, with which outcome, who took part (active participants: the user and their
 * network address, the archive) and what it touched (participant objects: patient, study, query).
 * Pure data and constructors; the chain (chain.ts) stores it and the exports (fhir.ts, dicom-xml.ts)
 * render it.
 */

export interface Code {
  code: string;
  /** Coding scheme designator: `DCM` (DICOM PS3.16), `RFC-3881`, … */
  system: string;
  display: string;
}

/** C create, R read, U update, D delete, E execute. */
export type ActionCode = 'C' | 'R' | 'U' | 'D' | 'E';
/** 0 success, 4 minor failure, 8 serious failure, 12 major failure. */
export type Outcome = 0 | 4 | 8 | 12;

export interface ActiveParticipant {
  userId: string;
  userName?: string;
  isRequestor: boolean;
  /** The client address (type 2, IP) or a host name (type 1). */
  networkAccessPoint?: { id: string; type: 1 | 2 };
  roles?: Code[];
}

export interface ParticipantObject {
  id: string;
  /** 1 person, 2 system object, 3 organization, 4 other. */
  typeCode: 1 | 2 | 3 | 4;
  /** ParticipantObjectTypeCodeRole: 1 patient, 3 report, … */
  role: number;
  idType: Code;
  /** Issuer of Patient ID, for a patient. */
  issuer?: string;
  name?: string;
  /** The query as sent (base64 only in the DICOM export). */
  query?: string;
  details?: Array<{ type: string; value: string }>;
}

export interface AuditEvent {
  eventId: Code;
  eventTypes: Code[];
  action: ActionCode;
  /** ISO 8601, UTC, milliseconds. */
  time: string;
  outcome: Outcome;
  outcomeDescription?: string;
  participants: ActiveParticipant[];
  /** The gateway that recorded it (AuditSourceID). */
  source: { id: string };
  objects: ParticipantObject[];
}

const dcm = (code: string, display: string): Code => ({ code, system: 'DCM', display });

export const EVENT = {
  auditLogUsed: dcm('110101', 'Audit Log Used'),
  beginTransferring: dcm('110102', 'Begin Transferring DICOM Instances'),
  instancesAccessed: dcm('110103', 'DICOM Instances Accessed'),
  instancesTransferred: dcm('110104', 'DICOM Instances Transferred'),
  query: dcm('110112', 'Query'),
  userAuthentication: dcm('110114', 'User Authentication'),
  securityAlert: dcm('110113', 'Security Alert'),
} as const;

export const EVENT_TYPE = {
  login: dcm('110122', 'Login'),
  logout: dcm('110123', 'Logout'),
  restrictedFunction: dcm('110132', 'Use of Restricted Function'),
} as const;

export const ROLE = {
  source: dcm('110153', 'Source Role ID'),
  destination: dcm('110152', 'Destination Role ID'),
} as const;

export const ID_TYPE = {
  patientNumber: { code: '2', system: 'RFC-3881', display: 'Patient Number' },
  studyInstanceUid: dcm('110180', 'Study Instance UID'),
  sopClassUid: dcm('110181', 'SOP Class UID'),
  userIdentifier: { code: '11', system: 'RFC-3881', display: 'User Identifier' },
  uri: { code: '12', system: 'RFC-3881', display: 'URI' },
} as const;

/** Study Root Query/Retrieve Information Model – FIND: what a QIDO-RS query asks of. */
export const STUDY_ROOT_FIND = '1.2.840.10008.5.1.4.1.2.2.1';

/** Whoever asked: the signed-in user (or the attempted username) and the address they came from. */
export interface Requestor {
  userId: string;
  userName?: string;
  address: string;
}

export interface PatientRef {
  id: string;
  issuer?: string;
}

/** An archive the gateway talks to, as the other active participant. */
export interface ArchiveRef {
  sourceId: string;
  label?: string;
}

export function requestorParticipant(requestor: Requestor, role?: Code): ActiveParticipant {
  return {
    userId: requestor.userId,
    ...(requestor.userName ? { userName: requestor.userName } : {}),
    isRequestor: true,
    ...(requestor.address ? { networkAccessPoint: { id: requestor.address, type: 2 as const } } : {}),
    ...(role ? { roles: [role] } : {}),
  };
}

function archiveParticipant(archive: ArchiveRef, role: Code): ActiveParticipant {
  return { userId: archive.sourceId, ...(archive.label ? { userName: archive.label } : {}), isRequestor: false, roles: [role] };
}

export function patientObject(patient: PatientRef): ParticipantObject {
  return { id: patient.id, typeCode: 1, role: 1, idType: ID_TYPE.patientNumber, ...(patient.issuer ? { issuer: patient.issuer } : {}) };
}

export function studyObject(studyUid: string): ParticipantObject {
  return { id: studyUid, typeCode: 2, role: 3, idType: ID_TYPE.studyInstanceUid };
}

function studyAndPatientObjects(studies: ReadonlyArray<{ studyUid: string; patient?: PatientRef | undefined }>): ParticipantObject[] {
  const objects: ParticipantObject[] = [];
  const patients = new Set<string>();
  for (const { studyUid, patient } of studies) {
    objects.push(studyObject(studyUid));
    const key = patient ? `${patient.id}\u0000${patient.issuer ?? ''}` : '';
    if (patient && !patients.has(key)) {
      patients.add(key);
      objects.push(patientObject(patient));
    }
  }
  return objects;
}

interface Common {
  time: Date;
  sourceId: string;
  outcome?: Outcome;
  outcomeDescription?: string | undefined;
}

function base(common: Common, eventId: Code, action: ActionCode, eventTypes: Code[] = []): Omit<AuditEvent, 'participants' | 'objects'> {
  return {
    eventId,
    eventTypes,
    action,
    time: common.time.toISOString(),
    outcome: common.outcome ?? 0,
    ...(common.outcomeDescription ? { outcomeDescription: common.outcomeDescription } : {}),
    source: { id: common.sourceId },
  };
}

/** Sign-in (Login) or sign-out (Logout), successful or not. The attempted username names a failed one. */
export function userAuthentication(common: Common & { kind: 'login' | 'logout'; requestor: Requestor }): AuditEvent {
  return {
    ...base(common, EVENT.userAuthentication, 'E', [common.kind === 'login' ? EVENT_TYPE.login : EVENT_TYPE.logout]),
    participants: [requestorParticipant(common.requestor)],
    objects: [],
  };
}

/**
 * A signed-in user refused (a permission the account lacks, or data outside its scope): a Security Alert,
 * Use of Restricted Function, with the request (method and path) and the study when it names one.
 */
export function accessRefused(common: Common & { requestor: Requestor; request: string; studyUid?: string | undefined }): AuditEvent {
  const requestObject: ParticipantObject = { id: common.request, typeCode: 2, role: 13, idType: ID_TYPE.uri };
  return {
    ...base({ ...common, outcome: common.outcome ?? 4 }, EVENT.securityAlert, 'E', [EVENT_TYPE.restrictedFunction]),
    participants: [requestorParticipant(common.requestor)],
    objects: [requestObject, ...(common.studyUid ? [studyObject(common.studyUid)] : [])],
  };
}

/** A QIDO-RS search: the query as sent, and the study and patient when it names them. */
export function dicomQuery(
  common: Common & { requestor: Requestor; archive: ArchiveRef; query: string; studyUid?: string | undefined; patient?: PatientRef | undefined },
): AuditEvent {
  const queryObject: ParticipantObject = {
    id: STUDY_ROOT_FIND,
    typeCode: 2,
    role: 3,
    idType: ID_TYPE.sopClassUid,
    query: common.query,
    details: [{ type: 'QueryEncoding', value: 'UTF-8' }],
  };
  const named = common.studyUid
    ? studyAndPatientObjects([{ studyUid: common.studyUid, patient: common.patient }])
    : common.patient
      ? [patientObject(common.patient)]
      : [];
  return {
    ...base(common, EVENT.query, 'E'),
    participants: [requestorParticipant(common.requestor, ROLE.source), archiveParticipant(common.archive, ROLE.destination)],
    objects: [queryObject, ...named],
  };
}

/** A study opened: its metadata read (DICOM Instances Accessed, Read). */
export function instancesAccessed(
  common: Common & { requestor: Requestor; archive: ArchiveRef; studyUid: string; patient?: PatientRef | undefined },
): AuditEvent {
  return {
    ...base(common, EVENT.instancesAccessed, 'R'),
    participants: [requestorParticipant(common.requestor), archiveParticipant(common.archive, ROLE.source)],
    objects: studyAndPatientObjects([common]),
  };
}

/** A study's instances, frames or renderings sent from the archive to the user (Read). */
export function instancesRetrieved(
  common: Common & { requestor: Requestor; archive: ArchiveRef; studyUid: string; patient?: PatientRef | undefined },
): AuditEvent {
  return {
    ...base(common, EVENT.instancesTransferred, 'R'),
    participants: [requestorParticipant(common.requestor, ROLE.destination), archiveParticipant(common.archive, ROLE.source)],
    objects: studyAndPatientObjects([common]),
  };
}

/** A STOW-RS upload starting (recorded before the archive is asked). */
export function storeBegun(
  common: Common & { requestor: Requestor; archive: ArchiveRef; studyUid?: string | undefined; patient?: PatientRef | undefined },
): AuditEvent {
  return {
    ...base(common, EVENT.beginTransferring, 'E'),
    participants: [requestorParticipant(common.requestor, ROLE.source), archiveParticipant(common.archive, ROLE.destination)],
    objects: common.studyUid ? studyAndPatientObjects([{ studyUid: common.studyUid, patient: common.patient }]) : [],
  };
}

/** A STOW-RS upload answered by the archive: the studies it stored into (Create). */
export function instancesStored(
  common: Common & { requestor: Requestor; archive: ArchiveRef; studies: ReadonlyArray<{ studyUid: string; patient?: PatientRef | undefined }> },
): AuditEvent {
  return {
    ...base(common, EVENT.instancesTransferred, 'C'),
    participants: [requestorParticipant(common.requestor, ROLE.source), archiveParticipant(common.archive, ROLE.destination)],
    objects: studyAndPatientObjects(common.studies),
  };
}

/** The audit trail read or exported; the query names the filters used. */
export function auditLogUsed(common: Common & { requestor: Requestor; query: string }): AuditEvent {
  return {
    ...base(common, EVENT.auditLogUsed, 'R'),
    participants: [requestorParticipant(common.requestor)],
    objects: [{ id: 'readroom-audit-trail', typeCode: 2, role: 13, idType: ID_TYPE.uri, name: 'Readroom audit trail', query: common.query }],
  };
}

/** The same event with another outcome (an archive that refused what the record let through). */
export function withOutcome(event: AuditEvent, outcome: Outcome, description: string, time: Date): AuditEvent {
  return { ...event, time: time.toISOString(), outcome, outcomeDescription: description };
}

/** The columns an event is searched by; stored beside it and checked against it by verify. */
export interface SearchFields {
  at: Date;
  eventCode: string;
  outcome: Outcome;
  userId: string;
  clientAddress: string;
  sourceId: string;
  patientIds: string[];
  studyUids: string[];
}

export function searchFieldsOf(event: AuditEvent): SearchFields {
  const requestor = event.participants.find((p) => p.isRequestor) ?? event.participants[0];
  const archive = event.participants.find((p) => !p.isRequestor);
  return {
    at: new Date(event.time),
    eventCode: event.eventId.code,
    outcome: event.outcome,
    userId: requestor?.userId ?? '',
    clientAddress: requestor?.networkAccessPoint?.id ?? '',
    sourceId: archive?.userId ?? '',
    patientIds: unique(event.objects.filter((o) => o.typeCode === 1 && o.role === 1).map((o) => o.id)),
    studyUids: unique(event.objects.filter((o) => o.idType.code === ID_TYPE.studyInstanceUid.code && o.idType.system === 'DCM').map((o) => o.id)),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The outcome of an HTTP status the archive or gateway answered. */
export function outcomeOfStatus(status: number): Outcome {
  if (status < 400) return 0;
  return status < 500 ? 4 : 8;
}
