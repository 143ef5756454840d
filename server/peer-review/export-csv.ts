import { EXPORT_COLUMNS } from '../../src/peer-review/peer-review-contract.ts';
import { isSerious, partsOf, type Score } from '../../src/peer-review/radpeer.ts';

/**
 * The peer-review export (`GET /api/peer-review/export.csv`): one row per review in the fields a RADPEER
 * submission needs (`EXPORT_COLUMNS`), the original reader under their pseudonym, and nothing that
 * identifies the patient (no name, ID, birth date or accession number: the exam type is the study
 * description). Cells a spreadsheet would run as a formula (= + - @, tab, carriage return first) are
 * neutralised with a leading apostrophe.
 */

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string>;

export interface ExportSource {
  readerPseudonym: string;
  studyDescription: string;
  modalities: readonly string[];
  finalScore: Score;
  arbitration: string;
  submittedAt: Date;
  finalizedAt: Date;
  origin: string;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Significance as a RADPEER submission states it: the b modifier is "likely clinically significant". */
function significanceOf(score: Score): string {
  const { significance } = partsOf(score);
  if (significance === 'b') return 'likely significant';
  if (significance === 'a') return 'unlikely significant';
  return isSerious(score) ? 'significant' : '';
}

export function exportRow(source: ExportSource): ExportRow {
  return {
    physician_id: source.readerPseudonym,
    exam_type: source.studyDescription,
    modality: [...new Set(source.modalities)].join('/'),
    score: source.finalScore,
    significance: significanceOf(source.finalScore),
    review_date: day(source.submittedAt),
    original_read_date: day(source.finalizedAt),
    arbitration: source.arbitration,
    origin: source.origin,
  };
}

export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quote(cell: string): string {
  const safe = neutralise(cell);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180: a header line, CRLF line ends. */
export function exportCsv(rows: readonly ExportRow[]): string {
  const lines = [EXPORT_COLUMNS.join(','), ...rows.map((row) => EXPORT_COLUMNS.map((column) => quote(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
