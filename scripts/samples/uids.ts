import { createHash } from 'node:crypto';

/** Bits of the SHA-256 digest kept: 2^120 has 37 decimal digits, so UIDs stay at 42 characters. */
const UID_BITS = 120n;

/**
 * A UID under the `2.25` root (ISO/IEC 9834-8: a decimal UUID-like integer) derived
 * from a stable key, so regenerating the samples yields the same UIDs.
 */
export function deterministicUid(key: string): string {
  const digest = createHash('sha256').update(key, 'utf8').digest();
  const value = BigInt(`0x${digest.toString('hex')}`) >> (256n - UID_BITS);
  return `2.25.${value.toString(10)}`;
}

/** PS3.5 §9.1: at most 64 characters, digits and dots, no empty components, no leading zeros. */
export function isValidUid(uid: string): boolean {
  return uid.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
}

/** UIDs of the synthetic samples, keyed by the catalogue's study and series keys. */
export const sampleUids = {
  study: (study: string) => deterministicUid(`readroom/study/${study}`),
  series: (study: string, series: string) => deterministicUid(`readroom/series/${study}/${series}`),
  instance: (study: string, series: string, index: number) => deterministicUid(`readroom/instance/${study}/${series}/${index}`),
  frameOfReference: (study: string) => deterministicUid(`readroom/frame-of-reference/${study}`),
};
