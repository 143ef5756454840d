import { describe, expect, it } from 'vitest';
import {
  claimActive,
  claimExpiry,
  clockStart,
  compareReadingOrder,
  effectivePriority,
  formatDuration,
  parseTurnaroundMinutes,
  priorityFromHeader,
  priorityOfDicomValue,
  readingStatus,
  turnaround,
  DEFAULT_TURNAROUND_MINUTES,
  type ReadingOrderItem,
} from './reading-rules.ts';

const NOW = new Date('2026-12-03T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const claim = (activeMinutesAgo: number, idle = 30) => ({
  accountId: 7,
  activeAt: minutesAgo(activeMinutesAgo),
  expiresAt: claimExpiry(minutesAgo(activeMinutesAgo), idle),
});

describe('reading status', () => {
  it('is Unread without a claim or a report', () => {
    expect(readingStatus(null, null, NOW)).toBe('Unread');
  });

  it('is In progress while a claim is alive, and Unread again once it has been idle for the idle time', () => {
    expect(readingStatus(null, claim(29), NOW)).toBe('In progress');
    expect(readingStatus(null, claim(30), NOW)).toBe('Unread');
    expect(readingStatus(null, claim(5, 10), NOW)).toBe('In progress');
    expect(readingStatus(null, claim(11, 10), NOW)).toBe('Unread');
  });

  it('follows the report once one is signed, claim or not', () => {
    expect(readingStatus('preliminary', claim(1), NOW)).toBe('Preliminary');
    expect(readingStatus('final', null, NOW)).toBe('Final');
    expect(readingStatus('addended', claim(100), NOW)).toBe('Addended');
  });

  it('lets a heartbeat keep a claim alive: expiry is counted from the last sign of life', () => {
    expect(claimActive(claim(29), NOW)).toBe(true);
    expect(claimActive(claim(31), NOW)).toBe(false);
    expect(claimActive(null, NOW)).toBe(false);
  });
});

describe('priority', () => {
  it('maps the DICOM values to stat, urgent and routine', () => {
    expect(priorityOfDicomValue('STAT')).toBe('stat');
    expect(priorityOfDicomValue(' high ')).toBe('urgent');
    expect(priorityOfDicomValue('ROUTINE')).toBe('routine');
    expect(priorityOfDicomValue('MEDIUM')).toBe('routine');
    expect(priorityOfDicomValue('LOW')).toBe('routine');
    expect(priorityOfDicomValue('ASAP')).toBeUndefined();
    expect(priorityOfDicomValue(undefined)).toBeUndefined();
  });

  it('reads Requested Procedure Priority first (the highest of the requests), then Study Priority ID', () => {
    expect(priorityFromHeader(['ROUTINE', 'STAT'], 'LOW')).toBe('stat');
    expect(priorityFromHeader(['HIGH'], 'STAT')).toBe('urgent');
    expect(priorityFromHeader([], 'STAT')).toBe('stat');
    expect(priorityFromHeader(['nonsense'], 'HIGH')).toBe('urgent');
    expect(priorityFromHeader([], undefined)).toBeUndefined();
  });

  it('lets an override set in Readroom win; routine when nothing says otherwise', () => {
    expect(effectivePriority('routine', 'stat')).toBe('routine');
    expect(effectivePriority(null, 'stat')).toBe('stat');
    expect(effectivePriority(null, null)).toBe('routine');
  });
});

describe('configuration', () => {
  it('reads turnaround thresholds per priority, keeping defaults for those left out', () => {
    expect(parseTurnaroundMinutes(undefined)).toEqual(DEFAULT_TURNAROUND_MINUTES);
    expect(parseTurnaroundMinutes('stat=30, URGENT=120')).toEqual({ stat: 30, urgent: 120, routine: 1440 });
    expect(() => parseTurnaroundMinutes('stat=soon')).toThrow(/stat=soon/);
    expect(() => parseTurnaroundMinutes('asap=5')).toThrow(/priority=minutes/);
    expect(() => parseTurnaroundMinutes('stat=0')).toThrow();
  });
});

describe('turnaround clock', () => {
  it('starts at the acquisition (study date and time, local) or else at the arrival', () => {
    expect(clockStart('20261203', '083015.123', null)).toEqual(new Date(2026, 11, 3, 8, 30, 15));
    expect(clockStart('20261203', '', null)).toEqual(new Date(2026, 11, 3));
    const arrived = minutesAgo(10);
    expect(clockStart('', '', arrived)).toBe(arrived);
    expect(clockStart('', '', null)).toBeNull();
  });

  it('is overdue past the threshold of its priority, with the time as text', () => {
    expect(turnaround(minutesAgo(61), NOW, 'stat', DEFAULT_TURNAROUND_MINUTES)).toMatchObject({ overdue: true, text: '1 h 1 min' });
    expect(turnaround(minutesAgo(61), NOW, 'urgent', DEFAULT_TURNAROUND_MINUTES)).toMatchObject({ overdue: false });
    expect(turnaround(minutesAgo(59), NOW, 'stat', DEFAULT_TURNAROUND_MINUTES)).toMatchObject({ overdue: false, text: '59 min' });
    expect(turnaround(null, NOW, 'stat', DEFAULT_TURNAROUND_MINUTES)).toBeNull();
    expect(formatDuration(3 * 1440 + 125)).toBe('3 d 2 h');
  });
});

describe('reading order', () => {
  const item = (uid: string, priority: ReadingOrderItem['priority'], status: ReadingOrderItem['status'], startMinutesAgo: number | null): ReadingOrderItem => ({
    uid,
    priority,
    status,
    start: startMinutesAgo === null ? null : minutesAgo(startMinutesAgo),
  });

  it('puts unread STAT first, then the unread by priority and oldest first, then what is being or has been read', () => {
    const items = [
      item('a', 'routine', 'Unread', 10),
      item('b', 'routine', 'Unread', 500),
      item('c', 'stat', 'Unread', 5),
      item('d', 'stat', 'Final', 1000),
      item('e', 'urgent', 'Unread', 1),
      item('f', 'stat', 'In progress', 900),
      item('g', 'routine', 'Unread', null),
    ];
    expect([...items].sort(compareReadingOrder).map((i) => i.uid)).toEqual(['c', 'e', 'b', 'a', 'g', 'f', 'd']);
  });
});
