import { Fragment, useEffect, useRef, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { DataSource } from '../dicomweb/runtime-config.ts';
import { formatDicomDate, formatDicomTime, formatPersonName } from '../dicomweb/dicom-json.ts';
import type { StudySummary } from '../dicomweb/study-summary.ts';
import { PatientStudies } from './PatientStudies.tsx';
import type { SortKey } from './worklist-state.ts';

export { viewerUrl } from './viewer-url.ts';

/** User Timing mark set when the first page of rows is on screen (read by scripts/bench). */
export const FIRST_ROWS_MARK = 'rr:worklist-rows';

interface StudyTableProps {
  source: DataSource;
  studies: StudySummary[];
  openUrl: (study: StudySummary) => string;
  sort: SortKey;
  sortDirection: 'ascending' | 'descending';
  selectedUid: string | null;
  onSelect: (uid: string) => void;
  expandedUid: string | null;
  onToggleExpanded: (uid: string) => void;
  newUids: ReadonlySet<string>;
}

const COLUMNS: ReadonlyArray<{ label: string; sort?: SortKey }> = [
  { label: 'Patient name', sort: 'name' },
  { label: 'Patient ID' },
  { label: 'Birth date / sex' },
  { label: 'Study date', sort: 'date' },
  { label: 'Modalities', sort: 'modality' },
  { label: 'Description' },
  { label: 'Accession', sort: 'accession' },
  { label: 'Referring physician' },
  { label: 'Series / images' },
];

/**
 * The study rows. Arrow keys move the selection (roving focus), Enter opens, and each row's
 * actions (open link, other studies) are ordinary focusable controls. DICOM strings are text only.
 */
export function StudyTable({ source, studies, openUrl, sort, sortDirection, selectedUid, onSelect, expandedUid, onToggleExpanded, newUids }: StudyTableProps) {
  const navigate = useNavigate();
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  useEffect(() => {
    if (studies.length > 0 && performance.getEntriesByName(FIRST_ROWS_MARK).length === 0) performance.mark(FIRST_ROWS_MARK);
  }, [studies.length]);

  const selectedIndex = studies.findIndex((s) => s.studyInstanceUID === selectedUid);
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
      <thead>
        <tr>
          <th scope="col" className="col-actions">
            <span className="visually-hidden">Actions</span>
          </th>
          {COLUMNS.map((c) => (
            <th key={c.label} scope="col" aria-sort={c.sort && c.sort === sort ? sortDirection : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody onKeyDown={onKeyDown}>
        {studies.map((s, index) => {
          const selected = s.studyInstanceUID === selectedUid;
          const expanded = s.studyInstanceUID === expandedUid;
          const isNew = newUids.has(s.studyInstanceUID);
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
                </td>
                <td>
                  <Link to={openUrl(s)} onClick={(e) => e.stopPropagation()} tabIndex={-1}>
                    {formatPersonName(s.patientName) || '(no name)'}
                  </Link>
                  {isNew && <span className="new-badge">New</span>}
                </td>
                <td>{s.patientId}</td>
                <td>
                  {formatDicomDate(s.patientBirthDate)} {s.patientSex}
                </td>
                <td>
                  {formatDicomDate(s.studyDate)} {formatDicomTime(s.studyTime)}
                </td>
                <td>{s.modalities.join(', ')}</td>
                <td>{s.description}</td>
                <td>{s.accessionNumber}</td>
                <td>{formatPersonName(s.referringPhysician)}</td>
                <td>
                  {s.numberOfSeries ?? '–'} / {s.numberOfInstances ?? '–'}
                </td>
              </tr>
              {expanded && (
                <tr className="patient-studies-row">
                  <td colSpan={COLUMNS.length + 1}>
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
