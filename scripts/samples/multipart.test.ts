import { describe, expect, it } from 'vitest';
import { boundaryOf, buildMultipartRelated, parseMultipart } from './multipart.ts';

describe('multipart/related', () => {
  it('round-trips binary parts, including ones that contain CRLF and dashes', () => {
    const parts = [new Uint8Array([0, 13, 10, 45, 45, 255]), new Uint8Array(0), new Uint8Array([1, 2, 3])];
    const { body, contentType } = buildMultipartRelated(parts, 'application/dicom');
    expect(contentType).toMatch(/^multipart\/related; type="application\/dicom"; boundary=readroom-/);
    const parsed = parseMultipart(body, contentType);
    expect(parsed.map((p) => [...p.body])).toEqual(parts.map((p) => [...p]));
    expect(parsed[0]!.headers['content-type']).toBe('application/dicom');
  });

  it('reads a quoted boundary and a part without headers', () => {
    const body = Buffer.from('--abc\r\n\r\nxyz\r\n--abc\r\nContent-Type: image/jls\r\n\r\n12\r\n--abc--\r\n');
    const parsed = parseMultipart(body, 'multipart/related; type="application/octet-stream"; boundary="abc"');
    expect(parsed.map((p) => p.body.toString())).toEqual(['xyz', '12']);
    expect(parsed[0]!.headers).toEqual({});
    expect(parsed[1]!.headers['content-type']).toBe('image/jls');
  });

  it('refuses a content type without boundary', () => {
    expect(() => boundaryOf('multipart/related')).toThrow(/boundary/);
  });
});
