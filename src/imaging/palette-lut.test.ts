import { describe, expect, it } from 'vitest';
import { displayPalette, expandSegmentedLut, PaletteError, paletteColour, parseDescriptor, words16 } from './palette-lut.ts';

const le16 = (values: readonly number[]) => {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => {
    out[2 * i] = v & 0xff;
    out[2 * i + 1] = v >> 8;
  });
  return out;
};
const ramp = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

// The segmented tables of the generated sample (scripts/samples/palette/build-palette.py); expected values
// from pydicom 2.3.1's _expand_segmented_lut on the same words (its indirect segment reads alike both ways).
const SEGMENTED_RED = [0, 3, 0, 1000, 2000, 1, 253, 65535];
const SEGMENTED_GREEN = [0, 2, 65535, 65000, 1, 127, 0, 1, 127, 40000];
const SEGMENTED_BLUE = [0, 2, 0, 5000, 1, 61, 60000, 1, 5, 30000, 1, 61, 10000, 1, 5, 60000, 2, 1, 20, 0, 1, 61, 10000];

describe('palette descriptor', () => {
  it('reads 0 entries as 65,536 and a first mapped value above 32767 as signed for signed pixels', () => {
    expect(parseDescriptor([0, 0, 16])).toEqual({ entries: 65536, firstMapped: 0, bits: 16 });
    expect(parseDescriptor([256, 65024, 8], 1)).toEqual({ entries: 256, firstMapped: -512, bits: 8 });
    expect(parseDescriptor([256, 65024, 8], 0)).toEqual({ entries: 256, firstMapped: 65024, bits: 8 });
    expect(parseDescriptor([256, 0])).toBeUndefined();
    expect(parseDescriptor(undefined)).toBeUndefined();
  });
});

describe('segmented palette tables (PS3.3 C.7.9.2)', () => {
  it('expands discrete, linear and indirect 16-bit segments as pydicom does', () => {
    const red = expandSegmentedLut(SEGMENTED_RED, 16);
    expect(red).toHaveLength(256);
    expect(red.slice(0, 6)).toEqual([0, 1000, 2000, 2251, 2502, 2753]);
    expect(red.slice(-4)).toEqual([64782, 65033, 65284, 65535]);
    expect(red.reduce((a, b) => a + b, 0)).toBe(8577945);
    const green = expandSegmentedLut(SEGMENTED_GREEN, 16);
    expect(green.slice(180, 186)).toEqual([16378, 16693, 17008, 17323, 17638, 17953]);
    expect(green.reduce((a, b) => a + b, 0)).toBe(6785535);
    const blue = expandSegmentedLut(SEGMENTED_BLUE, 16);
    expect(blue).toHaveLength(256);
    expect(blue.slice(60, 70)).toEqual([58197, 59098, 60000, 54000, 48000, 42000, 36000, 30000, 29672, 29344]);
    // The indirect segment (byte offset 20 = word 10) repeats the ramp down to 10000 after the ramp up.
    expect(blue.slice(120, 136)).toEqual([12623, 12295, 11967, 11639, 11311, 10984, 10656, 10328, 10000, 20000, 30000, 40000, 50000, 60000, 59180, 58361]);
    expect(blue.slice(190, 196)).toEqual([13279, 12459, 11639, 10820, 10000, 10000]);
    expect(blue.reduce((a, b) => a + b, 0)).toBe(6355000);
  });

  it('reads an indirect segment’s offset in bytes (PS3.3 C.7.9.2.3), also where pydicom reads entries', () => {
    // Byte offset 6 = word 3: the linear segment to 100 (pydicom would start at word 6, the indirect segment itself).
    expect(expandSegmentedLut([0, 1, 0, 1, 2, 100, 2, 1, 6, 0], 16)).toEqual([0, 50, 100, 100, 100]);
    expect(() => expandSegmentedLut([0, 1, 0, 1, 2, 100, 2, 1, 3, 0], 16)).toThrow(/between two entries/);
  });

  it('reads an 8-bit table with a four-byte indirect offset', () => {
    expect(expandSegmentedLut([0, 2, 10, 20, 1, 3, 50, 2, 1, 4, 0, 0, 0], 8)).toEqual([10, 20, 30, 40, 50, 50, 50, 50]);
  });

  it('rounds linear segments half to even (numpy) and repeats equal end points', () => {
    // 0 → 5 over 2: 2.5 → 2, 5.
    expect(expandSegmentedLut([0, 1, 0, 1, 2, 5], 16)).toEqual([0, 2, 5]);
    expect(expandSegmentedLut([0, 1, 7, 1, 3, 7], 16)).toEqual([7, 7, 7, 7]);
  });

  it('refuses tables it cannot expand', () => {
    expect(() => expandSegmentedLut([1, 4, 100], 16)).toThrow(PaletteError);
    expect(() => expandSegmentedLut([0, 1, 5, 7, 1, 1], 16)).toThrow(/unknown segment type 7/);
    expect(() => expandSegmentedLut([0, 1, 5, 2, 1, 98, 0], 16)).toThrow(/points past/);
    // An indirect segment pointing at itself (byte 6 = word 3).
    expect(() => expandSegmentedLut([0, 1, 5, 2, 1, 6, 0], 16)).toThrow(/nest too deep/);
    expect(() => expandSegmentedLut([0, 9, 1, 2], 16)).toThrow(/runs past/);
  });
});

