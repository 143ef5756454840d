/**
 * Incremental reader of a multipart body (RFC 2046, as WADO-RS frame responses use it): bytes go in as
 * they arrive, each part comes out as soon as its closing delimiter has been seen. Pure TypeScript on
 * Uint8Array, used by the browser (frame batches over fetch) and by the gateway (the archive's frames).
 */

export interface MultipartPart {
  /** Header names in lower case; values as sent (ISO-8859-1). */
  headers: Record<string, string>;
  body: Uint8Array;
}

export class MultipartParseError extends Error {
  override name = 'MultipartParseError';
}

/** Parameters of a header value like `multipart/related; type="image/jls; transfer-syntax=…"; boundary=x` (quotes respected). */
export function headerParameters(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pattern = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = pattern.exec(value); m; m = pattern.exec(value)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!.trim();
  }
  return params;
}

/** The `boundary` parameter of a multipart Content-Type, if it is one. */
export function boundaryOfContentType(contentType: string | null | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return undefined;
  const boundary = headerParameters(contentType)['boundary'];
  return boundary && boundary.length <= 200 ? boundary : undefined;
}

const CR = 13;
const LF = 10;
const DASH = 45;
const MAX_HEADER_BYTES = 16 * 1024;

function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

/** First index of `pattern` in `data[from, end)`, or -1. */
function indexOf(data: Uint8Array, pattern: Uint8Array, from: number, end: number): number {
  const first = pattern[0]!;
  const last = end - pattern.length;
  for (let i = data.indexOf(first, from); i !== -1 && i <= last; i = data.indexOf(first, i + 1)) {
    let j = 1;
    while (j < pattern.length && data[i + j] === pattern[j]) j++;
    if (j === pattern.length) return i;
  }
  return -1;
}

function parseHeaders(block: Uint8Array): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of latin1(block).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

type State = 'delimiter' | 'headers' | 'body' | 'done';

export class MultipartReader {
  /** `CRLF--boundary`: the body starts with a virtual CRLF so the first delimiter needs no special case. */
  private readonly delimiter: Uint8Array;
  private buffer = new Uint8Array(64 * 1024);
  private length = 0;
  /** Where the current state's data starts in the buffer. */
  private start = 0;
  /** How far the search for the current state's terminator got (nothing before it can match). */
  private scanned = 0;
  private state: State = 'delimiter';
  private headers: Record<string, string> = {};
  private seenDelimiter = false;

  constructor(boundary: string) {
    if (!boundary) throw new MultipartParseError('A multipart body needs a boundary');
    this.delimiter = ascii(`\r\n--${boundary}`);
    this.append(ascii('\r\n'));
  }

  /** True once a delimiter has been read (a body without one is not multipart at all). */
  get sawDelimiter(): boolean {
    return this.seenDelimiter;
  }

  /** True once the closing delimiter (`--boundary--`) has been read. */
  get complete(): boolean {
    return this.state === 'done';
  }

  /** Feeds the next bytes of the body; returns the parts they completed, in order. */
  push(chunk: Uint8Array): MultipartPart[] {
    if (this.state === 'done') return []; // the epilogue is ignored
    this.append(chunk);
    const parts: MultipartPart[] = [];
    while (this.step(parts));
    this.compact();
    return parts;
  }

  /** The body ended: throws when it ended before the closing delimiter (a truncated response). */
  finish(): void {
    if (this.state === 'done') return;
    throw new MultipartParseError(
      this.seenDelimiter ? 'The multipart body ended in the middle of a part (truncated response)' : 'The body holds no multipart delimiter',
    );
  }

  private append(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + chunk.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length += chunk.length;
  }

  /** Drops what has been consumed, so the buffer holds at most the part being read. */
  private compact(): void {
    if (this.start === 0) return;
    this.buffer.copyWithin(0, this.start, this.length);
    this.length -= this.start;
    this.scanned -= this.start;
    this.start = 0;
  }

  /** Advances by one state if the buffer allows; false when more bytes are needed. */
  private step(parts: MultipartPart[]): boolean {
    const data = this.buffer;
    switch (this.state) {
      case 'delimiter': {
        // Preamble (or the end of the previous part): find `CRLF--boundary`, then `--` or padding + CRLF.
        const at = indexOf(data, this.delimiter, Math.max(this.start, this.scanned), this.length);
        if (at === -1) {
          this.scanned = Math.max(this.start, this.length - this.delimiter.length + 1);
          return false;
        }
        const after = at + this.delimiter.length;
        if (after + 2 > this.length) return false;
        this.seenDelimiter = true;
        if (data[after] === DASH && data[after + 1] === DASH) {
          this.state = 'done';
          this.start = this.length;
          return true;
        }
        let lineEnd = after;
        while (lineEnd < this.length && (data[lineEnd] === 32 || data[lineEnd] === 9)) lineEnd++;
        if (lineEnd + 2 > this.length) return false;
        if (data[lineEnd] !== CR || data[lineEnd + 1] !== LF) throw new MultipartParseError('Malformed multipart delimiter line');
        this.start = this.scanned = lineEnd + 2;
        this.state = 'headers';
        return true;
      }
      case 'headers': {
        if (this.length - this.start >= 2 && data[this.start] === CR && data[this.start + 1] === LF) {
          this.headers = {};
          this.start = this.scanned = this.start + 2;
          this.state = 'body';
          return true;
        }
        const end = indexOf(data, ascii('\r\n\r\n'), Math.max(this.start, this.scanned), this.length);
        if (end === -1) {
          if (this.length - this.start > MAX_HEADER_BYTES) throw new MultipartParseError('A multipart part has more than 16 KiB of headers');
          this.scanned = Math.max(this.start, this.length - 3);
          return false;
        }
        this.headers = parseHeaders(data.subarray(this.start, end));
        this.start = this.scanned = end + 4;
        this.state = 'body';
        return true;
      }
      case 'body': {
        const at = indexOf(data, this.delimiter, Math.max(this.start, this.scanned), this.length);
        if (at === -1) {
          this.scanned = Math.max(this.start, this.length - this.delimiter.length + 1);
          return false;
        }
        parts.push({ headers: this.headers, body: data.slice(this.start, at) });
        this.start = this.scanned = at;
        this.state = 'delimiter';
        return true;
      }
      case 'done':
        return false;
    }
  }
}

function isWebStream(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): body is ReadableStream<Uint8Array> {
  return typeof (body as ReadableStream<Uint8Array>).getReader === 'function';
}

async function* chunksOf(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (!isWebStream(body)) {
    yield* body;
    return;
  }
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // The consumer stopped early (or failed): stop the download too.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * The parts of a multipart body, each as soon as it is complete. Throws MultipartParseError when the
 * body is malformed or ends before its closing delimiter; the parts before that have been yielded.
 */
export async function* readMultipartParts(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, boundary: string): AsyncGenerator<MultipartPart> {
  const reader = new MultipartReader(boundary);
  // Read to the end even after the closing delimiter, so the connection can be reused.
  for await (const chunk of chunksOf(body)) yield* reader.push(chunk);
  reader.finish();
}
