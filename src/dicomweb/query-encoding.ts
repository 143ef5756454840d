import type { QueryValueEncoding } from './data-source.ts';

/**
 * Characters a URL query cannot carry literally. A standard server gets them
 * percent-encoded; a 'literal' server (Orthanc 1.10 with DICOMweb 1.7 does not
 * percent-decode query values) cannot receive them at all, so each becomes the
 * DICOM single-character wildcard `?`, which still matches the character.
 */
const NOT_LITERAL = /[\s%&#+=\u0080-\uFFFF]/gu;

export function encodeQueryValue(value: string, encoding: QueryValueEncoding): string {
  if (encoding === 'percent') return encodeURIComponent(value);
  return value.replace(NOT_LITERAL, '?');
}

export function buildQueryString(params: Record<string, string | number | readonly string[] | undefined>, encoding: QueryValueEncoding): string {
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(params)) {
    if (raw === undefined || raw === '') continue;
    const values = typeof raw === 'object' ? raw : [String(raw)];
    for (const value of values) parts.push(`${encodeURIComponent(key)}=${encodeQueryValue(value, encoding)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
