import { createHash } from 'node:crypto';
import type { NaturalDataset } from '../../src/gsps/dcmjs.ts';
import { buildKeyObjectDocument, writeKeyObjectPart10 } from '../../src/key-objects/build-kos.ts';
import type { KosRequest } from './kos-request.ts';

/**
 * The DICOM Key Object Selection Document of a review's key images (src/key-objects/build-kos.ts), titled
 * 113008 "For Peer Review" or 113010 "Quality Issue". Pure: the same request gives the same object byte for
 * byte (UIDs derived from the review id), so a retry stores the same instance.
 */

export { KEY_OBJECT_SELECTION, KOS_TITLE_CODES } from '../../src/key-objects/build-kos.ts';

/** `2.25.` + 128 bits of a SHA-256 of the review id, marked as a version 8 UUID (as the report SRs' UIDs). */
function derivedUid(kind: string, reviewId: string): string {
  const bits = createHash('sha256').update(`readroom-peer-review-kos\u0000${kind}\u0000${reviewId}`).digest().subarray(0, 16);
  bits[6] = (bits[6]! & 0x0f) | 0x80;
  bits[8] = (bits[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bits.toString('hex')}`).toString(10)}`;
}

export function kosUids(reviewId: string): { seriesInstanceUid: string; sopInstanceUid: string } {
  return { seriesInstanceUid: derivedUid('series', reviewId), sopInstanceUid: derivedUid('instance', reviewId) };
}

/** The KOS dataset (dcmjs naturalized form). Throws when there is no image to select. */
export function buildKos(request: KosRequest, options: { seriesNumber?: number } = {}): NaturalDataset {
  return buildKeyObjectDocument({ ...request, ...kosUids(request.reviewId) }, options);
}

/** The KOS as a Part 10 file (Explicit VR Little Endian). */
export function writeKos(request: KosRequest): ArrayBuffer {
  return writeKeyObjectPart10(buildKos(request));
}
