import type { IncomingHttpHeaders } from 'node:http';

/** Header rewriting between the browser and the archive, in both directions. */

/** RFC 9110 §7.6.1 hop-by-hop headers, plus the proxy-only ones. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * The only browser headers the archive gets: content negotiation and the description of a STOW body.
 * Everything else stays behind: the browser's credentials and cookies (the gateway's own replace them),
 * client-supplied forwarding claims, and headers the archive would act on, such as Orthanc's
 * X-HTTP-Method-Override, which turns a POST or GET into a PUT or DELETE inside the archive.
 */
const SENT_TOWARD_UPSTREAM = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-length',
  'content-type',
  'if-modified-since',
  'if-none-match',
  'user-agent',
]);

/**
 * Never sent back to the browser: WWW-Authenticate would make the browser pop a native login dialog for
 * the archive's credentials (which only the gateway holds); cookies belong to the gateway's session with
 * the archive, not to the browser.
 */
const DROP_TOWARD_CLIENT = new Set(['www-authenticate', 'set-cookie', 'set-cookie2']);

function connectionTokens(value: string | string[] | undefined): Set<string> {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    joined
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** Only a plain host[:port] goes into Forwarded, so nothing can inject extra parameters. */
const SAFE_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** Whether a string holds a C0 control character or DEL (never allowed in a path segment or header value). */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) if (value.charCodeAt(i) < 0x20 || value.charCodeAt(i) === 0x7f) return true;
  return false;
}

/**
 * `Forwarded: host=<host>;proto=<proto>` for Orthanc, which builds BulkDataURIs and RetrieveURLs from it.
 * The host is deliberately unquoted even with a port: Orthanc's DICOMweb plugin splits on `;` and `=` and
 * would keep the quotes (RFC 7239 would quote `host="gw:8080"`). The Host check has already accepted it.
 */
export function forwardedHeader(host: string | undefined, proto: string): string {
  const safeProto = proto === 'https' ? 'https' : 'http';
  return host && SAFE_HOST.test(host) ? `host=${host};proto=${safeProto}` : `proto=${safeProto}`;
}

/** Headers minus hop-by-hop ones (standard and those named in Connection) and those `keep` refuses, names lower-cased. */
function endToEndHeaders(headers: Record<string, string | string[] | undefined>, keep: (name: string) => boolean): Record<string, string | string[]> {
  const hopByHop = connectionTokens(headers['connection']);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || hopByHop.has(lower) || !keep(lower)) continue;
    out[lower] = value;
  }
  return out;
}

export function headersTowardUpstream(
  incoming: IncomingHttpHeaders,
  options: { authorization?: string | undefined; forwarded: string },
): Record<string, string | string[]> {
  const out = endToEndHeaders(incoming, (name) => SENT_TOWARD_UPSTREAM.has(name));
  if (options.authorization) out['authorization'] = options.authorization;
  out['forwarded'] = options.forwarded;
  return out;
}

export function headersTowardClient(upstream: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  return endToEndHeaders(upstream, (name) => !DROP_TOWARD_CLIENT.has(name));
}
