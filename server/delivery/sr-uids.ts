import { createHash } from 'node:crypto';

/**
 * The series and SOP instance UIDs of a report's SR, derived from the report id, so that a retry (or
 * another gateway replica) stores the same object, and an addendum can name its predecessor's SR without
 * asking the archive. `2.25.` + the decimal value of 128 bits of a SHA-256 of the id (PS3.5 B.2, like a
 * name-based UUID), at most 44 characters.
 */
function derivedUid(kind: string, reportId: string): string {
  const digest = createHash('sha256').update(`readroom-report-sr\u0000${kind}\u0000${reportId}`).digest();
  const bits = digest.subarray(0, 16);
  // Mark it as a version 8 (custom) UUID with the RFC 9562 variant, as a UUID-derived 2.25 UID should be.
  bits[6] = (bits[6]! & 0x0f) | 0x80;
  bits[8] = (bits[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bits.toString('hex')}`).toString(10)}`;
}

export function srUids(reportId: string): { seriesInstanceUid: string; sopInstanceUid: string } {
  return { seriesInstanceUid: derivedUid('series', reportId), sopInstanceUid: derivedUid('instance', reportId) };
}
