/**
 * PALETTE COLOR lookup tables (PS3.3 C.7.6.3.1.5–6 and C.7.9), resolved into the 8-bit display tables the
 * image loader applies. Pure: the bytes of each table come from the caller (src/imaging/palette-metadata.ts
 * reads them from DICOM JSON: InlineBinary, BulkDataURI or Value).
 *
 * - Descriptor: [entries, first mapped value, bits per entry]; 0 entries means 65,536. Pixel values below
 *   the first mapped value take the first entry, values past the table the last one.
 * - Entry size is read from the data's length, not only from the descriptor: some writers store 8-bit
 *   entries as 16-bit words (the standard's own note), others declare 16 bits and use 8.
 * - 8-bit display: 16-bit entries map by their high byte (v >> 8: 0xFFFF is full intensity). A palette
 *   whose 16-bit entries never exceed 255 holds 8-bit values (the second quirk above) and is used as is.
 *   One rule for the three tables together, so a palette keeps its colour balance.
 * - Segmented tables (0028,1221–1223): discrete, linear and indirect segments. Linear segments end on
 *   their value and are rounded half to even (as pydicom, numpy). An indirect segment's offset is a byte
 *   offset (C.7.9.2.3); pydicom 2.3 reads it as an entry index, which differs for 16-bit tables.
 */

export interface PaletteDescriptor {
  /** Number of entries (65,536 when the descriptor says 0). */
  entries: number;
  /** The pixel value mapped to the first entry (negative for signed pixels). */
  firstMapped: number;
  /** Bits per entry as declared (8 or 16). */
  bits: number;
}

export interface PaletteTables {
  red: Uint8Array;
  green: Uint8Array;
  blue: Uint8Array;
}

/** What the image loader needs: the first mapped value and one 8-bit table per colour, all of one length. */
export interface DisplayPalette {
  firstMapped: number;
  red: Uint8Array;
  green: Uint8Array;
  blue: Uint8Array;
  /** How the stored entries became display values (for tests and messages). */
  entryBits: 8 | 16;
  scaled: boolean;
}

export class PaletteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaletteError';
  }
}

const COLOURS = ['red', 'green', 'blue'] as const;
type Colour = (typeof COLOURS)[number];

/** The descriptor's three values; the first mapped value is signed for signed pixels (VR SS). */
export function parseDescriptor(values: readonly number[] | undefined, pixelRepresentation = 0): PaletteDescriptor | undefined {
  if (!values || values.length < 3 || !values.every((v) => Number.isInteger(v))) return undefined;
  const [count, first, bits] = values as [number, number, number];
  const firstMapped = pixelRepresentation === 1 && first > 0x7fff ? first - 0x10000 : first;
  return { entries: count === 0 ? 65536 : count, firstMapped, bits };
}

/** Little-endian 16-bit words of a byte string (an odd trailing byte is padding). */
export function words16(bytes: Uint8Array): Uint16Array {
  const n = bytes.length >> 1;
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) out[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  return out;
}

/** numpy.around: halves to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const MAX_ENTRIES = 65536;

/**
 * Expands a segmented palette table (C.7.9.2). `data` holds the table's units: bytes for 8-bit tables,
 * 16-bit words for 16-bit tables. An indirect segment's byte offset is two units (low first) for words,
 * four bytes little endian for bytes.
 */
