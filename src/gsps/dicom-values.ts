/** Small conversions between JavaScript values and DICOM value representations. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** DA (YYYYMMDD) in local time. */
export function dicomDate(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
}

/** TM (HHMMSS) in local time. */
export function dicomTime(date: Date): string {
  return `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** "YYYY-MM-DDTHH:MM:SS" from DA and TM values (TM may carry fractions or be shorter). */
export function isoFromDicom(date: string | undefined, time: string | undefined): string {
  const d = (date ?? '').replace(/[^0-9]/g, '');
  if (d.length !== 8) return '';
  const t = (time ?? '')
    .replace(/[^0-9.]/g, '')
    .split('.')[0]!
    .padEnd(6, '0');
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}`;
}

/**
 * A Code String (CS) of at most 16 characters: upper case A–Z, digits, underscore and space.
 * Letters with diacritics lose them ("Müller" → "MULLER"); anything else becomes "_".
 */
export function codeString(value: string, fallback = 'ANNOTATIONS'): string {
  const cleaned = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9_ ]/g, '_')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, 16)
    .trim();
  return cleaned === '' || /^_+$/.test(cleaned) ? fallback : cleaned;
}

/** True when every character is in the ISO 646 (ASCII) repertoire DICOM uses by default. */
export function isDefaultRepertoire(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u007f]*$/.test(value);
}

/** Clips a string to a VR's maximum length in characters. */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, max);
}

/** A naturalized Person Name value as dcmjs writes it. */
export function personName(name: string | undefined): Array<{ Alphabetic: string }> | undefined {
  return name === undefined || name === '' ? undefined : [{ Alphabetic: name }];
}

/** Reads a naturalized PN (dcmjs gives `[{ Alphabetic }]`; other code may give a string). */
export function personNameText(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && 'Alphabetic' in first) return String((first as { Alphabetic: unknown }).Alphabetic ?? '');
  return '';
}

/** First value of a naturalized attribute as a string. */
export function text(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null ? '' : String(first);
}

/** All values of a naturalized attribute as numbers (DS/IS arrive as strings or numbers). */
export function numbers(value: unknown): number[] {
  if (value === undefined || value === null || value === '') return [];
  const values = Array.isArray(value) ? value : ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : [value];
  return values.map((v) => Number(v));
}

/** First value as a number, or undefined when absent or not numeric. */
export function number(value: unknown): number | undefined {
  const [first] = numbers(value);
  return first === undefined || Number.isNaN(first) ? undefined : first;
}

/** Items of a naturalized sequence (dcmjs gives a single item as an object rather than an array). */
export function items(value: unknown): Array<Record<string, unknown>> {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is Record<string, unknown> => !!item && typeof item === 'object');
}
