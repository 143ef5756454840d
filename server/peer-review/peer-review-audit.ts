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
 * Peer review in the audit trail: every assignment (a study entering the pool by sampling or by hand, a case
 * opened by its reviewer), score, arbitration, reader task closed, study withdrawn, and export. Each names the
 * case (and the study and patient where there is one); the score and the decision are in its details. A
 * sampled study's actor is the gateway itself. Written before (or with) the change: no record, no change.
 */

const readroom = (code: string, display: string): Code => ({ code, system: '99READROOM', display });

export const PEER_REVIEW_EVENT: Code = readroom('PEER-REVIEW', 'Peer Review');
const EXPORT: Code = { code: '110106', system: 'DCM', display: 'Export' };

export const PEER_REVIEW_ACTIONS = {
  sampled: readroom('PR-SAMPLED', 'Study sampled for peer review'),
  added: readroom('PR-ADDED', 'Study added to peer review'),
  opened: readroom('PR-OPENED', 'Peer review case assigned'),
  scored: readroom('PR-SCORED', 'Peer review score'),
  arbitrated: readroom('PR-ARBITRATED', 'Peer review arbitration'),
  taskClosed: readroom('PR-TASK-CLOSED', 'Peer review task closed'),
  withdrawn: readroom('PR-WITHDRAWN', 'Peer review case withdrawn'),
  exported: readroom('PR-EXPORT', 'Peer review export'),
} as const;
export type PeerReviewAction = keyof typeof PEER_REVIEW_ACTIONS;

/** The gateway as the actor of what no person did (a study sampled at random, a case withdrawn by an addendum). */
export const GATEWAY_ACTOR: Requestor = { userId: 'readroom-gateway', userName: 'Readroom gateway', address: '' };

function caseObject(caseId: string, details: Record<string, string>): ParticipantObject {
  return {
    id: `peer-review-case:${caseId}`,
    typeCode: 2,
    role: 3,
    idType: ID_TYPE.uri,
    name: 'Readroom peer review case',
    details: Object.entries(details).map(([type, value]) => ({ type, value })),
  };
}

export function peerReviewEvent(event: {
  action: Exclude<PeerReviewAction, 'exported'>;
  time: Date;
  sourceId: string;
  requestor: Requestor;
  caseId: string;
  studyUid: string;
  patient?: PatientRef | undefined;
  description: string;
  details?: Record<string, string>;
}): AuditEvent {
  const action = event.action === 'opened' || event.action === 'scored' || event.action === 'arbitrated' || event.action === 'taskClosed' ? 'U' : 'C';
  return {
    eventId: PEER_REVIEW_EVENT,
    eventTypes: [PEER_REVIEW_ACTIONS[event.action]],
    action: event.action === 'withdrawn' ? 'U' : action,
    time: event.time.toISOString(),
    outcome: 0,
    outcomeDescription: event.description,
    participants: [requestorParticipant(event.requestor)],
    source: { id: event.sourceId },
    objects: [caseObject(event.caseId, event.details ?? {}), studyObject(event.studyUid), ...(event.patient?.id ? [patientObject(event.patient)] : [])],
  };
}

/** The CSV export: an Export of the peer-review figures (pseudonymous, no patient) by the caller. */
export function peerReviewExported(event: { time: Date; sourceId: string; requestor: Requestor; rows: number; view: string }): AuditEvent {
  return {
    eventId: EXPORT,
    eventTypes: [PEER_REVIEW_ACTIONS.exported],
    action: 'R',
    time: event.time.toISOString(),
    outcome: 0,
    outcomeDescription: `Peer review export (${event.rows} review${event.rows === 1 ? '' : 's'}, ${event.view})`,
    participants: [requestorParticipant(event.requestor)],
    source: { id: event.sourceId },
    objects: [{ id: 'peer-review:export.csv', typeCode: 2, role: 3, idType: ID_TYPE.uri, name: 'Readroom peer review export' }],
  };
}
