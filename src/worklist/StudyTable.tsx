import { Fragment, useEffect, useRef, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { DataSource } from '../dicomweb/runtime-config.ts';
import { formatDicomDate, formatDicomTime, formatPersonName } from '../dicomweb/dicom-json.ts';
import type { StudySummary } from '../dicomweb/study-summary.ts';
import { PatientStudies } from './PatientStudies.tsx';
import type { SortDirection, SortKey } from './worklist-state.ts';
import type { ReadingSettingsView, StudyReading } from '../reading/reading-contract.ts';
import { ReadingCells } from './ReadingCells.tsx';
import type { Priority } from '../reading/reading-rules.ts';

export { viewerUrl } from './viewer-url.ts';

/** User Timing mark set when the first page of rows is on screen (read by scripts/bench). */
export const FIRST_ROWS_MARK = 'rr:worklist-rows';

interface StudyTableProps {
  source: DataSource;
  studies: StudySummary[];
  openUrl: (study: StudySummary) => string;
  sort: SortKey;
  sortDirection: SortDirection;
  onSort: (key: SortKey) => void;
  selectedUid: string | null;
  onSelect: (uid: string) => void;
  expandedUid: string | null;
  onToggleExpanded: (uid: string) => void;
  newUids: ReadonlySet<string>;
  /** Given for a reader who may create share links: each row has a "Share" button. */
  onShare?: ((study: StudySummary) => void) | undefined;
  /** The gateway's reading state of the rows; `readingsFailed` when it could not be asked. */
  readings: ReadonlyMap<string, StudyReading>;
  readingsFailed: boolean;
  readingSettings: ReadingSettingsView | undefined;
  /** Given for a reader who may set priorities (radiologist, admin). */
  onSetPriority?: ((study: StudySummary, priority: Priority) => void) | undefined;
  now: Date;
}

interface Column {
  label: string;
  /** Sortable columns: every one is sorted over all matching studies (fetch-worklist-page.ts). */
  sort?: SortKey;
  className: string;
  text: (s: StudySummary) => string;
}

const COLUMNS: readonly Column[] = [
  { label: 'Patient name', sort: 'name', className: 'col-name', text: (s) => formatPersonName(s.patientName) || '(no name)' },
  { label: 'Patient ID', sort: 'pid', className: 'col-pid', text: (s) => s.patientId },
  { label: 'Birth date / sex', className: 'col-birth', text: (s) => `${formatDicomDate(s.patientBirthDate)} ${s.patientSex}`.trim() },
  { label: 'Study date', sort: 'date', className: 'col-date', text: (s) => `${formatDicomDate(s.studyDate)} ${formatDicomTime(s.studyTime)}`.trim() },
  { label: 'Modalities', sort: 'modality', className: 'col-modality', text: (s) => s.modalities.join(', ') },
  { label: 'Description', sort: 'description', className: 'col-description', text: (s) => s.description },
  { label: 'Accession', sort: 'accession', className: 'col-accession', text: (s) => s.accessionNumber },
  { label: 'Referring physician', className: 'col-referring', text: (s) => formatPersonName(s.referringPhysician) },
  { label: 'Series / images', className: 'col-counts', text: (s) => `${s.numberOfSeries ?? '–'} / ${s.numberOfInstances ?? '–'}` },
];

/** The reading shift's columns, after the patient name (cells: ReadingCells.tsx). */
const READING_COLUMNS: ReadonlyArray<Pick<Column, 'label' | 'sort' | 'className'>> = [
  { label: 'Priority', sort: 'reading', className: 'col-priority' },
  { label: 'Status', className: 'col-status' },
  { label: 'Turnaround', className: 'col-tat' },
];

/** What a header click would do, for the button's description. */
function sortHint(column: Pick<Column, 'sort'>, sort: SortKey, direction: SortDirection): string {
  if (column.sort === 'reading')
    return sort === 'reading' ? 'the reading order: STAT first, then oldest unread' : 'activate for the reading order: STAT first, then oldest unread';
  if (column.sort === sort) return direction === 'asc' ? 'sorted ascending; activate to sort descending' : 'sorted descending; activate to sort ascending';
  return column.sort === 'date' ? 'activate to sort newest first' : 'activate to sort A to Z';
}

/**
 * The study rows, one text line each (long values end in an ellipsis; the cell's title has the full
 * text). Sortable column headers are buttons inside `<th aria-sort>`. Arrow keys move the selection
 * (roving focus), Enter opens, and each row's actions (open link, other studies) are ordinary focusable
 * controls. When the table first shows rows and nothing else has the focus, the selected (or first) row
 * takes it, so the arrow keys work at once. DICOM strings are text only.
 */
export function StudyTable({
  source,
  studies,
  openUrl,
  sort,
  sortDirection,
  onSort,
  selectedUid,
  onSelect,
  expandedUid,
  onToggleExpanded,
  newUids,
  onShare,
  readings,
  readingsFailed,
  readingSettings,
  onSetPriority,
  now,
}: StudyTableProps) {
  const navigate = useNavigate();
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  useEffect(() => {
    if (studies.length > 0 && performance.getEntriesByName(FIRST_ROWS_MARK).length === 0) performance.mark(FIRST_ROWS_MARK);
  }, [studies.length]);

  const selectedIndex = studies.findIndex((s) => s.studyInstanceUID === selectedUid);
  // The first time rows are shown, the selected (or first) row takes the focus unless something else has it.
  const focusUid = selectedIndex >= 0 ? selectedUid : (studies[0]?.studyInstanceUID ?? null);
  const tookFocus = useRef(false);
  useEffect(() => {
    if (focusUid === null || tookFocus.current) return;
    tookFocus.current = true;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    rowRefs.current.get(focusUid)?.focus({ preventScroll: true });
  }, [focusUid]);

  const focusRow = (index: number) => {
    const study = studies[Math.max(0, Math.min(studies.length - 1, index))];
    if (!study) return;
    onSelect(study.studyInstanceUID);
    rowRefs.current.get(study.studyInstanceUID)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (e.target instanceof HTMLElement && e.target.tagName !== 'TR') return;
    if (e.key === 'ArrowDown') focusRow(selectedIndex + 1);
    else if (e.key === 'ArrowUp') focusRow(selectedIndex <= 0 ? 0 : selectedIndex - 1);
    else if (e.key === 'Home') focusRow(0);
    else if (e.key === 'End') focusRow(studies.length - 1);
    else if (e.key === 'Enter' && selectedIndex >= 0) void navigate(openUrl(studies[selectedIndex]!));
    else return;
    e.preventDefault();
  };

  return (
    <table className="study-table" aria-label="Studies">
      <colgroup>
        <col className="col-actions" />
        {COLUMNS.map((c, i) => (
          <Fragment key={c.label}>
            <col className={c.className} />
            {i === 0 && READING_COLUMNS.map((r) => <col key={r.label} className={r.className} />)}
          </Fragment>
        ))}
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className="col-actions">
            <span className="visually-hidden">Actions</span>
          </th>
          {[COLUMNS[0]!, ...READING_COLUMNS, ...COLUMNS.slice(1)].map((c) => (
            <th key={c.label} scope="col" aria-sort={c.sort && c.sort === sort ? (sortDirection === 'asc' ? 'ascending' : 'descending') : undefined}>
              {c.sort ? (
                <button type="button" className="sort-button" onClick={() => onSort(c.sort!)} title={`${c.label}: ${sortHint(c, sort, sortDirection)}`}>
                  {c.label}
                  <span className="sort-indicator" aria-hidden="true">
                    {c.sort === sort ? (sortDirection === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              ) : (
                c.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody onKeyDown={onKeyDown}>
        {studies.map((s, index) => {
          const selected = s.studyInstanceUID === selectedUid;
          const expanded = s.studyInstanceUID === expandedUid;
          const isNew = newUids.has(s.studyInstanceUID);
          const [nameColumn, ...otherColumns] = COLUMNS;
          const name = nameColumn!.text(s);
          return (
            <Fragment key={s.studyInstanceUID}>
              <tr
                ref={(el) => {
                  if (el) rowRefs.current.set(s.studyInstanceUID, el);
                  else rowRefs.current.delete(s.studyInstanceUID);
                }}
                className={`study-row${selected ? ' selected' : ''}${isNew ? ' new-study' : ''}`}
                aria-selected={selected}
                tabIndex={selected || (selectedIndex < 0 && index === 0) ? 0 : -1}
                onClick={() => void navigate(openUrl(s))}
                onFocus={() => onSelect(s.studyInstanceUID)}
                data-study-uid={s.studyInstanceUID}
              >
                <td className="col-actions">
                  <button
                    type="button"
                    className="expand-button"
                    aria-expanded={expanded}
                    aria-label={`Other studies of ${formatPersonName(s.patientName) || 'this patient'}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      onToggleExpanded(s.studyInstanceUID);
                    }}
                  >
                    {expanded ? '▾' : '▸'}
                  </button>
                  {onShare && (
                    <button
                      type="button"
                      className="share-button"
                      aria-label={`Share the study of ${formatPersonName(s.patientName) || 'this patient'}`}
                      aria-haspopup="dialog"
                      title="Share with a link"
                      onClick={(e) => {
                        e.stopPropagation();
                        onShare(s);
                      }}
                    >
                      Share
                    </button>
                  )}
                </td>
                <td title={name}>
                  {isNew && <span className="new-badge">New</span>}
                  <Link to={openUrl(s)} onClick={(e) => e.stopPropagation()} tabIndex={-1}>
                    {name}
                  </Link>
                </td>
                <ReadingCells
                  study={s}
                  patientLabel={name}
                  reading={readings.get(s.studyInstanceUID)}
                  failed={readingsFailed}
                  settings={readingSettings}
                  onSetPriority={onSetPriority}
                  now={now}
                />
                {otherColumns.map((c) => {
                  const text = c.text(s);
                  return (
                    <td key={c.label} title={text || undefined}>
                      {text}
                    </td>
                  );
                })}
              </tr>
              {expanded && (
                <tr className="patient-studies-row">
                  <td colSpan={COLUMNS.length + READING_COLUMNS.length + 1}>
                    <PatientStudies source={source} study={s} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
