import type { KOS_TITLES } from '../../src/peer-review/peer-review-contract.ts';
import type { SignedReport } from '../delivery/signed-report.ts';

/**
 * What the gateway stores in the archive for a review's key images, as kept in the delivery outbox (a retry
 * builds the same KOS from it): the study's patient and study facts as the archive named them at submit
 * time, the title and the images. Never the score, the comment or anyone's name: peer review is confidential.
 */
export interface KosRequest {
  reviewId: string;
  sourceId: string;
  studyInstanceUid: string;
  accessionNumber: string;
  patient: SignedReport['patient'];
  study: SignedReport['study'];
  title: (typeof KOS_TITLES)[number];
  /** ISO 8601: the content date and time. */
  createdAt: string;
  /** Every image with its SOP class as the archive has it. */
  images: Array<{ seriesInstanceUid: string; sopClassUid: string; sopInstanceUid: string; frameNumber?: number }>;
}
