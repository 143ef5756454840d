/** DICOM JSON model (PS3.18 F.2) as it arrives from QIDO-RS and WADO-RS metadata. */
export interface DicomJsonElement {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}
export type DicomJsonDataset = Record<string, DicomJsonElement | undefined>;

interface PersonNameValue {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

function firstValue(ds: DicomJsonDataset, tag: string): unknown {
  return ds[tag]?.Value?.[0];
}

export function getString(ds: DicomJsonDataset, tag: string): string | undefined {
  const v = firstValue(ds, tag);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return (v as PersonNameValue).Alphabetic;
  return String(v);
}

export function getStrings(ds: DicomJsonDataset, tag: string): string[] {
  return (ds[tag]?.Value ?? []).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
}

/**
 * One value of a numeric attribute (DS, IS, US…): a number, or a numeric string as some archives send.
 * A blank or null value (DICOM JSON's empty value) or a non-numeric one is no value, never 0.
 */
export function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function getNumber(ds: DicomJsonDataset, tag: string): number | undefined {
  return numberOf(firstValue(ds, tag));
}

/** The values of a numeric attribute that are numbers (blank, null and non-numeric values left out). */
export function getNumbers(ds: DicomJsonDataset, tag: string): number[] {
  return (ds[tag]?.Value ?? []).map(numberOf).filter((n): n is number => n !== undefined);
}

/** All values of a numeric attribute when it has exactly `count` values, each a number (e.g. a position). */
export function getNumberTuple(ds: DicomJsonDataset, tag: string, count: number): number[] | undefined {
  const raw = ds[tag]?.Value;
  if (!Array.isArray(raw) || raw.length !== count) return undefined;
  const values = raw.map(numberOf);
  return values.every((v) => v !== undefined) ? (values as number[]) : undefined;
}

/** The raw Alphabetic group of a PN value, e.g. "Doe^Jane^^Dr". */
export function getPersonName(ds: DicomJsonDataset, tag: string): string | undefined {
  const v = firstValue(ds, tag);
  if (v && typeof v === 'object') return (v as PersonNameValue).Alphabetic;
  return typeof v === 'string' ? v : undefined;
}

/** DICOM PN "Family^Given^Middle^Prefix^Suffix" as "Family, Given Middle". */
export function formatPersonName(pn: string | undefined): string {
  if (!pn) return '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = pn
    .split('=')[0]!
    .split('^')
    .map((p) => p.trim());
  const givenPart = [prefix, given, middle].filter(Boolean).join(' ');
  const name = [family, givenPart].filter(Boolean).join(', ');
  return suffix ? `${name} ${suffix}` : name;
}

/** DICOM DA "YYYYMMDD" as ISO "YYYY-MM-DD" (unchanged when not a full date). */
export function formatDicomDate(da: string | undefined): string {
  if (!da) return '';
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : da;
}

/** DICOM TM "HHMMSS.frac" as "HH:MM" (or "HH:MM:SS" when seconds are present). */
export function formatDicomTime(tm: string | undefined): string {
  if (!tm) return '';
  const m = /^(\d{2})(\d{2})?(\d{2})?/.exec(tm.trim());
  if (!m) return tm;
  return [m[1], m[2] ?? '00', m[3]].filter((p) => p !== undefined).join(':');
}
