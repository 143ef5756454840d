import type { FastifyRequest } from 'fastify';
import type { DicomwebKind } from '../dicomweb/allow-list.ts';

/**
 * What the audit needs to know about a DICOMweb request (which source, which kind of resource, which
 * study): what the allow-list gate decided and published as `request.dicomweb`
 * (server/dicomweb/request-gate.ts). A request the gate did not allow never reaches the archive.
 */

export type { DicomwebKind };

export interface DicomwebRequestFacts {
  sourceId: string;
  kind: DicomwebKind;
  studyUid?: string;
}

export type DescribeDicomwebRequest = (request: FastifyRequest) => DicomwebRequestFacts | undefined;

export const describeGatedRequest: DescribeDicomwebRequest = (request) => request.dicomweb ?? undefined;
