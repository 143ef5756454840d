import type { ActiveParticipant, AuditEvent, Code, ParticipantObject } from './record.ts';

/**
 * Audit records as DICOM audit messages (PS3.15 A.5.1 schema, the XML that IHE ATNA sends by syslog).
 * Every value comes from outside (usernames as typed, DICOM strings from the archive, query strings),
 * so each is escaped, and characters XML 1.0 cannot carry at all are replaced by U+FFFD.
 */

// Tab, LF, CR and every other character XML 1.0 allows; the rest (other C0 controls, lone surrogates, U+FFFE/U+FFFF) are not representable.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value: also quotes, and whitespace as references (a parser would fold it into spaces). */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function attributes(pairs: Record<string, string | undefined>): string {
  return Object.entries(pairs)
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xmlAttribute(value)}"`)
    .join('');
}

function codedValue(element: string, code: Code): string {
  return `<${element}${attributes({ 'csd-code': code.code, codeSystemName: code.system, originalText: code.display })}/>`;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** HL7 v2 escapes, for the components of a CX patient identifier. */
function hl7Escape(value: string): string {
  return value.replace(/\\/g, '\\E\\').replace(/\^/g, '\\S\\').replace(/&/g, '\\T\\').replace(/~/g, '\\R\\').replace(/\|/g, '\\F\\');
}

/** PS3.15 names a patient by an HL7 CX identifier: `ID^^^Issuer` when the issuer is known. */
export function patientCx(id: string, issuer?: string): string {
  return issuer ? `${hl7Escape(id)}^^^${hl7Escape(issuer)}` : hl7Escape(id);
}

function activeParticipant(participant: ActiveParticipant): string {
  const attrs = attributes({
    UserID: participant.userId,
    UserName: participant.userName,
    UserIsRequestor: String(participant.isRequestor),
    NetworkAccessPointID: participant.networkAccessPoint?.id,
    NetworkAccessPointTypeCode: participant.networkAccessPoint ? String(participant.networkAccessPoint.type) : undefined,
  });
  const roles = (participant.roles ?? []).map((role) => codedValue('RoleIDCode', role)).join('');
  return roles ? `<ActiveParticipant${attrs}>${roles}</ActiveParticipant>` : `<ActiveParticipant${attrs}/>`;
}

function participantObject(object: ParticipantObject): string {
  const isPatient = object.typeCode === 1 && object.role === 1;
  const attrs = attributes({
    ParticipantObjectID: isPatient ? patientCx(object.id, object.issuer) : object.id,
    ParticipantObjectTypeCode: String(object.typeCode),
    ParticipantObjectTypeCodeRole: String(object.role),
  });
  const parts = [
    codedValue('ParticipantObjectIDTypeCode', object.idType),
    object.query !== undefined
      ? `<ParticipantObjectQuery>${base64(object.query)}</ParticipantObjectQuery>`
      : object.name
        ? `<ParticipantObjectName>${xmlText(object.name)}</ParticipantObjectName>`
        : '',
    ...(object.details ?? []).map((detail) => `<ParticipantObjectDetail${attributes({ type: detail.type, value: base64(detail.value) })}/>`),
  ];
  return `<ParticipantObjectIdentification${attrs}>${parts.join('')}</ParticipantObjectIdentification>`;
}

/** One `<AuditMessage>` element (no XML declaration: syslog sends it as it is). */
export function toDicomAuditMessage(event: AuditEvent): string {
  const identification = [
    `<EventIdentification${attributes({ EventActionCode: event.action, EventDateTime: event.time, EventOutcomeIndicator: String(event.outcome) })}>`,
    codedValue('EventID', event.eventId),
    ...event.eventTypes.map((type) => codedValue('EventTypeCode', type)),
    event.outcomeDescription ? `<EventOutcomeDescription>${xmlText(event.outcomeDescription)}</EventOutcomeDescription>` : '',
    '</EventIdentification>',
  ].join('');
  return [
    '<AuditMessage>',
    identification,
    ...event.participants.map(activeParticipant),
    `<AuditSourceIdentification${attributes({ AuditSourceID: event.source.id })}><AuditSourceTypeCode csd-code="4"/></AuditSourceIdentification>`,
    ...event.objects.map(participantObject),
    '</AuditMessage>',
  ].join('');
}

/** An export of several messages: one `<AuditMessage>` per record inside an `<AuditMessages>` list. */
export function toDicomAuditExport(events: readonly AuditEvent[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<AuditMessages>\n${events.map((event) => `${toDicomAuditMessage(event)}\n`).join('')}</AuditMessages>\n`;
}
