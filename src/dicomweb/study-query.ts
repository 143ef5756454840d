import { accentInsensitiveMatcher } from './accent-folding.ts';
import type { QueryParams } from './query-encoding.ts';

/** What a reader can search studies by (plain strings as typed; dates as YYYY-MM-DD). */
export interface StudyFilters {
  patientName: string;
  patientId: string;
  accessionNumber: string;
  /** Inclusive, ISO "YYYY-MM-DD" or empty. */
  dateFrom: string;
  dateTo: string;
  modalities: readonly string[];
  description: string;
  referringPhysician: string;
}

export const EMPTY_STUDY_FILTERS: StudyFilters = {
  patientName: '',
  patientId: '',
  accessionNumber: '',
  dateFrom: '',
  dateTo: '',
  modalities: [],
  description: '',
  referringPhysician: '',
};

/** Adds the implicit trailing wildcard unless the text already ends with one. */
function prefixMatch(text: string): string {
  return text.endsWith('*') ? text : `${text}*`;
}

/**
 * A person name as a reader types it, as a PN match value: "Müller, Jürgen" and "Müller^Jürgen"
 * both mean family "Müller", given "Jürgen…"; spaces inside a component stay ("van der Berg").
 * The family name matches as a prefix when no given name is typed. Matching is case-insensitive
 * on the server (PS3.4 C.2.2.2.1 leaves it to the server; Orthanc and most PACS fold case).
 */
export function personNameMatch(typed: string): string {
  const text = typed.trim();
  if (!text) return '';
  if (text.includes('^')) return prefixMatch(text);
  const comma = text.indexOf(',');
  if (comma < 0) return prefixMatch(text);
  const family = text.slice(0, comma).trim();
  const given = text.slice(comma + 1).trim();
  if (!family) return prefixMatch(given);
  return given ? prefixMatch(`${family}^${given}`) : prefixMatch(family);
}

/** Free text (description, IDs): a prefix match; `*` and `?` typed by the reader keep their meaning. */
export function textMatch(typed: string): string {
  const text = typed.trim();
  return text ? prefixMatch(text) : '';
}

/** Contains-match for descriptions, where the interesting word is rarely the first. */
export function containsMatch(typed: string): string {
  const text = typed.trim();
  if (!text) return '';
  return prefixMatch(text.startsWith('*') ? text : `*${text}`);
}

/** ISO "YYYY-MM-DD" → DICOM DA "YYYYMMDD" ('' when not a date). */
export function toDicomDate(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.replaceAll('-', '') : '';
}

/** DICOM date range "A-B", "A-", "-B" (inclusive), '' when open on both sides. */
export function dateRange(fromDa: string, toDa: string): string {
  if (!fromDa && !toDa) return '';
  if (fromDa && fromDa === toDa) return fromDa;
  return `${fromDa}-${toDa}`;
}

/** The QIDO-RS match parameters for the filters (no paging). */
export function studyMatchParams(filters: StudyFilters): QueryParams {
  return {
    PatientName: personNameMatch(filters.patientName) || undefined,
    PatientID: textMatch(filters.patientId) || undefined,
    AccessionNumber: textMatch(filters.accessionNumber) || undefined,
    StudyDate: dateRange(toDicomDate(filters.dateFrom), toDicomDate(filters.dateTo)) || undefined,
    ModalitiesInStudy: filters.modalities.length ? { anyOf: filters.modalities } : undefined,
    StudyDescription: containsMatch(filters.description) || undefined,
    ReferringPhysicianName: personNameMatch(filters.referringPhysician) || undefined,
  };
}

/**
 * A study search split between the archive and this app: the archive gets every filter but the patient
 * name, which is matched here without regard to accents (see accent-folding.ts for why no part of the
 * name can go to the archive). `patientName` is null when no name was typed.
 */
export interface StudySearch {
  archive: QueryParams;
  patientName: ((storedName: string) => boolean) | null;
}

export function studySearch(filters: StudyFilters): StudySearch {
  const params = studyMatchParams(filters);
  const name = params['PatientName'];
  if (typeof name !== 'string' || name === '') return { archive: params, patientName: null };
  return { archive: { ...params, PatientName: undefined }, patientName: accentInsensitiveMatcher(name) };
}

/** Drops undefined entries so params compare and print cleanly. */
export function compactParams(params: QueryParams): QueryParams {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}
