import { randomUUID } from 'node:crypto';

/** multipart/related bodies (PS3.18 §8.6) for STOW-RS requests and WADO-RS responses. */

export interface MultipartBody {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

const CRLF = '\r\n';

export function buildMultipartRelated(parts: readonly Uint8Array[], partType: string): MultipartBody {
  const boundary = `readroom-${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(`--${boundary}${CRLF}Content-Type: ${partType}${CRLF}${CRLF}`),
      Buffer.from(part.buffer, part.byteOffset, part.byteLength),
      Buffer.from(CRLF),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--${CRLF}`));
  const joined = Buffer.concat(chunks);
  // Buffer.concat allocates a plain ArrayBuffer; fetch's BodyInit type wants to know that.
  const body = new Uint8Array(joined.buffer as ArrayBuffer, joined.byteOffset, joined.byteLength);
  return { body, contentType: `multipart/related; type="${partType}"; boundary=${boundary}` };
}

export interface MultipartPart {
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

export function boundaryOf(contentType: string): string {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new Error(`No boundary in Content-Type "${contentType}"`);
  return boundary;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split(CRLF)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Splits a multipart body into parts; the part bodies are exact (no trailing CRLF). */
export function parseMultipart(body: Uint8Array, contentType: string): MultipartPart[] {
  const data = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const parts: MultipartPart[] = [];
  let position = data.indexOf(delimiter);
  while (position >= 0) {
    const afterDelimiter = position + delimiter.length;
    if (data.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    // Searching from the delimiter's own CRLF also finds an empty header block.
    const headerStart = afterDelimiter + CRLF.length;
    const headerEnd = data.indexOf(`${CRLF}${CRLF}`, afterDelimiter);
    if (headerEnd < 0) throw new Error('Malformed multipart body: part without header end');
    const next = data.indexOf(Buffer.concat([Buffer.from(CRLF), delimiter]), headerEnd);
    if (next < 0) throw new Error('Malformed multipart body: no closing delimiter');
    parts.push({
      headers: parseHeaders(data.subarray(Math.min(headerStart, headerEnd), headerEnd).toString('latin1')),
      body: data.subarray(headerEnd + 4, next),
    });
    position = next + CRLF.length;
  }
  return parts;
}
