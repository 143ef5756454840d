import { describe, expect, it } from 'vitest';
import { StowBodyCheck, stowBoundary } from './stow-body-check.ts';

const B = 'readroom-boundary';
const DICOM = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from(`\r\n--${B.slice(0, 5)} not a delimiter\r\n`), Buffer.alloc(300, 7)]);

function part(body: Buffer = DICOM, headers = 'Content-Type: application/dicom'): Buffer {
  return Buffer.concat([Buffer.from(`--${B}\r\n${headers}\r\n\r\n`), body, Buffer.from('\r\n')]);
}
const CLOSE = Buffer.from(`--${B}--\r\n`);

/** The verdict on a body fed as the given pieces. */
function check(pieces: Buffer[]): ReturnType<StowBodyCheck['finish']> {
  const checker = new StowBodyCheck(B);
  for (const piece of pieces) checker.push(piece);
  return checker.finish();
}

/** The same verdict whether the body comes whole, byte by byte or split in two anywhere. */
function verdict(body: Buffer): ReturnType<StowBodyCheck['finish']> {
  const whole = check([body]);
  expect(check([...body].map((byte) => Buffer.from([byte])))).toEqual(whole);
  for (let cut = 0; cut <= body.length; cut++) expect(check([body.subarray(0, cut), body.subarray(cut)]), `cut at ${cut}`).toEqual(whole);
  return whole;
}

describe('StowBodyCheck', () => {
  it('counts the parts of well-formed bodies', () => {
    expect(verdict(Buffer.concat([part(), CLOSE]))).toEqual({ parts: 1 });
    expect(verdict(Buffer.concat([part(), part(Buffer.from('x'), 'content-type: Application/DICOM; transfer-syntax=1.2.840.10008.1.2.1'), CLOSE]))).toEqual({
      parts: 2,
    });
    expect(verdict(Buffer.concat([Buffer.from('a preamble\r\n'), part(), CLOSE, Buffer.from('an epilogue')]))).toEqual({ parts: 1 });
    expect(verdict(Buffer.concat([part(), Buffer.from(`--${B}--`)]))).toEqual({ parts: 1 });
    expect(verdict(Buffer.concat([Buffer.from(`--${B} \t\r\nContent-Type: application/dicom\r\n\r\nx\r\n`), CLOSE]))).toEqual({ parts: 1 });
  });

  it('refuses a body cut anywhere before its closing delimiter', () => {
    const body = Buffer.concat([part(), part(), CLOSE]);
    const closing = body.length - CLOSE.length + `--${B}--`.length;
    for (let end = 0; end < closing; end++) {
      expect(check([body.subarray(0, end)]), `cut at ${end}`).toMatchObject({ status: 400, error: 'bad_multipart' });
    }
    expect(check([body.subarray(0, body.length - CLOSE.length)])).toMatchObject({ message: expect.stringContaining('ended before its closing delimiter') });
  });

  it('refuses a body that is not multipart at all, or holds no part', () => {
    expect(verdict(Buffer.from(''))).toMatchObject({ status: 400, message: expect.stringContaining('no multipart delimiter') });
    expect(verdict(Buffer.from('hello, not multipart'))).toMatchObject({ status: 400, message: expect.stringContaining('no multipart delimiter') });
    expect(verdict(DICOM)).toMatchObject({ status: 400 });
    expect(verdict(Buffer.from(`--${B}--\r\n`))).toMatchObject({ status: 400, message: expect.stringContaining('holds no DICOM part') });
  });

  it('refuses parts that are not application/dicom (415) and empty parts (400)', () => {
    expect(verdict(Buffer.concat([part(DICOM, 'Content-Type: text/plain'), CLOSE]))).toMatchObject({
      status: 415,
      error: 'unsupported_media_type',
      message: expect.stringContaining('Part 1'),
    });
    expect(verdict(Buffer.concat([part(), part(DICOM, 'X-Other: 1'), CLOSE]))).toMatchObject({ status: 415, message: expect.stringContaining('Part 2') });
    expect(verdict(Buffer.concat([part(), part(DICOM, 'Content-Type: application/dicom+json'), CLOSE]))).toMatchObject({ status: 415 });
    expect(verdict(Buffer.concat([part(Buffer.alloc(0)), CLOSE]))).toMatchObject({
      status: 400,
      message: expect.stringContaining('Part 1 of the STOW upload is empty'),
    });
  });

  it('refuses malformed delimiter lines and oversized part headers', () => {
    expect(verdict(Buffer.concat([Buffer.from(`--${B}x\r\nContent-Type: application/dicom\r\n\r\nx\r\n`), CLOSE]))).toMatchObject({
      status: 400,
      message: expect.stringContaining('malformed multipart delimiter'),
    });
    expect(check([Buffer.concat([Buffer.from(`--${B}\r\nX-Big: ${'a'.repeat(17 * 1024)}`)])])).toMatchObject({
      status: 400,
      message: expect.stringContaining('16 KiB'),
    });
  });

  it('holds only a few bytes of a large part', () => {
    const checker = new StowBodyCheck(B);
    checker.push(Buffer.from(`--${B}\r\nContent-Type: application/dicom\r\n\r\n`));
    const chunk = Buffer.alloc(1024 * 1024, 1);
    for (let i = 0; i < 64; i++) checker.push(chunk);
    expect((checker as unknown as { pending: Buffer }).pending.length).toBeLessThan(100);
    checker.push(Buffer.concat([Buffer.from('\r\n'), CLOSE]));
    expect(checker.finish()).toEqual({ parts: 1 });
  });
});

describe('stowBoundary', () => {
  it('takes multipart/related with type application/dicom and a boundary', () => {
    expect(stowBoundary(`multipart/related; type="application/dicom"; boundary=${B}`, undefined)).toEqual({ boundary: B });
    expect(stowBoundary(`Multipart/Related; boundary="${B}"; type=application/dicom`, 'identity')).toEqual({ boundary: B });
  });

  it('refuses other media types (415), a missing boundary (400) and compressed bodies (415)', () => {
    expect(stowBoundary(`multipart/form-data; boundary=${B}`, undefined)).toMatchObject({ status: 415 });
    expect(stowBoundary(`multipart/related; boundary=${B}`, undefined)).toMatchObject({ status: 415 });
    expect(stowBoundary(`multipart/related; type="application/dicom+xml"; boundary=${B}`, undefined)).toMatchObject({ status: 415 });
    expect(stowBoundary('application/dicom', undefined)).toMatchObject({ status: 415 });
    expect(stowBoundary(undefined, undefined)).toMatchObject({ status: 415 });
    expect(stowBoundary('multipart/related; type="application/dicom"', undefined)).toMatchObject({ status: 400, error: 'bad_multipart' });
    expect(stowBoundary(`multipart/related; type="application/dicom"; boundary=${B}`, 'gzip')).toMatchObject({ status: 415 });
  });
});
