import { describe, expect, it, vi } from 'vitest';
import { codecToPrepare, prepareCodecMessage } from './codec-preparation-protocol.ts';
import { answerCodecPreparation } from './codec-preparation.ts';

function scope() {
  const target = new EventTarget();
  const send = (data: unknown) => target.dispatchEvent(new MessageEvent('message', { data }));
  return { target: target as unknown as Parameters<typeof answerCodecPreparation>[0], send };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('codec preparation messages', () => {
  it('name the transfer syntax; comlink requests and other data are not such messages', () => {
    expect(codecToPrepare(prepareCodecMessage('1.2.840.10008.1.2.4.80'))).toBe('1.2.840.10008.1.2.4.80');
    expect(codecToPrepare({ id: 'x', type: 'APPLY', path: ['decodeTask'] })).toBeUndefined();
    expect(codecToPrepare({ type: 'readroom:prepare-codec' })).toBeUndefined();
    expect(codecToPrepare(null)).toBeUndefined();
    expect(codecToPrepare('readroom:prepare-codec')).toBeUndefined();
  });
});

describe('answerCodecPreparation', () => {
  it('readies the decoder of the named syntax once, whichever of its syntaxes asks, and nothing for other messages', async () => {
    const jpegLs = vi.fn(() => Promise.resolve());
    const jpeg2000 = vi.fn(() => Promise.resolve());
    const { target, send } = scope();
    answerCodecPreparation(target, { '1.2.840.10008.1.2.4.80': jpegLs, '1.2.840.10008.1.2.4.81': jpegLs, '1.2.840.10008.1.2.4.90': jpeg2000 });
    send({ id: '1', type: 'APPLY', path: ['decodeTask'], argumentList: [] });
    send(prepareCodecMessage('1.2.840.10008.1.2.1'));
    expect(jpegLs).not.toHaveBeenCalled();
    send(prepareCodecMessage('1.2.840.10008.1.2.4.80'));
    send(prepareCodecMessage('1.2.840.10008.1.2.4.81'));
    send(prepareCodecMessage('1.2.840.10008.1.2.4.80'));
    await flush();
    expect(jpegLs).toHaveBeenCalledTimes(1);
    expect(jpeg2000).not.toHaveBeenCalled();
  });

  it('tries again on a later message after a failure (the first decode reports it meanwhile)', async () => {
    const jpegLs = vi.fn(() => Promise.reject(new Error('wasm fetch failed')));
    const { target, send } = scope();
    answerCodecPreparation(target, { '1.2.840.10008.1.2.4.80': jpegLs });
    send(prepareCodecMessage('1.2.840.10008.1.2.4.80'));
    await flush();
    send(prepareCodecMessage('1.2.840.10008.1.2.4.80'));
    await flush();
    expect(jpegLs).toHaveBeenCalledTimes(2);
  });
});
