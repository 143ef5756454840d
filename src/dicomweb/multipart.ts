/** The first part of a multipart/related body (RFC 2046): its Content-Type and its bytes. */
export interface MultipartPart {
  contentType: string | undefined;
  bytes: Uint8Array;
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!/^multipart\//i.test(contentType.trim()) || !boundary) throw new MultipartError(`Not a multipart response with a boundary (${contentType || 'no Content-Type'})`);
  return boundary;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  outer: for (let i = haystack.indexOf(first!, from); i !== -1 && i <= last; i = haystack.indexOf(first!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const MAX_HEADER_BYTES = 16 * 1024;

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Cuts the first part out of a multipart body, given the response's Content-Type (which names the boundary). */
export function firstMultipartPart(body: Uint8Array, contentType: string): MultipartPart {
  const boundary = boundaryOf(contentType);
  const delimiter = ascii(`--${boundary}`);
  const open = indexOf(body, delimiter, 0);
  if (open === -1) throw new MultipartError('The multipart response holds no part');
  const headersStart = open + delimiter.length + 2;
  const headersEnd = indexOf(body, ascii('\r\n\r\n'), headersStart - 2);
  if (headersEnd === -1 || headersEnd - headersStart > MAX_HEADER_BYTES) throw new MultipartError('The first part of the multipart response has no end of headers');
  const headers = String.fromCharCode(...body.subarray(headersStart, headersEnd));
  const close = indexOf(body, ascii(`\r\n--${boundary}`), headersEnd + 4);
  if (close === -1) throw new MultipartError('The multipart response ends inside its first part (truncated)');
  const line = headers.split('\r\n').find((l) => /^content-type:/i.test(l));
  return { contentType: line?.slice(line.indexOf(':') + 1).trim(), bytes: body.subarray(headersEnd + 4, close) };
}
