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

export function getNumber(ds: DicomJsonDataset, tag: string): number | undefined {
  const v = firstValue(ds, tag);
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

export function getNumbers(ds: DicomJsonDataset, tag: string): number[] {
  return (ds[tag]?.Value ?? []).map(Number).filter(Number.isFinite);
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
