import { describe, expect, it } from 'vitest';
import { bigEndianToLittleEndian } from './byte-order.ts';

describe('bigEndianToLittleEndian', () => {
  const be = Uint8Array.from([0x00, 0x13, 0x0e, 0xe8, 0x01, 0x02, 0x03, 0x04, 0x05]);

  it('swaps each value by its own size, leaving a trailing partial value alone', () => {
    expect(Array.from(bigEndianToLittleEndian(be, 4))).toEqual([0xe8, 0x0e, 0x13, 0x00, 0x04, 0x03, 0x02, 0x01, 0x05]);
    // 1249000 read as one 32-bit value, not as two 16-bit words (which would give 250085395).
    expect(new DataView(bigEndianToLittleEndian(be, 4).buffer).getUint32(0, true)).toBe(1249000);
    expect(Array.from(bigEndianToLittleEndian(be, 2))).toEqual([0x13, 0x00, 0xe8, 0x0e, 0x02, 0x01, 0x04, 0x03, 0x05]);
  });

  it('copies bytes, never changing its input', () => {
    const copy = bigEndianToLittleEndian(be, 1);
    expect(Array.from(copy)).toEqual(Array.from(be));
    copy[0] = 9;
    expect(be[0]).toBe(0);
    expect(() => bigEndianToLittleEndian(be, 3)).toThrow(/3 bytes/);
  });
});
