import type { StoredPixelFormat } from './stored-instance.ts';

/**
 * Colour with more than 8 bits per sample (e.g. RGB with Bits Allocated 16). Cornerstone's colour
 * path is 8-bit: the image loader clamps such samples into bytes when it converts colour, and leaves
 * them unconverted otherwise, drawn with its 8-bit colour window (0–255), so values above 255 come
 * out saturated. Readroom therefore keeps the stored samples (for the pixel readout) and shows an
 * 8-bit rendition scaled by the image's real Bits Stored, marked as such on screen.
 */

/** The Image Pixel attributes a colour frame's samples depend on. */
export type ColourPixelFormat = Omit<StoredPixelFormat, 'numberOfFrames'>;

/** More than one sample per pixel and more than 8 bits allocated to each. */
export function isHighBitColour(format: { samplesPerPixel: number | undefined; bitsAllocated: number | undefined }): boolean {
  return (format.samplesPerPixel ?? 1) > 1 && (format.bitsAllocated ?? 8) > 8;
}

/** Why a high-bit colour image cannot be shown, or undefined when it can. */
export function highBitColourProblem(format: ColourPixelFormat): string | undefined {
  const { samplesPerPixel, bitsAllocated, bitsStored, highBit, pixelRepresentation, photometricInterpretation } = format;
  if (samplesPerPixel !== 3) return `${samplesPerPixel} samples per pixel`;
  if (photometricInterpretation !== 'RGB')
    return `${bitsAllocated}-bit colour is shown only as RGB, not ${photometricInterpretation || 'an unnamed photometric interpretation'}`;
  if (pixelRepresentation !== 0) return 'signed colour samples';
  if (bitsAllocated !== 16 && bitsAllocated !== 32) return `${bitsAllocated} bits allocated`;
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    return `Bits Stored ${bitsStored} and High Bit ${highBit} do not fit ${bitsAllocated} bits allocated`;
  }
  return undefined;
}

/** What the viewport says about such an image, e.g. "12-bit colour shown at 8 bits". */
export function highBitColourNote(format: {
  samplesPerPixel: number | undefined;
  bitsAllocated: number | undefined;
  bitsStored: number | undefined;
}): string | undefined {
  if (!isHighBitColour(format)) return undefined;
  return `${format.bitsStored ?? format.bitsAllocated}-bit colour shown at 8 bits`;
}

/**
 * The stored sample values of one frame, pixel by pixel (R G B R G B …), from its native
 * little-endian bytes in the frame's planar configuration; bits outside Bits Stored / High Bit are
 * dropped, as the standard asks.
 */
export function colourStoredSamples(native: Uint8Array, format: ColourPixelFormat): Uint16Array | Uint32Array {
  const problem = highBitColourProblem(format);
  if (problem) throw new Error(`Colour pixel data not supported: ${problem}`);
  const { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit, planarConfiguration } = format;
  const pixels = rows * columns;
  const count = pixels * samplesPerPixel;
  const bytesPerSample = bitsAllocated / 8;
  if (native.byteLength < count * bytesPerSample)
    throw new Error(`The frame holds ${native.byteLength} bytes, too few for ${count} samples of ${bitsAllocated} bits`);
  const view = new DataView(native.buffer, native.byteOffset, count * bytesPerSample);
  const out = bitsAllocated === 16 ? new Uint16Array(count) : new Uint32Array(count);
  const shift = highBit + 1 - bitsStored;
  const mask = 2 ** bitsStored - 1;
  for (let i = 0; i < count; i++) {
    // Pixel-interleaved index of the i-th sample in storage order.
    const target = planarConfiguration === 1 ? (i % pixels) * samplesPerPixel + Math.floor(i / pixels) : i;
    const raw = bytesPerSample === 2 ? view.getUint16(i * 2, true) : view.getUint32(i * 4, true);
    const value = raw >>> shift;
    out[target] = bitsStored >= 32 ? value : value & mask;
  }
  return out;
}

/** 8-bit display values: each stored sample scaled from 0…2^BitsStored−1 to 0…255, rounded. */
export function colourDisplaySamples(samples: Uint16Array | Uint32Array, bitsStored: number): Uint8Array {
  const scale = 255 / (2 ** bitsStored - 1);
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.min(255, Math.round(samples[i]! * scale));
  return out;
}
