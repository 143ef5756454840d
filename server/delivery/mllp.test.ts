import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { frameMllp, MllpError, sendMllp, unframeMllp } from './mllp.ts';

describe('MLLP framing', () => {
  it('frames a message as 0x0B … 0x1C 0x0D and finds frames split across chunks', () => {
    const frame = frameMllp('MSH|a\rPID|ü\r');
    expect(frame[0]).toBe(0x0b);
    expect([...frame.subarray(-2)]).toEqual([0x1c, 0x0d]);
    const both = Buffer.concat([frame, frameMllp('two')]);
    expect(unframeMllp(both.subarray(0, 5))).toEqual({ messages: [], rest: both.subarray(0, 5) });
    expect(unframeMllp(both).messages).toEqual(['MSH|a\rPID|ü\r', 'two']);
  });
});

describe('sendMllp', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function listen(onData: (socket: Socket, data: Buffer) => void): Promise<number> {
    server = createServer((socket) => socket.on('data', (data) => onData(socket, data)));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  it('sends the framed message and resolves with the answer frame', async () => {
    let received = '';
    const port = await listen((socket, data) => {
      received = unframeMllp(data).messages[0] ?? '';
      // The answer in two chunks.
      const answer = frameMllp('MSH|^~\\&\rMSA|AA|X\r');
      socket.write(answer.subarray(0, 4));
      setTimeout(() => socket.write(answer.subarray(4)), 20);
    });
    const answer = await sendMllp({ host: '127.0.0.1', port }, 'MSH|x\r', { connectTimeoutMs: 2000, answerTimeoutMs: 2000 });
    expect(received).toBe('MSH|x\r');
    expect(answer).toBe('MSH|^~\\&\rMSA|AA|X\r');
  });

  it('fails with a reason when nobody listens, when no answer comes in time, and when the connection closes', async () => {
    const closedPort = await listen(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(sendMllp({ host: '127.0.0.1', port: closedPort }, 'M', { connectTimeoutMs: 2000, answerTimeoutMs: 2000 })).rejects.toThrow(/refused/);

    const silent = await listen(() => undefined);
    await expect(sendMllp({ host: '127.0.0.1', port: silent }, 'M', { connectTimeoutMs: 2000, answerTimeoutMs: 100 })).rejects.toThrow(
      new MllpError('no acknowledgement within 100 ms'),
    );
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;

    const hangsUp = await listen((socket) => socket.end());
    await expect(sendMllp({ host: '127.0.0.1', port: hangsUp }, 'M', { connectTimeoutMs: 2000, answerTimeoutMs: 2000 })).rejects.toThrow(
      /closed the connection/,
    );
  });

  it('stops at once when the gateway closes', async () => {
    const silent = await listen(() => undefined);
    const stop = new AbortController();
    const sending = sendMllp({ host: '127.0.0.1', port: silent }, 'M', { connectTimeoutMs: 2000, answerTimeoutMs: 60_000, signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    await expect(sending).rejects.toThrow(/gateway stopped/);
  });
});
