import { describe, expect, it } from 'vitest';
import { firstMultipartPart, MultipartError } from './multipart.ts';

const bytes = (...chunks: (string | number[])[]) => {
  const parts = chunks.map((c) => (typeof c === 'string' ? Uint8Array.from(c, (ch) => ch.charCodeAt(0)) : Uint8Array.from(c)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('firstMultipartPart', () => {
  it('returns the first part and its Content-Type, binary bytes untouched', () => {
    const payload = [0x44, 0x49, 0x43, 0x4d, 13, 10, 45, 45, 0, 255];
    const body = bytes(
      '--abc\r\nContent-Type: application/dicom\r\nContent-Length: 10\r\n\r\n',
      payload,
      '\r\n--abc\r\nContent-Type: application/dicom\r\n\r\nsecond\r\n--abc--\r\n',
    );
    const part = firstMultipartPart(body, 'multipart/related; type="application/dicom"; boundary=abc');
    expect(part.contentType).toBe('application/dicom');
    expect(Array.from(part.bytes)).toEqual(payload);
  });

  it('reads a quoted boundary and a preamble before the first delimiter', () => {
    const body = bytes('preamble\r\n--a b\r\ncontent-type: application/dicom; transfer-syntax=1.2.840.10008.1.2.2\r\n\r\nXY\r\n--a b--');
    const part = firstMultipartPart(body, 'multipart/related; boundary="a b"; type="application/dicom"');
    expect(part.contentType).toBe('application/dicom; transfer-syntax=1.2.840.10008.1.2.2');
    expect(String.fromCharCode(...part.bytes)).toBe('XY');
  });

  it('names a response that is not multipart, has no part, or is truncated', () => {
    expect(() => firstMultipartPart(bytes('x'), 'application/dicom')).toThrow(MultipartError);
    expect(() => firstMultipartPart(bytes('nothing here'), 'multipart/related; boundary=abc')).toThrow(/holds no part/);
    expect(() => firstMultipartPart(bytes('--abc\r\nContent-Type: application/dicom\r\n\r\nDICM…'), 'multipart/related; boundary=abc')).toThrow(/truncated/);
  });
});
