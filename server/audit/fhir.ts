import type { ActiveParticipant, AuditEvent, Code, ParticipantObject } from './record.ts';
import { ID_TYPE } from './record.ts';

/**
 * Audit records as FHIR R4 AuditEvent resources (following the DICOM ↔ FHIR mapping of the AuditEvent
 * resource: EventID → type, EventTypeCode → subtype, ActiveParticipant → agent, AuditSource → source,
 * ParticipantObject → entity), and a page of them as a `searchset` Bundle.
 */

export const DCM_SYSTEM = 'http://dicom.nema.org/resources/ontology/DCM';
const ENTITY_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/object-role';
const SOURCE_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/security-source-type';

const ENTITY_TYPES: Record<number, string> = { 1: 'Person', 2: 'System Object', 3: 'Organization', 4: 'Other' };
const OBJECT_ROLES: Record<number, string> = { 1: 'Patient', 2: 'Location', 3: 'Report', 4: 'Resource', 6: 'User', 13: 'Security Resource', 24: 'Query' };

export interface StoredAuditEvent {
  seq: number;
  event: AuditEvent;
}

type Json = Record<string, unknown>;

function coding(code: Code): Json {
  return { ...(code.system === 'DCM' ? { system: DCM_SYSTEM } : {}), code: code.code, display: code.display };
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function agentOf(participant: ActiveParticipant): Json {
  const [role] = participant.roles ?? [];
  return {
    ...(role ? { type: { coding: [coding(role)] } } : {}),
    who: { identifier: { value: participant.userId }, display: participant.userName ?? participant.userId },
    ...(participant.userName ? { name: participant.userName } : {}),
    requestor: participant.isRequestor,
    ...(participant.networkAccessPoint ? { network: { address: participant.networkAccessPoint.id, type: String(participant.networkAccessPoint.type) } } : {}),
  };
}

function whatOf(object: ParticipantObject): Json {
  const isUid = object.idType.system === 'DCM' && (object.idType.code === ID_TYPE.studyInstanceUid.code || object.idType.code === ID_TYPE.sopClassUid.code);
  if (isUid) return { identifier: { system: 'urn:dicom:uid', value: `urn:oid:${object.id}` } };
  if (object.typeCode === 1 && object.role === 1) {
    return { identifier: { value: object.id, ...(object.issuer ? { assigner: { display: object.issuer } } : {}) } };
  }
  return { identifier: { value: object.id }, ...(object.name ? { display: object.name } : {}) };
}

function entityOf(object: ParticipantObject): Json {
  return {
    what: whatOf(object),
    type: { system: ENTITY_TYPE_SYSTEM, code: String(object.typeCode), display: ENTITY_TYPES[object.typeCode] },
    role: { system: OBJECT_ROLE_SYSTEM, code: String(object.role), ...(OBJECT_ROLES[object.role] ? { display: OBJECT_ROLES[object.role] } : {}) },
    ...(object.name ? { name: object.name } : {}),
    ...(object.query !== undefined ? { query: base64(object.query) } : {}),
    ...(object.details?.length ? { detail: object.details.map((d) => ({ type: d.type, valueString: d.value })) } : {}),
  };
}

export function toFhirAuditEvent({ seq, event }: StoredAuditEvent): Json {
  return {
    resourceType: 'AuditEvent',
    id: String(seq),
    type: coding(event.eventId),
    ...(event.eventTypes.length ? { subtype: event.eventTypes.map(coding) } : {}),
    action: event.action,
    recorded: event.time,
    outcome: String(event.outcome),
    ...(event.outcomeDescription ? { outcomeDesc: event.outcomeDescription } : {}),
    agent: event.participants.map(agentOf),
    source: { observer: { display: event.source.id }, type: [{ system: SOURCE_TYPE_SYSTEM, code: '4', display: 'Application Server' }] },
    ...(event.objects.length ? { entity: event.objects.map(entityOf) } : {}),
  };
}

export function toFhirBundle(events: readonly StoredAuditEvent[], links: { self: string; next?: string | undefined }): Json {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    link: [{ relation: 'self', url: links.self }, ...(links.next ? [{ relation: 'next', url: links.next }] : [])],
    entry: events.map((stored) => ({ resource: toFhirAuditEvent(stored), search: { mode: 'match' } })),
  };
}
