import { describe, expect, it, vi } from 'vitest';
import { decodedPixelBuffer, transferDecodedPixels, type ReplyEndpoint } from './transfer-decoded-pixels.ts';

const reply = (pixelData: unknown) => ({ id: 'a-b', type: 'RAW', value: { rows: 2, columns: 2, pixelData } });

describe('decodedPixelBuffer', () => {
  it('finds the buffer a decoded frame owns whole', () => {
    const pixels = new Int16Array(4);
    expect(decodedPixelBuffer(reply(pixels))).toBe(pixels.buffer);
  });

  it('leaves views into a larger buffer (a decoder’s WebAssembly memory), shared buffers and other messages alone', () => {
    const memory = new ArrayBuffer(64);
    expect(decodedPixelBuffer(reply(new Int16Array(memory, 8, 4)))).toBeUndefined();
    expect(decodedPixelBuffer(reply(new Int16Array(memory, 0, 4)))).toBeUndefined();
    expect(decodedPixelBuffer(reply(new Int16Array(new SharedArrayBuffer(8))))).toBeUndefined();
    expect(decodedPixelBuffer({ id: 'a', type: 'HANDLER', name: 'throw', value: { value: new Error('x') } })).toBeUndefined();
    expect(decodedPixelBuffer(reply([1, 2, 3, 4]))).toBeUndefined();
    expect(decodedPixelBuffer(undefined)).toBeUndefined();
  });
});

describe('transferDecodedPixels', () => {
  it('adds the decoded pixels to what a reply transfers, once', () => {
    const post = vi.fn();
    const endpoint: ReplyEndpoint = { postMessage: post };
    transferDecodedPixels(endpoint);
    const pixels = new Uint16Array(4);
    const other = new ArrayBuffer(2);
    endpoint.postMessage(reply(pixels), [other]);
    expect(post).toHaveBeenLastCalledWith(reply(pixels), [other, pixels.buffer]);
    endpoint.postMessage(reply(pixels), [pixels.buffer]);
    expect(post).toHaveBeenLastCalledWith(reply(pixels), [pixels.buffer]);
    endpoint.postMessage(reply(pixels));
    expect(post).toHaveBeenLastCalledWith(reply(pixels), [pixels.buffer]);
    endpoint.postMessage({ id: 'x', type: 'RAW', value: 3 }, []);
    expect(post).toHaveBeenLastCalledWith({ id: 'x', type: 'RAW', value: 3 }, []);
  });

  it('hands the pixels over: after a real postMessage the worker’s copy is detached and the receiver’s values are intact', async () => {
    const { port1, port2 } = new MessageChannel();
    transferDecodedPixels(port1 as unknown as ReplyEndpoint);
    const pixels = Int16Array.from([-1024, 0, 40, 3071]);
    const received = new Promise<{ value: { pixelData: Int16Array } }>((resolve) => {
      port2.onmessage = (e) => resolve(e.data as { value: { pixelData: Int16Array } });
    });
    port1.postMessage(reply(pixels), []);
    const message = await received;
    expect(Array.from(message.value.pixelData)).toEqual([-1024, 0, 40, 3071]);
    expect(pixels.byteLength).toBe(0);
    port1.close();
    port2.close();
  });
});
