import { describe, expect, it } from 'vitest';
import { boundaryOfContentType, headerParameters, MultipartParseError, MultipartReader, readMultipartParts, type MultipartPart } from './multipart-reader.ts';

const enc = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const concat = (...chunks: Uint8Array[]) => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
};

/** Binary bodies with bytes that look like pieces of the delimiter. */
const BODY_A = concat(enc('\r\n--bound\r\n-'), new Uint8Array([0, 255, 13, 10, 45, 45]), enc('--boundar'));
const BODY_B = new Uint8Array(300).map((_, i) => (i * 7) & 0xff);

function multipart(boundary: string, parts: Array<{ headers: string; body: Uint8Array }>, { preamble = '', epilogue = '' } = {}): Uint8Array {
  const chunks: Uint8Array[] = [enc(preamble)];
  for (const [i, part] of parts.entries()) chunks.push(enc(`${i === 0 && !preamble ? '' : '\r\n'}--${boundary}\r\n${part.headers}\r\n`), part.body);
  chunks.push(enc(`\r\n--${boundary}--${epilogue}`));
  return concat(...chunks);
}

const SAMPLE = multipart('boundary', [
  { headers: 'Content-Type: image/jls; transfer-syntax=1.2.840.10008.1.2.4.80\r\nContent-Location: /a/frames/1\r\n', body: BODY_A },
  { headers: 'Content-Type: application/octet-stream\r\n', body: BODY_B },
]);

function readAll(chunks: Uint8Array[], boundary = 'boundary'): MultipartPart[] {
  const reader = new MultipartReader(boundary);
  const parts = chunks.flatMap((c) => reader.push(c));
  reader.finish();
  return parts;
}

function expectSampleParts(parts: MultipartPart[]): void {
  expect(parts).toHaveLength(2);
  expect(parts[0]!.headers).toEqual({ 'content-type': 'image/jls; transfer-syntax=1.2.840.10008.1.2.4.80', 'content-location': '/a/frames/1' });
  expect([...parts[0]!.body]).toEqual([...BODY_A]);
  expect(parts[1]!.headers).toEqual({ 'content-type': 'application/octet-stream' });
  expect([...parts[1]!.body]).toEqual([...BODY_B]);
}

describe('MultipartReader', () => {
  it('reads the parts of a whole body, bytes that resemble the delimiter included', () => {
    expectSampleParts(readAll([SAMPLE]));
  });

  it('gives the same parts wherever the body is split into two chunks (boundaries split across chunks)', () => {
    for (let cut = 0; cut <= SAMPLE.length; cut++) expectSampleParts(readAll([SAMPLE.subarray(0, cut), SAMPLE.subarray(cut)]));
  });

  it('gives the same parts for any chunk size, down to one byte at a time', () => {
    for (const size of [1, 2, 3, 5, 7, 16, 64, 333]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < SAMPLE.length; i += size) chunks.push(SAMPLE.subarray(i, i + size));
      expectSampleParts(readAll(chunks));
    }
  });

  it('returns each part as soon as its closing delimiter has arrived', () => {
    const reader = new MultipartReader('boundary');
    const text = String.fromCharCode(...SAMPLE);
    const endOfFirst = text.indexOf('\r\n--boundary\r\n') + '\r\n--boundary'.length;
    expect(reader.push(SAMPLE.subarray(0, endOfFirst - 1))).toHaveLength(0);
    expect(reader.push(SAMPLE.subarray(endOfFirst - 1, endOfFirst))).toHaveLength(1);
    expect(reader.complete).toBe(false);
    expect(reader.push(SAMPLE.subarray(endOfFirst))).toHaveLength(1);
    expect(reader.complete).toBe(true);
  });

  it('skips a preamble and an epilogue, and accepts padding after a delimiter and parts without headers', () => {
    const body = concat(enc('This is the preamble.\r\n--b  \t\r\n\r\nno headers\r\n--b\r\nX-A: 1\r\n\r\n\r\n--b--\r\nepilogue --b\r\n'));
    const parts = readAll([body], 'b');
    expect(parts.map((p) => [p.headers, new TextDecoder().decode(p.body)])).toEqual([
      [{}, 'no headers'],
      [{ 'x-a': '1' }, ''],
    ]);
  });

  it('throws for a body cut anywhere before its closing delimiter, after returning the parts that were complete', () => {
    const whole = new MultipartReader('boundary').push(SAMPLE);
    for (let cut = 0; cut < SAMPLE.length; cut++) {
      const reader = new MultipartReader('boundary');
      const parts = reader.push(SAMPLE.subarray(0, cut));
      expect(parts).toEqual(whole.slice(0, parts.length));
      expect(() => reader.finish()).toThrow(MultipartParseError);
    }
  });

  it('names a body without any delimiter differently from a truncated one', () => {
    const empty = new MultipartReader('boundary');
    empty.push(enc('{"error":"not multipart"}'));
    expect(() => empty.finish()).toThrow(/no multipart delimiter/);
    const cut = new MultipartReader('boundary');
    cut.push(SAMPLE.subarray(0, 100));
    expect(() => cut.finish()).toThrow(/truncated/);
  });

  it('refuses a malformed delimiter line and endless headers', () => {
    expect(() => new MultipartReader('b').push(enc('--bX\r\n\r\nbody'))).toThrow(/delimiter line/);
    expect(() => new MultipartReader('b').push(enc(`--b\r\nX-Long: ${'a'.repeat(17 * 1024)}`))).toThrow(/16 KiB/);
  });
});

