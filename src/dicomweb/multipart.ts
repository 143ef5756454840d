import { boundaryOfContentType, MultipartReader } from './multipart-reader.ts';

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

/** Cuts the first part out of a whole multipart body, given the response's Content-Type (which names the boundary). */
export function firstMultipartPart(body: Uint8Array, contentType: string): MultipartPart {
  const boundary = boundaryOfContentType(contentType);
  if (!boundary) throw new MultipartError(`Not a multipart response with a boundary (${contentType || 'no Content-Type'})`);
  const reader = new MultipartReader(boundary);
  const [first] = reader.push(body);
  if (first) return { contentType: first.headers['content-type'], bytes: first.body };
  throw new MultipartError(
    reader.sawDelimiter && !reader.complete ? 'The multipart response ends inside its first part (truncated)' : 'The multipart response holds no part',
  );
}
