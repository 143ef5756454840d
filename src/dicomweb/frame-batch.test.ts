import { describe, expect, it } from 'vitest';
import { FrameBatchError, requestFrameBatch, type BatchedFrame, type FrameBatchRequest } from './frame-batch.ts';

const enc = (text: string) => new TextEncoder().encode(text);
const ROOT = 'http://gw/dicom-web';
const REQUEST: FrameBatchRequest = {
  wadoRoot: ROOT,
  studyInstanceUID: '1.2',
  seriesInstanceUID: '1.2.3',
  frames: [
    { sopInstanceUID: '1.2.3.1', frameNumber: 1 },
    { sopInstanceUID: '1.2.3.2', frameNumber: 1 },
    { sopInstanceUID: '1.2.3.3', frameNumber: 2 },
  ],
  accept: 'multipart/related; type=application/octet-stream; transfer-syntax=*',
};

function part(sop: string, frame: number, body: string, extra = 'Content-Type: image/jls; transfer-syntax=1.2.840.10008.1.2.4.80'): string {
  return `--B\r\nContent-Location: /dicom-web/studies/1.2/series/1.2.3/instances/${sop}/frames/${frame}\r\n${extra}\r\n\r\n${body}\r\n`;
}

/** A fetch whose answer body the test feeds chunk by chunk. */
function controlledFetch(status = 200, contentType = 'multipart/related; type="application/octet-stream"; boundary=B') {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const calls: Array<{ url: string; accept: string | null }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, accept: new Headers(init.headers).get('accept') });
    init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    return new Response(body, { status, headers: { 'content-type': contentType } });
  }) as unknown as typeof fetch;
  return { fetchImpl, calls, send: (text: string) => controller.enqueue(enc(text)), end: () => controller.close() };
}

/** Which of the promises have settled, after the microtasks and one macrotask have run. */
async function settled(promises: ReadonlyArray<Promise<BatchedFrame>>): Promise<Array<BatchedFrame | 'pending'>> {
  const pending = Symbol('pending');
  await new Promise((r) => setTimeout(r, 0));
  return Promise.all(promises.map((p) => Promise.race([p, Promise.resolve(pending)]).then((v) => (v === pending ? 'pending' : (v as BatchedFrame)))));
}

const text = (frame: BatchedFrame | 'pending') => (frame !== 'pending' && frame.kind === 'frame' ? new TextDecoder().decode(frame.bytes) : frame);