describe('readMultipartParts', () => {
  function webStream(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
    return new ReadableStream({
      start(controller) {
        for (const c of chunks) controller.enqueue(c);
        controller.close();
      },
    });
  }

  it('reads a web ReadableStream and an async iterable (Node streams) alike', async () => {
    const chunks = [SAMPLE.subarray(0, 50), SAMPLE.subarray(50, 51), SAMPLE.subarray(51)];
    const fromWeb: MultipartPart[] = [];
    for await (const part of readMultipartParts(webStream(chunks), 'boundary')) fromWeb.push(part);
    expectSampleParts(fromWeb);
    const fromIterable: MultipartPart[] = [];
    for await (const part of readMultipartParts(
      (async function* () {
        yield* chunks;
      })(),
      'boundary',
    ))
      fromIterable.push(part);
    expectSampleParts(fromIterable);
  });

  it('yields the complete parts of a truncated body, then throws', async () => {
    const cut = SAMPLE.length - 40;
    const seen: MultipartPart[] = [];
    await expect(
      (async () => {
        for await (const part of readMultipartParts(webStream([SAMPLE.subarray(0, cut)]), 'boundary')) seen.push(part);
      })(),
    ).rejects.toThrow(MultipartParseError);
    expect(seen).toHaveLength(1);
    expect([...seen[0]!.body]).toEqual([...BODY_A]);
  });

  it('cancels the stream when the consumer stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(SAMPLE.subarray(0, SAMPLE.length - 20));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const part of readMultipartParts(stream, 'boundary')) {
      expect(part.headers['content-location']).toBe('/a/frames/1');
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('content type parameters', () => {
  it('finds the boundary after a quoted type that holds semicolons', () => {
    const orthanc = 'multipart/related; type="image/jls; transfer-syntax=1.2.840.10008.1.2.4.80"; boundary=add8b85b-7df0';
    expect(boundaryOfContentType(orthanc)).toBe('add8b85b-7df0');
    expect(headerParameters(orthanc)['type']).toBe('image/jls; transfer-syntax=1.2.840.10008.1.2.4.80');
    expect(boundaryOfContentType('multipart/related; boundary="a b;c"')).toBe('a b;c');
  });

  it('has no boundary for a non-multipart type or a missing parameter', () => {
    expect(boundaryOfContentType('application/json; boundary=x')).toBeUndefined();
    expect(boundaryOfContentType('multipart/related; type=application/octet-stream')).toBeUndefined();
    expect(boundaryOfContentType(null)).toBeUndefined();
  });
});
