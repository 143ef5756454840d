import type { FastifyRequest } from 'fastify';
import { FRAME_BATCH_SEGMENT, isDicomUid } from '../../src/dicomweb/frame-batch-protocol.ts';

/**
 * What the audit needs to know about a DICOMweb request: which source, which kind of resource, which
 * study. This is the one seam between the audit and the proxy.
 *
 * INTEGRATION: the proxy's allow-list gate (server/dicomweb/request-gate.ts on the `proxy` branch)
 * publishes exactly this as `request.dicomweb`; when it is merged, `dicomwebRequestDescriber` becomes
 * `() => (request) => request.dicomweb ?? undefined` and the path parsing below is deleted. The kinds
 * are named as that allow-list names them.
 */

export type DicomwebKind =
  | 'search-studies'
  | 'search-series'
  | 'search-instances'
  | 'retrieve'
  | 'metadata'
  | 'frames'
  | 'rendered'
  | 'thumbnail'
  | 'bulkdata'
  | 'frame-batch'
  | 'store';

export interface DicomwebRequestFacts {
  sourceId: string;
  kind: DicomwebKind;
  studyUid?: string;
}

export type DescribeDicomwebRequest = (request: FastifyRequest) => DicomwebRequestFacts | undefined;

const SOURCE_ROOT = /^\/sources\/([^/]+)\/dicom-web(?=\/|$)/;
const DEFAULT_ROOT = /^\/dicom-web(?=\/|$)/;

function kindBelowStudy(rest: readonly string[]): DicomwebKind {
  // rest: the segments after /studies/{uid}
  const last = rest[rest.length - 1];
  if (rest.length === 0) return 'retrieve';
  if (rest.length === 1 && last === 'series') return 'search-series';
  if (last === 'instances' && (rest.length === 1 || rest.length === 3)) return 'search-instances';
  if (last === 'metadata') return 'metadata';
  if (last === 'rendered') return 'rendered';
  if (last === 'thumbnail') return 'thumbnail';
  if (rest.length === 3 && last === FRAME_BATCH_SEGMENT) return 'frame-batch';
  if (rest[rest.length - 2] === 'frames') return 'frames';
  if (rest[4] === 'bulk') return 'bulkdata';
  // Whatever else names a study is treated as reading it: recorded rather than let through unrecorded.
  return 'retrieve';
}

/** The request's facts from its method and raw URL; undefined when it is not a DICOMweb request the archive would answer. */
export function describeDicomwebPath(method: string, rawUrl: string, defaultSourceId: string): DicomwebRequestFacts | undefined {
  const rawPath = rawUrl.split('?', 1)[0]!;
  const root = SOURCE_ROOT.exec(rawPath) ?? DEFAULT_ROOT.exec(rawPath);
  if (!root) return undefined;
  const sourceId = root[1] ?? defaultSourceId;
  let segments: string[];
  try {
    // Decoded, empty segments dropped, keywords compared in lower case: an archive may read `%2E`, `//` or
    // `STUDIES` as the plain form, and such a request must not pass unrecorded.
    segments = rawPath.slice(root[0].length).split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [first, studyUid, ...rest] = segments;
  const collection = first?.toLowerCase();
  const study = studyUid !== undefined && isDicomUid(studyUid) ? studyUid : undefined;

  if (method === 'POST') {
    if (collection !== 'studies' || rest.length > 0) return undefined;
    if (studyUid === undefined) return { sourceId, kind: 'store' };
    return study ? { sourceId, kind: 'store', studyUid: study } : undefined;
  }
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (studyUid === undefined) {
    if (collection === 'studies') return { sourceId, kind: 'search-studies' };
    if (collection === 'series') return { sourceId, kind: 'search-series' };
    if (collection === 'instances') return { sourceId, kind: 'search-instances' };
    return undefined;
  }
  if (collection !== 'studies' || !study) return undefined;
  return { sourceId, kind: kindBelowStudy(rest.map((s) => s.toLowerCase())), studyUid: study };
}

export function dicomwebRequestDescriber(defaultSourceId: string): DescribeDicomwebRequest {
  return (request) => describeDicomwebPath(request.method, request.raw.url ?? '/', defaultSourceId);
}
