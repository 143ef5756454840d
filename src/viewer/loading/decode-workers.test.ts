import { beforeEach, describe, expect, it } from 'vitest';
import { codecToPrepare } from '../../../workers/codec-preparation-protocol.ts';
import { nextDecodeWorker, prepareDecoder, resetDecodeWorkersForTests, startDecodeWorker } from './decode-workers.ts';

class FakeWorker {
  readonly prepared: string[] = [];
  postMessage(data: unknown): void {
    const syntax = codecToPrepare(data);
    if (syntax) this.prepared.push(syntax);
  }
}

let made: FakeWorker[];

beforeEach(() => {
  made = [];
  resetDecodeWorkersForTests(() => {
    const worker = new FakeWorker();
    made.push(worker);
    return worker as unknown as Worker;
  });
});

describe('decode workers', () => {
  it('hands Cornerstone the worker the launch started, then new ones', () => {
    startDecodeWorker();
    startDecodeWorker();
    expect(made).toHaveLength(1);
    expect(nextDecodeWorker()).toBe(made[0]);
    expect(nextDecodeWorker()).toBe(made[1]);
    expect(made).toHaveLength(2);
  });

  it('starts the first worker to ready a decoder, once per syntax, and tells the workers started later', () => {
    prepareDecoder('1.2.840.10008.1.2.4.80');
    prepareDecoder(' 1.2.840.10008.1.2.4.80 ');
    prepareDecoder(undefined);
    prepareDecoder('');
    expect(made).toHaveLength(1);
    expect(made[0]!.prepared).toEqual(['1.2.840.10008.1.2.4.80']);
    expect(nextDecodeWorker()).toBe(made[0]);
    const second = nextDecodeWorker() as unknown as FakeWorker;
    expect(second.prepared).toEqual(['1.2.840.10008.1.2.4.80']);
    prepareDecoder('1.2.840.10008.1.2.4.90');
    expect(made.map((w) => w.prepared)).toEqual([
      ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.90'],
      ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.90'],
    ]);
  });

  it('without a launch, Cornerstone gets new workers', () => {
    expect(nextDecodeWorker()).toBe(made[0]);
    startDecodeWorker();
    expect(made).toHaveLength(1);
  });
});
