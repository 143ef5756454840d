import { boundaryOfContentType, headerParameters } from '../../src/dicomweb/multipart-reader.ts';

/**
 * What a STOW-RS body must be before it goes to the archive: `multipart/related; type="application/dicom"`
 * with a boundary, at least one part, every part `application/dicom` and not empty, and a closing
 * delimiter. Orthanc answers 200 and stores nothing for a truncated body, a body without delimiters or a
 * `multipart/form-data` upload, so these are refused here instead. The check reads the body as it arrives
 * and keeps only a few kilobytes of it (a part may be hundreds of megabytes).
 */

export interface StowBodyProblem {
  status: 400 | 415;
  error: 'bad_multipart' | 'unsupported_media_type';
  message: string;
}

function unsupported(message: string): StowBodyProblem {
  return { status: 415, error: 'unsupported_media_type', message };
}

function malformed(message: string): StowBodyProblem {
  return { status: 400, error: 'bad_multipart', message };
}

function mediaType(contentType: string): string {
  return contentType.split(';', 1)[0]!.trim().toLowerCase();
}

/** The boundary of an acceptable STOW request, or why the request is refused from its headers alone. */
export function stowBoundary(contentType: string | undefined, contentEncoding: string | undefined): { boundary: string } | StowBodyProblem {
  if (contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== 'identity') {
    return unsupported('A STOW upload must not be compressed (Content-Encoding).');
  }
  const type = contentType ?? '';
  if (mediaType(type) !== 'multipart/related') {
    return unsupported('A STOW upload must be multipart/related; type="application/dicom" (one DICOM file per part).');
  }
  if (mediaType(headerParameters(type)['type'] ?? '') !== 'application/dicom') {
    return unsupported('A STOW upload must name its parts\' type: multipart/related; type="application/dicom".');
  }
  const boundary = boundaryOfContentType(type);
  if (!boundary) return malformed("The STOW upload's Content-Type has no usable boundary.");
  return { boundary };
}

const CR = 13;
const LF = 10;
const DASH = 45;
const MAX_HEADER_BYTES = 16 * 1024;

type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';

export class StowBodyCheck {
  private readonly delimiter: Buffer;
  /** Bytes not yet decided; in a part body only the last few (a delimiter may start in them). */
  private pending: Buffer;
  private state: State = 'preamble';
  private partBytes = 0;
  private parts = 0;
  private problem: StowBodyProblem | undefined;

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
    // A virtual line break: the first delimiter may open the body without one.
    this.pending = Buffer.from('\r\n');
  }

  push(chunk: Uint8Array): void {
    if (this.problem || this.state === 'done') return;
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    while (!this.problem && this.step());
  }

  /** The body ended: the number of parts, or what is wrong with it. */
  finish(): { parts: number } | StowBodyProblem {
    if (this.problem) return this.problem;
    if (this.state === 'done') return this.parts > 0 ? { parts: this.parts } : malformed('The STOW upload holds no DICOM part.');
    if (this.state === 'preamble') return malformed('The STOW upload holds no multipart delimiter: it is not the multipart body its Content-Type announces.');
    return malformed('The STOW upload ended before its closing delimiter (the upload was cut short).');
  }

  /** Advances by one state if the pending bytes allow; false when more bytes are needed. */
  private step(): boolean {
    const data = this.pending;
    switch (this.state) {
      case 'preamble':
      case 'body': {
        const at = data.indexOf(this.delimiter);
        if (at === -1) {
          const keep = Math.min(data.length, this.delimiter.length - 1);
          if (this.state === 'body') this.partBytes += data.length - keep;
          this.pending = data.subarray(data.length - keep);
          return false;
        }
        if (this.state === 'body') {
          this.partBytes += at;
          if (this.partBytes === 0) {
            this.problem = malformed(`Part ${this.parts} of the STOW upload is empty.`);
            return false;
          }
        }
        this.pending = data.subarray(at + this.delimiter.length);
        this.state = 'after-delimiter';
        return true;
      }
      case 'after-delimiter': {
        if (data.length < 2) return false;
        if (data[0] === DASH && data[1] === DASH) {
          this.state = 'done';
          this.pending = Buffer.alloc(0);
          return false;
        }
        let lineEnd = 0;
        while (lineEnd < data.length && (data[lineEnd] === 32 || data[lineEnd] === 9)) lineEnd++;
        if (lineEnd + 2 > data.length) return false;
        if (data[lineEnd] !== CR || data[lineEnd + 1] !== LF) {
          this.problem = malformed('The STOW upload has a malformed multipart delimiter line.');
          return false;
        }
        this.pending = data.subarray(lineEnd + 2);
        this.state = 'headers';
        return true;
      }
      case 'headers': {
        const end = data.length >= 2 && data[0] === CR && data[1] === LF ? 0 : data.indexOf('\r\n\r\n');
        if (end === -1) {
          if (data.length > MAX_HEADER_BYTES) this.problem = malformed('A part of the STOW upload has more than 16 KiB of headers.');
          return false;
        }
        this.parts += 1;
        const contentType = partContentType(data.subarray(0, end).toString('latin1'));
        if (contentType === undefined || mediaType(contentType) !== 'application/dicom') {
          this.problem = unsupported(`Part ${this.parts} of the STOW upload is not application/dicom.`);
          return false;
        }
        this.pending = data.subarray(end === 0 ? 2 : end + 4);
        this.partBytes = 0;
        this.state = 'body';
        return true;
      }
      case 'done':
        return false;
    }
  }
}

function partContentType(headerBlock: string): string | undefined {
  for (const line of headerBlock.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-type') return line.slice(colon + 1).trim();
  }
  return undefined;
}
