import { describe, expect, it } from 'vitest';
import {
  colourDisplaySamples,
  colourStoredSamples,
  highBitColourNote,
  highBitColourProblem,
  isHighBitColour,
  type ColourPixelFormat,
} from './high-bit-colour.ts';

const RGB12: ColourPixelFormat = {
  rows: 1,
  columns: 2,
  samplesPerPixel: 3,
  bitsAllocated: 16,
  bitsStored: 12,
  highBit: 11,
  pixelRepresentation: 0,
  planarConfiguration: 0,
  photometricInterpretation: 'RGB',
};

const le16 = (...values: number[]) => new Uint8Array(Uint16Array.from(values).buffer);

describe('high-bit colour', () => {
  it('is colour with more than 8 bits allocated', () => {
    expect(isHighBitColour({ samplesPerPixel: 3, bitsAllocated: 16 })).toBe(true);
    expect(isHighBitColour({ samplesPerPixel: 3, bitsAllocated: 8 })).toBe(false);
    expect(isHighBitColour({ samplesPerPixel: 1, bitsAllocated: 32 })).toBe(false);
    expect(isHighBitColour({ samplesPerPixel: undefined, bitsAllocated: 16 })).toBe(false);
    expect(highBitColourNote({ samplesPerPixel: 3, bitsAllocated: 16, bitsStored: 12 })).toBe('12-bit colour shown at 8 bits');
    expect(highBitColourNote({ samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8 })).toBeUndefined();
  });

  it('reads the stored samples, dropping bits outside Bits Stored', () => {
    // 0xF000 is above the 12 stored bits: not part of the sample.
    const samples = colourStoredSamples(le16(4095, 0xf000 | 2048, 300, 0, 1, 0xffff), RGB12);
    expect(samples).toBeInstanceOf(Uint16Array);
    expect(Array.from(samples)).toEqual([4095, 2048, 300, 0, 1, 4095]);
  });

  it('honours a High Bit above Bits Stored − 1', () => {
    const samples = colourStoredSamples(le16(4095 << 4, 2048 << 4, 300 << 4, 0, 1 << 4, 7), { ...RGB12, highBit: 15 });
    expect(Array.from(samples)).toEqual([4095, 2048, 300, 0, 1, 0]);
  });

  it('interleaves planar data (R R G G B B → R G B R G B)', () => {
    const samples = colourStoredSamples(le16(10, 11, 20, 21, 30, 31), { ...RGB12, planarConfiguration: 1 });
    expect(Array.from(samples)).toEqual([10, 20, 30, 11, 21, 31]);
  });

  it('reads 32-bit samples without losing the top bit', () => {
    const native = new Uint8Array(Uint32Array.from([0xffffffff, 0x80000000, 0, 1, 2, 3]).buffer);
    const format = { ...RGB12, bitsAllocated: 32, bitsStored: 32, highBit: 31 };
    const samples = colourStoredSamples(native, format);
    expect(Array.from(samples)).toEqual([0xffffffff, 0x80000000, 0, 1, 2, 3]);
    expect(Array.from(colourDisplaySamples(samples, 32))).toEqual([255, 128, 0, 0, 0, 0]);
  });

  it('scales to 8 bits by the real Bits Stored, not by Bits Allocated', () => {
    const samples = Uint16Array.from([4095, 2048, 300, 0, 16, 4080]);
    // 300 of 4095 is dark (19), not saturated (a clamp to 255) nor near-black as 300 of 65535 (1).
    expect(Array.from(colourDisplaySamples(samples, 12))).toEqual([255, 128, 19, 0, 1, 254]);
    expect(Array.from(colourDisplaySamples(Uint16Array.from([65535, 32896, 257]), 16))).toEqual([255, 128, 1]);
  });

  it('names what it cannot show', () => {
    expect(highBitColourProblem(RGB12)).toBeUndefined();
    expect(highBitColourProblem({ ...RGB12, photometricInterpretation: 'YBR_FULL' })).toMatch(/only as RGB, not YBR_FULL/);
    expect(highBitColourProblem({ ...RGB12, pixelRepresentation: 1 })).toMatch(/signed/);
    expect(highBitColourProblem({ ...RGB12, samplesPerPixel: 4 })).toMatch(/4 samples/);
    expect(highBitColourProblem({ ...RGB12, bitsStored: 17 })).toMatch(/do not fit 16 bits/);
    expect(() => colourStoredSamples(le16(1, 2, 3, 4, 5, 6), { ...RGB12, photometricInterpretation: 'YBR_FULL' })).toThrow(/not supported/);
    expect(() => colourStoredSamples(le16(1, 2, 3), RGB12)).toThrow(/too few/);
  });
});
