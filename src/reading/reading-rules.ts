/**
 * The rules of a reading shift, shared by the gateway (server/reading) and the app: a study's reading
 * status, when a claim has expired, its priority (from the DICOM header or set in Readroom), and the
 * turnaround clock. Pure functions of their inputs and `now`.
 */

export const READING_STATUSES = ['Unread', 'In progress', 'Preliminary', 'Final', 'Addended'] as const;
export type ReadingStatus = (typeof READING_STATUSES)[number];

export const REPORT_STATUSES = ['preliminary', 'final', 'addended'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const PRIORITIES = ['stat', 'urgent', 'routine'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_LABELS: Record<Priority, string> = { stat: 'STAT', urgent: 'urgent', routine: 'routine' };

export interface ClaimState {
  accountId: number;
  /** Last sign of life of the claim (the claim itself, or a heartbeat of the open viewer). */
  activeAt: Date;
  /** When it lapses unless a heartbeat comes first (`claimExpiry` of its last sign of life). */
  expiresAt: Date;
}

export const DEFAULT_CLAIM_IDLE_MINUTES = 30;

/** A claim lapses `idleMinutes` after its last sign of life; nobody has to release it. */
export function claimExpiry(activeAt: Date, idleMinutes: number): Date {
  return new Date(activeAt.getTime() + idleMinutes * 60_000);
}

export function claimActive(claim: ClaimState | null, now: Date): boolean {
  return claim !== null && now.getTime() < claim.expiresAt.getTime();
}

/**
 * The Status column: a signed report decides (Preliminary, Final, Addended); otherwise an active claim
 * is In progress and anything else Unread (a lapsed claim leaves the study Unread).
 */
export function readingStatus(reportStatus: ReportStatus | null, claim: ClaimState | null, now: Date): ReadingStatus {
  switch (reportStatus) {
    case 'preliminary':
      return 'Preliminary';
    case 'final':
      return 'Final';
    case 'addended':
      return 'Addended';
    default:
      return claimActive(claim, now) ? 'In progress' : 'Unread';
  }
}

/**
 * A DICOM priority value (Requested Procedure Priority 0040,1003 or Study Priority ID 0032,000C) as a
 * Readroom priority. STAT → stat; HIGH → urgent; ROUTINE, MEDIUM, LOW → routine; anything else unknown.
 */
export function priorityOfDicomValue(value: string | undefined): Priority | undefined {
  switch (value?.trim().toUpperCase()) {
    case 'STAT':
      return 'stat';
    case 'HIGH':
      return 'urgent';
    case 'ROUTINE':
    case 'MEDIUM':
    case 'LOW':
      return 'routine';
    default:
      return undefined;
  }
}

/**
 * The priority in a study's header: Requested Procedure Priority inside any item of the Request
 * Attributes Sequence (the highest of them), else Study Priority ID.
 */
export function priorityFromHeader(requestedProcedurePriorities: readonly string[], studyPriorityId: string | undefined): Priority | undefined {
  const requested = requestedProcedurePriorities.map(priorityOfDicomValue).filter((p): p is Priority => p !== undefined);
  if (requested.length > 0) return PRIORITIES.find((p) => requested.includes(p));
  return priorityOfDicomValue(studyPriorityId);
}

/** An override set in Readroom wins over the header; a study with neither is routine. */
export function effectivePriority(override: Priority | null | undefined, header: Priority | null | undefined): Priority {
  return override ?? header ?? 'routine';
}

export type TurnaroundMinutes = Record<Priority, number>;
export const DEFAULT_TURNAROUND_MINUTES: TurnaroundMinutes = { stat: 60, urgent: 240, routine: 1440 };

/**
 * `READROOM_TURNAROUND_MINUTES`: `stat=60,urgent=240,routine=1440`; any of them may be left out (its
 * default stays). Throws with a message naming the bad part.
 */
export function parseTurnaroundMinutes(text: string | undefined): TurnaroundMinutes {
  const result = { ...DEFAULT_TURNAROUND_MINUTES };
  if (!text?.trim()) return result;
  for (const part of text.split(',')) {
    const match = /^\s*(stat|urgent|routine)\s*=\s*(\d{1,6})\s*$/i.exec(part);
    if (!match || Number(match[2]) < 1)
      throw new Error(`READROOM_TURNAROUND_MINUTES: expected priority=minutes (stat, urgent, routine; at least 1), found "${part.trim()}"`);
    result[match[1]!.toLowerCase() as Priority] = Number(match[2]);
  }
  return result;
}

/**
 * When the turnaround clock started: the acquisition (Study Date and Time, read as local time of the
 * reading room) when the header has a date, else when the gateway first saw the study (its arrival).
 */
export function clockStart(studyDate: string, studyTime: string, arrivedAt: Date | null): Date | null {
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(studyDate.trim());
  if (date) {
    const time = /^(\d{2})(\d{2})?(\d{2})?/.exec(studyTime.trim());
    return new Date(Number(date[1]), Number(date[2]) - 1, Number(date[3]), Number(time?.[1] ?? 0), Number(time?.[2] ?? 0), Number(time?.[3] ?? 0));
  }
  return arrivedAt;
}

export interface Turnaround {
  /** Minutes since the clock started (never negative). */
  minutes: number;
  overdue: boolean;
  /** e.g. "3 h 12 min", "2 d 4 h". */
  text: string;
}

export function formatDuration(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return `${Math.floor(m / 60)} h ${m % 60} min`;
  return `${Math.floor(m / 1440)} d ${Math.floor((m % 1440) / 60)} h`;
}

/** The turnaround clock of a study; overdue once past the threshold of its priority. */
export function turnaround(start: Date | null, now: Date, priority: Priority, thresholds: TurnaroundMinutes): Turnaround | null {
  if (!start) return null;
  const minutes = Math.max(0, (now.getTime() - start.getTime()) / 60_000);
  return { minutes, overdue: minutes > thresholds[priority], text: formatDuration(minutes) };
}

const PRIORITY_RANK: Record<Priority, number> = { stat: 0, urgent: 1, routine: 2 };

export interface ReadingOrderItem {
  priority: Priority;
  status: ReadingStatus;
  /** Turnaround clock start; null sorts last among its peers. */
  start: Date | null;
  /** Ties: the Study Instance UID (a stable order). */
  uid: string;
}

/**
 * The default worklist order, "STAT first, then oldest unread": studies still to be read (Unread) come
 * first, by priority and then oldest first; the rest (In progress, Preliminary, Final, Addended) follow
 * in the same order. The studies In progress keep their place behind the unread ones so the top of the
 * list is always what someone must still pick up.
 */
export function compareReadingOrder(a: ReadingOrderItem, b: ReadingOrderItem): number {
  const pending = (item: ReadingOrderItem) => (item.status === 'Unread' ? 0 : item.status === 'In progress' || item.status === 'Preliminary' ? 1 : 2);
  return (
    pending(a) - pending(b) ||
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    (a.start?.getTime() ?? Number.POSITIVE_INFINITY) - (b.start?.getTime() ?? Number.POSITIVE_INFINITY) ||
    (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0)
  );
}
