import { describe, expect, it } from 'vitest';
import { FrameDecodeError, UndisplayableTransferSyntaxError, UnsupportedPixelDataError } from '../../imaging/transfer-syntax-policy.ts';
import { describeLoadError, FrameRetrievalError, isTransferSyntaxError } from './load-errors.ts';

const MPEG2 = '1.2.840.10008.1.2.4.100';

describe('describeLoadError', () => {
  it("passes on the transfer-syntax policy's own sentences", () => {
    const undisplayable = new UndisplayableTransferSyntaxError(MPEG2);
    expect(describeLoadError(undisplayable)).toBe(undisplayable.message);
    const unsupported = new UnsupportedPixelDataError(undefined, 'the stored instance has Rows 10, its metadata 12');
    expect(describeLoadError(unsupported)).toBe(unsupported.message);
    const decode = new FrameDecodeError('1.2.840.10008.1.2.4.80', new Error('bad marker'));
    expect(describeLoadError(decode)).toBe(decode.message);
  });

  it('names the HTTP status of a failed streamed retrieval, and an unreachable server as such', () => {
    expect(describeLoadError(new FrameRetrievalError(404))).toBe('The image could not be retrieved (HTTP 404).');
    expect(describeLoadError(new FrameRetrievalError(0))).toMatch(/not reachable, or the transfer was cut off/);
  });

  it('reads errors, objects with a message or a status, and wrapped errors', () => {
    expect(describeLoadError(new Error('no pixel data'))).toBe('The image could not be shown: no pixel data');
    expect(describeLoadError({ message: 'decoder failed' })).toBe('The image could not be shown: decoder failed');
    expect(describeLoadError({ status: 503 })).toBe('The image could not be retrieved (HTTP 503).');
    expect(describeLoadError({ error: new FrameRetrievalError(500) })).toBe('The image could not be retrieved (HTTP 500).');
  });

  it('still says something for anything else', () => {
    expect(describeLoadError(undefined)).toBe('The image could not be shown (unknown error).');
    expect(describeLoadError('boom')).toBe('The image could not be shown (unknown error).');
  });
});

describe('FrameRetrievalError', () => {
  it('keeps the status and says what failed', () => {
    const err = new FrameRetrievalError(502, { cause: new Error('upstream') });
    expect(err.status).toBe(502);
    expect(err.name).toBe('FrameRetrievalError');
    expect(err.message).toBe('The frame request failed (HTTP 502).');
    expect(new FrameRetrievalError(0).message).toBe('The frame could not be retrieved whole.');
  });
});

describe('isTransferSyntaxError', () => {
  it('is true only for failures about the image’s transfer syntax', () => {
    expect(isTransferSyntaxError(new UndisplayableTransferSyntaxError(MPEG2))).toBe(true);
    expect(isTransferSyntaxError(new FrameDecodeError(undefined, undefined))).toBe(true);
    expect(isTransferSyntaxError(new UnsupportedPixelDataError(undefined, 'x'))).toBe(true);
    expect(isTransferSyntaxError(new FrameRetrievalError(500))).toBe(false);
    expect(isTransferSyntaxError(new Error('x'))).toBe(false);
  });
});
