/**
 * A copy of big-endian values as little-endian ones, `bytesPerValue` bytes each (1: a plain copy).
 * A trailing partial value (odd padding) is copied unchanged.
 */
export function bigEndianToLittleEndian(bytes: Uint8Array, bytesPerValue: number): Uint8Array {
  if (![1, 2, 4, 8].includes(bytesPerValue)) throw new Error(`Cannot swap values of ${bytesPerValue} bytes`);
  const out = new Uint8Array(bytes);
  if (bytesPerValue === 1) return out;
  const whole = bytes.length - (bytes.length % bytesPerValue);
  for (let i = 0; i < whole; i += bytesPerValue) {
    for (let b = 0; b < bytesPerValue; b++) out[i + b] = bytes[i + bytesPerValue - 1 - b]!;
  }
  return out;
}
