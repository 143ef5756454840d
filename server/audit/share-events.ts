import {
  EVENT,
  EVENT_TYPE,
  ID_TYPE,
  patientObject,
  requestorParticipant,
  studyObject,
  type AuditEvent,
  type Code,
  type Outcome,
  type ParticipantObject,
  type PatientRef,
  type Requestor,
} from './record.ts';

/**
 * Share links in the audit trail. Creating and revoking a link changes who may see a study: a Security
 * Alert (Object Security Attributes Changed) by the creator, naming the link, the studies and the
 * patient. Opening a link, and each refusal to open one (wrong passcode, blocked, expired, revoked, used
 * up, unknown), is a User Authentication (Login) of the link's recipient, `share:<id>`, from the client
 * address. What the recipient then reads is recorded as any reader's access, with `share:<id>` as the
 * user (server/audit/dicomweb-audit.ts), so a link's access history is a search by that user.
 */

const objectSecurityChanged: Code = { code: '110135', system: 'DCM', display: 'Object Security Attributes Changed' };

/** The user id of a link's recipient in the audit trail (and its principal's username). */
export function shareUserId(shareId: string): string {
  return `share:${shareId}`;
}

/** Who tried a token that opens no link. */
export const UNKNOWN_SHARE_USER = 'share:unknown';

export function shareObject(shareId: string): ParticipantObject {
  return { id: shareUserId(shareId), typeCode: 2, role: 13, idType: ID_TYPE.uri, name: 'Readroom share link' };
}

interface SharedStudyRef {
  studyUid: string;
  patient?: PatientRef | undefined;
}

function studiesAndPatients(studies: readonly SharedStudyRef[]): ParticipantObject[] {
  const objects: ParticipantObject[] = [];
  const seen = new Set<string>();
  for (const { studyUid, patient } of studies) {
    objects.push(studyObject(studyUid));
    const key = patient ? `${patient.id}\u0000${patient.issuer ?? ''}` : '';
    if (patient && !seen.has(key)) {
      seen.add(key);
      objects.push(patientObject(patient));
    }
  }
  return objects;
}

interface Common {
  time: Date;
  sourceId: string;
}

/** A link created (action C) or revoked (action D) by `requestor`. */
export function shareChanged(
  common: Common & { kind: 'created' | 'revoked'; requestor: Requestor; shareId: string; studies: readonly SharedStudyRef[]; description: string },
): AuditEvent {
  return {
    eventId: EVENT.securityAlert,
    eventTypes: [objectSecurityChanged],
    action: common.kind === 'created' ? 'C' : 'D',
    time: common.time.toISOString(),
    outcome: 0,
    outcomeDescription: common.description,
    participants: [requestorParticipant(common.requestor)],
    source: { id: common.sourceId },
    objects: [shareObject(common.shareId), ...studiesAndPatients(common.studies)],
  };
}

export type ShareExchangeOutcome = 'opened' | 'passcode-failed' | 'blocked' | 'expired' | 'revoked' | 'used-up' | 'refused-blocked' | 'unknown';

const EXCHANGE: Record<ShareExchangeOutcome, { outcome: Outcome; description: string }> = {
  opened: { outcome: 0, description: 'Share link opened' },
  'passcode-failed': { outcome: 4, description: 'Share link: wrong passcode' },
  blocked: { outcome: 8, description: 'Share link blocked after too many wrong passcodes' },
  expired: { outcome: 4, description: 'Share link refused: expired' },
  revoked: { outcome: 4, description: 'Share link refused: revoked' },
  'used-up': { outcome: 4, description: 'Share link refused: no uses left' },
  'refused-blocked': { outcome: 4, description: 'Share link refused: blocked' },
  unknown: { outcome: 4, description: 'Share link refused: no link with this token' },
};

/** An attempt to open a link (exchange its token for a share session), from `address`. */
export function shareExchanged(
  common: Common & { result: ShareExchangeOutcome; shareId?: string | undefined; address: string; studies?: readonly SharedStudyRef[]; detail?: string },
): AuditEvent {
  const { outcome, description } = EXCHANGE[common.result];
  const userId = common.shareId ? shareUserId(common.shareId) : UNKNOWN_SHARE_USER;
  return {
    eventId: EVENT.userAuthentication,
    eventTypes: [EVENT_TYPE.login],
    action: 'E',
    time: common.time.toISOString(),
    outcome,
    outcomeDescription: common.detail ? `${description} (${common.detail})` : description,
    participants: [requestorParticipant({ userId, userName: 'Share link recipient', address: common.address })],
    source: { id: common.sourceId },
    objects: [...(common.shareId ? [shareObject(common.shareId)] : []), ...studiesAndPatients(common.studies ?? [])],
  };
}
