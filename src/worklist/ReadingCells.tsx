import type { StudySummary } from '../dicomweb/study-summary.ts';
import type { ReadingSettingsView, StudyReading } from '../reading/reading-contract.ts';
import { clockStart, PRIORITIES, PRIORITY_LABELS, turnaround, type Priority } from '../reading/reading-rules.ts';

interface ReadingCellsProps {
  study: StudySummary;
  patientLabel: string;
  reading: StudyReading | undefined;
  failed: boolean;
  settings: ReadingSettingsView | undefined;
  onSetPriority?: ((study: StudySummary, priority: Priority) => void) | undefined;
  now: Date;
}

/** "In progress — <name>" for a claim, else the status as it is. */
export function statusText(reading: StudyReading): string {
  return reading.status === 'In progress' && reading.claim ? `In progress — ${reading.claim.mine ? 'you' : reading.claim.name}` : reading.status;
}

/**
 * A row's Priority (a badge; a labelled select for who may set it), Status and turnaround clock cells.
 * The clock runs until a report is final and says "overdue" in words past its priority's threshold.
 */
export function ReadingCells({ study, patientLabel, reading, failed, settings, onSetPriority, now }: ReadingCellsProps) {
  if (!reading) {
    const text = failed ? 'unknown' : '…';
    const title = failed ? 'The reading state could not be loaded' : undefined;
    return (
      <>
        <td title={title}>{text}</td>
        <td title={title}>{text}</td>
        <td title={title}>{text}</td>
      </>
    );
  }
  const status = statusText(reading);
  const reported = reading.status === 'Final' || reading.status === 'Addended';
  const clock =
    settings && !reported
      ? turnaround(clockStart(study.studyDate, study.studyTime, new Date(reading.arrivedAt)), now, reading.priority, settings.turnaroundMinutes)
      : null;
  const clockText = reported ? 'reported' : clock ? `${clock.text}${clock.overdue ? ' · overdue' : ''}` : '–';
  const priorityTitle =
    reading.prioritySource === 'override'
      ? `Set in Readroom${reading.prioritySetBy ? ` by ${reading.prioritySetBy}` : ''}`
      : reading.prioritySource === 'header'
        ? 'From the DICOM header'
        : 'No priority in the header: routine';
  // Each cell's title is its text, like every worklist cell; the details are on the text itself.
  const since = reading.claim ? `${status}, since ${new Date(reading.claim.since).toLocaleString()}` : undefined;
  const overdueNote = clock?.overdue
    ? `Past the ${PRIORITY_LABELS[reading.priority]} turnaround of ${settings!.turnaroundMinutes[reading.priority]} min`
    : undefined;
  return (
    <>
      {onSetPriority ? (
        <td className="priority-cell">
          <select
            className={`priority-badge priority-${reading.priority}`}
            aria-label={`Priority of ${patientLabel}`}
            title={priorityTitle}
            value={reading.priority}
            onClick={(e) => e.stopPropagation()}
            onKeyDown={(e) => e.stopPropagation()}
            onChange={(e) => onSetPriority(study, e.target.value as Priority)}
          >
            {/* Labels as attributes: the cell's text stays empty instead of every choice run together. */}
            {PRIORITIES.map((p) => (
              <option key={p} value={p} label={PRIORITY_LABELS[p]} />
            ))}
          </select>
        </td>
      ) : (
        <td className="priority-cell" title={PRIORITY_LABELS[reading.priority]}>
          <span className={`priority-badge priority-${reading.priority}`} title={priorityTitle}>
            {PRIORITY_LABELS[reading.priority]}
          </span>
        </td>
      )}
      <td title={status} data-reading-status={reading.status}>
        <span title={since}>{status}</span>
      </td>
      <td className={clock?.overdue ? 'turnaround overdue' : 'turnaround'} title={clockText}>
        <span title={overdueNote}>{clockText}</span>
      </td>
    </>
  );
}