describe('display palette', () => {
  const d16 = parseDescriptor([256, 0, 16]);
  const d8 = parseDescriptor([256, 0, 8]);

  it('maps 16-bit entries to 8-bit display values by their high byte', () => {
    const red = ramp(256, (i) => i * 257 - (i % 7));
    const green = ramp(256, (i) => 65535 - i * 256);
    const blue = ramp(256, () => 0x80ff);
    const p = displayPalette([d16, d16, d16], { red: le16(red), green: le16(green), blue: le16(blue) }, false);
    expect(p).toMatchObject({ firstMapped: 0, entryBits: 16, scaled: true });
    expect(Array.from(p.red.slice(0, 3))).toEqual([0, 1, 2]);
    expect(p.red[255]).toBe(255);
    expect(p.green[0]).toBe(255);
    expect(p.green[255]).toBe(0);
    expect(p.blue[9]).toBe(0x80);
  });

  it('uses 8-bit entries as they are', () => {
    const bytes = Uint8Array.from(ramp(256, (i) => 255 - i));
    const p = displayPalette([d8, d8, d8], { red: bytes, green: bytes, blue: bytes }, false);
    expect(p).toMatchObject({ entryBits: 8, scaled: false });
    expect(paletteColour(p, 10)).toEqual([245, 245, 245]);
  });

  it('reads 8-bit entries stored as 16-bit words (descriptor 8, twice the bytes) without scaling', () => {
    const words = le16(ramp(256, (i) => i));
    const p = displayPalette([d8, d8, d8], { red: words, green: words, blue: words }, false);
    expect(p).toMatchObject({ entryBits: 16, scaled: false });
    expect(paletteColour(p, 200)).toEqual([200, 200, 200]);
  });

  it('keeps 16-bit entries that never exceed 255 (8-bit values under a 16-bit descriptor) unscaled', () => {
    const words = le16(ramp(256, (i) => i));
    const p = displayPalette([d16, d16, d16], { red: words, green: words, blue: words }, false);
    expect(p.scaled).toBe(false);
    expect(paletteColour(p, 77)).toEqual([77, 77, 77]);
  });

  it('scales the three tables by one rule, so a dark channel stays dark', () => {
    const bright = le16(ramp(256, (i) => i * 257));
    const dark = le16(ramp(256, () => 200));
    const p = displayPalette([d16, d16, d16], { red: bright, green: dark, blue: dark }, false);
    expect(paletteColour(p, 255)).toEqual([255, 0, 0]);
  });

  it('clamps below the first mapped value and past the last entry; 0 entries are 65,536', () => {
    const first = parseDescriptor([200, 16, 16]);
    const table = le16(ramp(200, (i) => (i + 1) * 256));
    const p = displayPalette([first, first, first], { red: table, green: table, blue: table }, false);
    expect(paletteColour(p, 0)).toEqual([1, 1, 1]);
    expect(paletteColour(p, 16)).toEqual([1, 1, 1]);
    expect(paletteColour(p, 17)).toEqual([2, 2, 2]);
    expect(paletteColour(p, 215)).toEqual([200, 200, 200]);
    expect(paletteColour(p, 255)).toEqual([200, 200, 200]);
    const full = parseDescriptor([0, 0, 16]);
    const identity = le16(ramp(65536, (i) => i));
    const big = displayPalette([full, full, full], { red: identity, green: identity, blue: identity }, false);
    expect(big.red).toHaveLength(65536);
    expect(paletteColour(big, 0x1234)).toEqual([0x12, 0x12, 0x12]);
  });

  it('reads an odd number of 8-bit entries padded to an even length', () => {
    const d = parseDescriptor([3, 0, 8]);
    const p = displayPalette([d, d, d], { red: Uint8Array.of(1, 2, 3, 0), green: Uint8Array.of(4, 5, 6, 0), blue: Uint8Array.of(7, 8, 9, 0) }, false);
    expect(paletteColour(p, 2)).toEqual([3, 6, 9]);
  });

  it('expands segmented tables', () => {
    const p = displayPalette([d16, d16, d16], { red: le16(SEGMENTED_RED), green: le16(SEGMENTED_GREEN), blue: le16(SEGMENTED_BLUE) }, true);
    expect(p.red).toHaveLength(256);
    expect(paletteColour(p, 3)).toEqual([2251 >> 8, 63976 >> 8, 6803 >> 8]);
  });

  it('names what is wrong with a palette it cannot use', () => {
    const words = le16(ramp(256, (i) => i));
    expect(() => displayPalette([d16, d16, undefined], { red: words, green: words, blue: words }, false)).toThrow(/descriptor is missing/);
    expect(() => displayPalette([d16, d16, d16], { red: words, green: words }, false)).toThrow(/blue palette colour lookup table data is missing/);
    expect(() => displayPalette([d16, d16, d16], { red: words, green: words, blue: words.subarray(0, 100) }, false)).toThrow(
      /blue table has 100 bytes for 256 entries/,
    );
    expect(() => displayPalette([d16, d16, parseDescriptor([255, 0, 16])], { red: words, green: words, blue: words }, false)).toThrow(/descriptors differ/);
    expect(() =>
      displayPalette(
        [parseDescriptor([256, 0, 12])!, parseDescriptor([256, 0, 12])!, parseDescriptor([256, 0, 12])!],
        { red: words, green: words, blue: words },
        false,
      ),
    ).toThrow(/12 bits/);
  });

  it('reads little-endian words', () => {
    expect(Array.from(words16(Uint8Array.of(0x34, 0x12, 0xff, 0xff, 0x01)))).toEqual([0x1234, 0xffff]);
  });
});
