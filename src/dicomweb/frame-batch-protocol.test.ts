import { describe, expect, it } from 'vitest';
import { frameBatchPath, framePath, isDicomUid, MAX_FRAMES_PER_BATCH, parseBatchFrames } from './frame-batch-protocol.ts';

describe('frame batch protocol', () => {
  it('reads back the frames a batch path names, in order', () => {
    const frames = [
      { sopInstanceUID: '2.25.123', frameNumber: 1 },
      { sopInstanceUID: '1.2.840.10008.99', frameNumber: 15 },
    ];
    const path = frameBatchPath('1.2.3', '1.2.3.4', frames);
    expect(path).toBe('/studies/1.2.3/series/1.2.3.4/frames-batch?frame=2.25.123:1&frame=1.2.840.10008.99:15');
    expect(parseBatchFrames(new URLSearchParams(path.split('?')[1]).getAll('frame'))).toEqual(frames);
    expect(framePath('1.2.3', '1.2.3.4', frames[1]!)).toBe('/studies/1.2.3/series/1.2.3.4/instances/1.2.840.10008.99/frames/15');
  });

  it('takes only digits-and-dots UIDs of at most 64 characters', () => {
    expect(isDicomUid('1.2.840.10008.5.1.4.1.1.2')).toBe(true);
    expect(isDicomUid(`1.${'2'.repeat(62)}`)).toBe(true);
    for (const bad of ['', '1..2', '.1', '1.', '1.2a', '1.2/..', `1.${'2'.repeat(63)}`, '1.2 ']) expect(isDicomUid(bad), bad).toBe(false);
  });

  it('refuses empty, oversized, repeated and malformed frame lists with a reason', () => {
    const refused = (values: string[]) => 'error' in (parseBatchFrames(values) as object);
    expect(refused([])).toBe(true);
    expect(refused(Array.from({ length: MAX_FRAMES_PER_BATCH + 1 }, (_, i) => `1.${i + 1}:1`))).toBe(true);
    expect(refused(Array.from({ length: MAX_FRAMES_PER_BATCH }, (_, i) => `1.${i + 1}:1`))).toBe(false);
    for (const bad of [['1.2'], ['1.2:'], ['1.2:0'], ['1.2:01'], ['1.2:-1'], ['1.2:2147483648'], [':1'], ['1.2:1', '1.2:1']])
      expect(refused(bad), bad.join(' ')).toBe(true);
  });
});
