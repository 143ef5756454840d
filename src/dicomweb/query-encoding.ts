import type { QueryValueEncoding } from './runtime-config.ts';

/**
 * The one place that knows how a server wants QIDO-RS query values written.
 *
 * 'percent' (standard servers): every value is percent-encoded.
 *
 * 'literal' (Orthanc 1.10 with DICOMweb 1.7, measured against the development archive): query
 * values are not percent-decoded, so `Doe%5EJane` or `%20` find nothing while a literal `^` or `*`
 * works. Characters a URL cannot carry literally must therefore become wildcards:
 * - ASCII ones (space, `%&#+=,`) become `?`, which matches exactly one character:
 *   `van der Berg*` is sent as `van?der?Berg*` and finds "van der Berg^Anna Maria";
 * - non-ASCII ones become `*`: Orthanc's `?` does not match a non-ASCII character (`M?ller*`
 *   and `M??ller*` both find nothing for "Müller^Jürgen"), raw UTF-8 bytes in the URL give 400,
 *   but `M*ller*` matches. The price is over-matching (`M*ller` would also find "Moeller").
 * Matching is case-insensitive there, but accents are not folded: "muller" does not find "Müller".
 */
const ASCII_NOT_LITERAL = /[\s%&#+=,]/g;
const NON_ASCII_RUN = /[^ -~\t\n\r]+/gu;

/** A value list that matches any of its values (PS3.18 §8.3.4.1: comma-separated in one parameter). */
export interface MatchAnyOf {
  anyOf: readonly string[];
}

export type QueryParamValue = string | number | readonly string[] | MatchAnyOf | undefined;
export type QueryParams = Record<string, QueryParamValue>;

export function encodeQueryValue(value: string, encoding: QueryValueEncoding): string {
  if (encoding === 'percent') return encodeURIComponent(value);
  return value
    .replace(NON_ASCII_RUN, '*')
    .replace(ASCII_NOT_LITERAL, '?')
    .replace(/\*{2,}/g, '*');
}

function isAnyOf(value: QueryParamValue): value is MatchAnyOf {
  return typeof value === 'object' && value !== null && 'anyOf' in value;
}

/** Array values repeat the parameter (e.g. includefield); `{ anyOf }` values are one comma-separated parameter. */
export function buildQueryString(params: QueryParams, encoding: QueryValueEncoding): string {
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(params)) {
    if (raw === undefined || raw === '') continue;
    const name = encodeURIComponent(key);
    if (isAnyOf(raw)) {
      const values = raw.anyOf.filter((v) => v !== '');
      if (values.length) parts.push(`${name}=${values.map((v) => encodeQueryValue(v, encoding)).join(',')}`);
      continue;
    }
    const values = typeof raw === 'object' ? raw : [String(raw)];
    for (const value of values) parts.push(`${name}=${encodeQueryValue(value, encoding)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