describe('requestFrameBatch', () => {
  it('asks once with the frames and the frame Accept, and settles each frame as its part arrives', async () => {
    const f = controlledFetch();
    const batch = requestFrameBatch(REQUEST, { fetch: f.fetchImpl });
    const second = part('1.2.3.2', 1, 'two');
    f.send(part('1.2.3.1', 1, 'one') + second.slice(0, -3));
    expect((await settled(batch.frames)).map(text)).toEqual(['one', 'pending', 'pending']);
    f.send('o\r\n--');
    expect((await settled(batch.frames)).map(text)).toEqual(['one', 'pending', 'pending']);
    f.send('B');
    expect((await settled(batch.frames)).map(text)).toEqual(['one', 'two', 'pending']);
    f.send(`\r\n${part('1.2.3.3', 2, 'three').slice('--B\r\n'.length)}--B--\r\n`);
    f.end();
    await batch.done;
    const frames = await Promise.all(batch.frames);
    expect(frames.map(text)).toEqual(['one', 'two', 'three']);
    expect(frames[2]).toMatchObject({ kind: 'frame', contentType: 'image/jls; transfer-syntax=1.2.840.10008.1.2.4.80' });
    expect(f.calls).toEqual([{ url: `${ROOT}/studies/1.2/series/1.2.3/frames-batch?frame=1.2.3.1:1&frame=1.2.3.2:1&frame=1.2.3.3:2`, accept: REQUEST.accept }]);
  });

  it('reports a frame the archive refused, with its status, and keeps reading', async () => {
    const f = controlledFetch();
    const batch = requestFrameBatch(REQUEST, { fetch: f.fetchImpl });
    f.send(
      part('1.2.3.1', 1, '{"status":404}', 'Content-Type: application/json\r\nReadroom-Frame-Status: 404') +
        part('1.2.3.2', 1, 'two') +
        part('1.2.3.3', 2, 'three') +
        '--B--',
    );
    f.end();
    await batch.done;
    const frames = await Promise.all(batch.frames);
    expect(frames[0]).toEqual({ kind: 'failed', reason: 'the archive answered HTTP 404 for this frame', status: 404 });
    expect(frames.slice(1).map(text)).toEqual(['two', 'three']);
  });

  it('fails the frames a truncated answer did not bring, keeping those it did', async () => {
    const f = controlledFetch();
    const batch = requestFrameBatch(REQUEST, { fetch: f.fetchImpl });
    f.send(part('1.2.3.1', 1, 'one') + part('1.2.3.2', 1, 'two, cut sh'));
    f.end();
    await batch.done;
    const frames = await Promise.all(batch.frames);
    expect(text(frames[0]!)).toBe('one');
    expect(frames.slice(1)).toEqual([
      { kind: 'failed', reason: expect.stringMatching(/truncated/) },
      { kind: 'failed', reason: expect.stringMatching(/truncated/) },
    ]);
  });

  it('fails the rest when an answer closes early or a part is not the frame expected there', async () => {
    const early = controlledFetch();
    const short = requestFrameBatch(REQUEST, { fetch: early.fetchImpl });
    early.send(part('1.2.3.1', 1, 'one') + '--B--');
    early.end();
    await short.done;
    expect((await Promise.all(short.frames)).map((f) => f.kind)).toEqual(['frame', 'failed', 'failed']);

    const swapped = controlledFetch();
    const batch = requestFrameBatch(REQUEST, { fetch: swapped.fetchImpl });
    swapped.send(part('1.2.3.1', 1, 'one') + part('1.2.3.3', 2, 'three') + part('1.2.3.2', 1, 'two') + '--B--');
    swapped.end();
    await batch.done;
    const frames = await Promise.all(batch.frames);
    expect(frames.map((f) => f.kind)).toEqual(['frame', 'failed', 'failed']);
    expect(frames[1]).toMatchObject({ reason: expect.stringMatching(/part 2 of the batch is not .*1\.2\.3\.2\/frames\/1/) });
  });

  it('fails every frame with the status when the batch itself is refused', async () => {
    const f = controlledFetch(502, 'application/json');
    const batch = requestFrameBatch(REQUEST, { fetch: f.fetchImpl });
    await batch.done;
    expect(await Promise.all(batch.frames)).toEqual(Array(3).fill({ kind: 'failed', reason: 'the batch answered HTTP 502', status: 502 }));
  });

  it('fails the frames still missing when cancelled', async () => {
    const f = controlledFetch();
    const abort = new AbortController();
    const batch = requestFrameBatch(REQUEST, { fetch: f.fetchImpl, signal: abort.signal });
    f.send(part('1.2.3.1', 1, 'one') + '--B');
    await settled(batch.frames);
    abort.abort();
    await batch.done;
    const frames = await Promise.all(batch.frames);
    expect(frames.map((f) => (f.kind === 'failed' ? f.reason : 'frame'))).toEqual(['frame', 'the batch was cancelled', 'the batch was cancelled']);
  });

  it('refuses an empty or oversized batch', () => {
    expect(() => requestFrameBatch({ ...REQUEST, frames: [] })).toThrow(FrameBatchError);
    expect(() => requestFrameBatch({ ...REQUEST, frames: Array.from({ length: 33 }, (_, i) => ({ sopInstanceUID: `1.${i}`, frameNumber: 1 })) })).toThrow(
      FrameBatchError,
    );
  });
});
