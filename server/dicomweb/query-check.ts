/**
 * Query strings on their way to the archive. They go out byte for byte (Orthanc needs literal `^ * ?` in
 * QIDO values), so the gateway only refuses what it must: Orthanc's `_method` parameter, which turns a GET
 * into a PUT or DELETE inside the archive, and paging values the archive would answer with a 500.
 */

export interface QueryRefusal {
  error: 'method_override' | 'bad_query';
  message: string;
}

const PAGING_KEYS = new Set(['limit', 'offset']);
const WHOLE_NUMBER = /^[0-9]{1,9}$/;

/** Percent-decodes what decodes (and `+` as a space), leaving malformed escapes as they are. */
function decodeLeniently(text: string): string {
  return text.replace(/\+/g, ' ').replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * A parameter name as any server might read it: decoded until it no longer changes (so double encoding
 * does not hide it), lower case, without spaces or control characters.
 */
function normalizedKey(rawKey: string): string {
  let key = rawKey;
  for (let i = 0; i < 8; i++) {
    const decoded = decodeLeniently(key);
    if (decoded === key) break;
    key = decoded;
  }
  let compact = '';
  for (const char of key.toLowerCase()) if (char.charCodeAt(0) > 0x20 && char.charCodeAt(0) !== 0x7f) compact += char;
  return compact;
}

/** Why this query string (without its `?`) may not go to the archive, or undefined when it may. */
export function refuseQuery(rawQuery: string): QueryRefusal | undefined {
  if (rawQuery === '') return undefined;
  const params = rawQuery.split(/[&;]/).map((param) => {
    const equals = param.indexOf('=');
    return { key: normalizedKey(equals === -1 ? param : param.slice(0, equals)), value: equals === -1 ? '' : param.slice(equals + 1) };
  });
  if (params.some(({ key }) => key.includes('_method'))) {
    return {
      error: 'method_override',
      message: 'The gateway does not forward the _method parameter: it would change the request into another one inside the archive.',
    };
  }
  // Values are checked raw: the archive does not percent-decode them either.
  if (params.some(({ key, value }) => PAGING_KEYS.has(key) && !WHOLE_NUMBER.test(value))) {
    return { error: 'bad_query', message: 'limit and offset must be whole numbers (0 or more).' };
  }
  return undefined;
}