export function expandSegmentedLut(data: ArrayLike<number>, unitBits: 8 | 16): number[] {
  const out: number[] = [];
  const expand = (start: number, maxSegments: number | undefined, depth: number): void => {
    if (depth > 8) throw new PaletteError('segmented palette: indirect segments nest too deep');
    let offset = start;
    let segments = 0;
    // `offset + 1`: a trailing padding unit is not a segment.
    while (offset + 1 < data.length) {
      const opcode = data[offset]!;
      const length = data[offset + 1]!;
      offset += 2;
      if (opcode === 0) {
        if (offset + length > data.length) throw new PaletteError('segmented palette: a discrete segment runs past the data');
        for (let i = 0; i < length; i++) out.push(data[offset + i]!);
        offset += length;
      } else if (opcode === 1) {
        if (out.length === 0) throw new PaletteError('segmented palette: the first segment cannot be a linear segment');
        const y0 = out[out.length - 1]!;
        const y1 = data[offset]!;
        offset += 1;
        for (let k = 1; k <= length; k++) out.push(y0 === y1 ? y1 : roundHalfEven(y0 + ((y1 - y0) * k) / length));
      } else if (opcode === 2) {
        if (out.length === 0) throw new PaletteError('segmented palette: the first segment cannot be an indirect segment');
        // A byte offset from the start of the data (C.7.9.2.3), stored low half first.
        let byteOffset: number;
        if (unitBits === 8) {
          byteOffset = (data[offset]! | (data[offset + 1]! << 8) | (data[offset + 2]! << 16)) + data[offset + 3]! * 0x1000000;
          offset += 4;
        } else {
          byteOffset = data[offset]! + data[offset + 1]! * 0x10000;
          offset += 2;
        }
        if (unitBits === 16 && byteOffset % 2 !== 0) throw new PaletteError('segmented palette: an indirect segment points between two entries');
        const target = unitBits === 8 ? byteOffset : byteOffset / 2;
        if (target >= data.length) throw new PaletteError('segmented palette: an indirect segment points past the data');
        expand(target, length, depth + 1);
      } else {
        throw new PaletteError(`segmented palette: unknown segment type ${opcode}`);
      }
      if (out.length > MAX_ENTRIES) throw new PaletteError('segmented palette: more than 65,536 entries');
      segments++;
      if (segments === maxSegments) return;
    }
  };
  expand(0, undefined, 0);
  return out;
}

/** One colour's stored entries, from its bytes (plain table) and descriptor. */
function storedEntries(colour: Colour, bytes: Uint8Array, descriptor: PaletteDescriptor, segmented: boolean): { values: ArrayLike<number>; bits: 8 | 16 } {
  if (segmented) {
    const bits = descriptor.bits === 8 ? 8 : 16;
    const table = expandSegmentedLut(bits === 8 ? bytes : words16(bytes), bits);
    if (table.length < descriptor.entries)
      throw new PaletteError(`the segmented ${colour} table expands to ${table.length} entries, the descriptor says ${descriptor.entries}`);
    return { values: table.slice(0, descriptor.entries), bits };
  }
  const n = descriptor.entries;
  if (bytes.length === 2 * n) return { values: words16(bytes), bits: 16 };
  // 8-bit entries, padded to an even length when their number is odd.
  if (bytes.length === n || (n % 2 === 1 && bytes.length === n + 1)) return { values: bytes.subarray(0, n), bits: 8 };
  throw new PaletteError(`the ${colour} table has ${bytes.length} bytes for ${n} entries of ${descriptor.bits} bits`);
}

/**
 * The display palette of an image: three 8-bit tables and the first mapped value. `descriptors` are the
 * red, green and blue descriptors (they must agree); `tables` the stored bytes of each colour's table.
 */
export function displayPalette(descriptors: readonly (PaletteDescriptor | undefined)[], tables: Partial<PaletteTables>, segmented: boolean): DisplayPalette {
  const [red, green, blue] = descriptors;
  if (!red || !green || !blue) throw new PaletteError('a palette colour lookup table descriptor is missing');
  if (green.entries !== red.entries || blue.entries !== red.entries || green.firstMapped !== red.firstMapped || blue.firstMapped !== red.firstMapped) {
    throw new PaletteError('the red, green and blue palette descriptors differ');
  }
  if (red.bits !== 8 && red.bits !== 16) throw new PaletteError(`palette entries of ${red.bits} bits (8 or 16 expected)`);
  const stored = COLOURS.map((colour, i) => {
    const bytes = tables[colour];
    if (!bytes) throw new PaletteError(`the ${colour} palette colour lookup table data is missing`);
    return storedEntries(colour, bytes, descriptors[i]!, segmented);
  });
  const wide = stored.some((t) => t.bits === 16);
  let max = 0;
  for (const { values: t } of stored) for (let i = 0; i < t.length; i++) max = Math.max(max, t[i]!);
  const scaled = max > 255;
  const [r, g, b] = stored.map(({ values: t }) => {
    const out = new Uint8Array(t.length);
    for (let i = 0; i < t.length; i++) out[i] = scaled ? t[i]! >> 8 : t[i]!;
    return out;
  }) as [Uint8Array, Uint8Array, Uint8Array];
  return { firstMapped: red.firstMapped, red: r, green: g, blue: b, entryBits: wide ? 16 : 8, scaled };
}

/** The display colour of a stored pixel value (the standard's clamping at both ends). */
export function paletteColour(palette: DisplayPalette, value: number): [number, number, number] {
  const last = palette.red.length - 1;
  const i = Math.min(last, Math.max(0, value - palette.firstMapped));
  return [palette.red[i]!, palette.green[i]!, palette.blue[i]!];
}
