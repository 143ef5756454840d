import { afterEach, describe, expect, it, vi } from 'vitest';
import { earlyFrameArrival, hasEarlyFrame, startEarlyFrames, takeEarlyFrame } from './early-frames.ts';

const ROOT = '/dicom-web/studies/1.2/series/1.2.3/instances';
const id = (sop: string, frame = 1) => `wadors:${ROOT}/${sop}/frames/${frame}`;
const ACCEPT = 'multipart/related; type=application/octet-stream; transfer-syntax=*';

function part(sop: string, body: string): string {
  return `--B\r\nContent-Location: ${ROOT}/${sop}/frames/1\r\nContent-Type: image/jls; transfer-syntax=1.2.840.10008.1.2.4.80\r\n\r\n${body}\r\n`;
}

describe('early frames', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("asks for the frames in one batch with the loader's Accept and hands each to the loader once", async () => {
    const fetchStub = vi.fn(
      async () =>
        new Response(`${part('1.2.3.1', 'AAAA')}${part('1.2.3.2', 'BB')}--B--\r\n`, {
          headers: { 'content-type': 'multipart/related; type="application/octet-stream"; boundary=B' },
        }),
    );
    vi.stubGlobal('fetch', fetchStub);
    startEarlyFrames([id('1.2.3.1'), id('1.2.3.2')], ACCEPT);
    expect(fetchStub).toHaveBeenCalledTimes(1);
    const [url, init] = fetchStub.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/dicom-web/studies/1.2/series/1.2.3/frames-batch?frame=1.2.3.1:1&frame=1.2.3.2:1');
    expect(new Headers(init.headers).get('accept')).toBe(ACCEPT);
    expect(hasEarlyFrame(id('1.2.3.2'))).toBe(true);
    await earlyFrameArrival(id('1.2.3.2'));
    const second = await takeEarlyFrame(id('1.2.3.2'));
    expect(second).toMatchObject({ kind: 'frame', contentType: 'image/jls; transfer-syntax=1.2.840.10008.1.2.4.80' });
    expect(new TextDecoder().decode((second as { bytes: Uint8Array }).bytes)).toBe('BB');
    expect(takeEarlyFrame(id('1.2.3.2'))).toBeUndefined();
    expect(hasEarlyFrame(id('1.2.3.2'))).toBe(false);
    expect(await takeEarlyFrame(id('1.2.3.1'))).toMatchObject({ kind: 'frame' });
  });

  it('asks for nothing across series or for other image ids, and drops frames nobody takes', async () => {
    vi.useFakeTimers();
    const fetchStub = vi.fn(async () => new Response('', { status: 503 }));
    vi.stubGlobal('fetch', fetchStub);
    startEarlyFrames([id('1.2.3.1'), 'wadors:/dicom-web/studies/1.2/series/9.9/instances/9/frames/1'], ACCEPT);
    startEarlyFrames(['rrpreview:x'], ACCEPT);
    expect(fetchStub).not.toHaveBeenCalled();
    startEarlyFrames([id('1.2.3.5')], ACCEPT);
    expect(await takeEarlyFrame(id('1.2.3.5'))).toMatchObject({ kind: 'failed', status: 503 });
    startEarlyFrames([id('1.2.3.6')], ACCEPT);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(hasEarlyFrame(id('1.2.3.6'))).toBe(false);
  });
});
