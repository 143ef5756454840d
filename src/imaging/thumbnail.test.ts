import { describe, expect, it } from 'vitest';
import { countFrames, middleFrame } from './thumbnail.ts';

const inst = (sop: string, n: number | undefined, frames = 1) => ({ sopInstanceUID: sop, instanceNumber: n, numberOfFrames: frames });

describe('thumbnail frame choice', () => {
  it('picks the middle instance by instance number', () => {
    expect(middleFrame([inst('c', 3), inst('a', 1), inst('b', 2)])).toEqual({ sopInstanceUID: 'b', frame: 1 });
    expect(middleFrame([inst('a', 1), inst('b', 2)])).toEqual({ sopInstanceUID: 'a', frame: 1 });
  });
  it('picks the middle frame of a multi-frame image', () => {
    expect(middleFrame([inst('us', 1, 20)])).toEqual({ sopInstanceUID: 'us', frame: 10 });
    expect(countFrames([inst('us', 1, 20), inst('x', 2)])).toBe(21);
  });
  it('has nothing for an empty series', () => {
    expect(middleFrame([])).toBeUndefined();
  });
});
