import { FRAME_BATCH_SEGMENT, isDicomUid } from '../../src/dicomweb/frame-batch-protocol.ts';

/**
 * The DICOMweb resources the gateway lets through to an archive, and with which methods. Everything else
 * below a source's root (the plugin's `/servers` admin routes, unknown resources, encoded or oddly cased
 * segments, trailing slashes) is refused before the archive is asked. Paths are matched raw, segment by
 * segment: UIDs are digits and dots, so a legitimate path never needs percent-encoding.
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

export interface DicomwebResource {
  kind: DicomwebKind;
  /** The study the path names (absent for searches across all studies and for STOW to `/studies`). */
  studyUid?: string;
  seriesUid?: string;
  instanceUid?: string;
}

export type AllowedMethod = 'GET' | 'POST';

export type AllowListDecision =
  { allowed: true; resource: DicomwebResource } | { allowed: false; status: 404 } | { allowed: false; status: 405; allow: readonly AllowedMethod[] };

type MethodKinds = Partial<Record<AllowedMethod, DicomwebKind>>;

const STUDY = '{study}';
const SERIES = '{series}';
const INSTANCE = '{instance}';
const FRAMES = '{frames}';
/** Matches the rest of the path: `tag(/index/tag)*`, as Orthanc writes BulkDataURIs (`…/bulk/7fe00010`). */
const BULK_PATH = '{bulk-path}';

const INSTANCE_PATH = `studies/${STUDY}/series/${SERIES}/instances/${INSTANCE}`;

/** Route pattern (below the source's DICOMweb root) → the kind each allowed method asks for. */
const ROUTES: ReadonlyArray<readonly [string, MethodKinds]> = [
  ['studies', { GET: 'search-studies', POST: 'store' }],
  ['series', { GET: 'search-series' }],
  ['instances', { GET: 'search-instances' }],
  [`studies/${STUDY}`, { GET: 'retrieve', POST: 'store' }],
  [`studies/${STUDY}/series`, { GET: 'search-series' }],
  [`studies/${STUDY}/instances`, { GET: 'search-instances' }],
  [`studies/${STUDY}/metadata`, { GET: 'metadata' }],
  [`studies/${STUDY}/rendered`, { GET: 'rendered' }],
  [`studies/${STUDY}/thumbnail`, { GET: 'thumbnail' }],
  [`studies/${STUDY}/series/${SERIES}`, { GET: 'retrieve' }],
  [`studies/${STUDY}/series/${SERIES}/metadata`, { GET: 'metadata' }],
  [`studies/${STUDY}/series/${SERIES}/rendered`, { GET: 'rendered' }],
  [`studies/${STUDY}/series/${SERIES}/thumbnail`, { GET: 'thumbnail' }],
  [`studies/${STUDY}/series/${SERIES}/instances`, { GET: 'search-instances' }],
  [`studies/${STUDY}/series/${SERIES}/${FRAME_BATCH_SEGMENT}`, { GET: 'frame-batch' }],
  [INSTANCE_PATH, { GET: 'retrieve' }],
  [`${INSTANCE_PATH}/metadata`, { GET: 'metadata' }],
  [`${INSTANCE_PATH}/rendered`, { GET: 'rendered' }],
  [`${INSTANCE_PATH}/thumbnail`, { GET: 'thumbnail' }],
  [`${INSTANCE_PATH}/frames/${FRAMES}`, { GET: 'frames' }],
  [`${INSTANCE_PATH}/frames/${FRAMES}/rendered`, { GET: 'rendered' }],
  [`${INSTANCE_PATH}/frames/${FRAMES}/thumbnail`, { GET: 'thumbnail' }],
  [`${INSTANCE_PATH}/bulk/${BULK_PATH}`, { GET: 'bulkdata' }],
];

const MAX_FRAMES_IN_PATH = 1000;
const FRAME_LIST = /^[1-9][0-9]{0,8}(?:,[1-9][0-9]{0,8})*$/;
const TAG = /^[0-9a-f]{8}$/i;
const ITEM_INDEX = /^(?:0|[1-9][0-9]{0,5})$/;
const MAX_BULK_DEPTH = 8;

function isFrameList(segment: string): boolean {
  return FRAME_LIST.test(segment) && segment.split(',').length <= MAX_FRAMES_IN_PATH;
}

/** `tag` or `tag/index/tag/…` (a sequence item's attribute), at most MAX_BULK_DEPTH tags deep. */
function isBulkPath(segments: readonly string[]): boolean {
  if (segments.length % 2 === 0 || segments.length > 2 * MAX_BULK_DEPTH - 1) return false;
  return segments.every((segment, i) => (i % 2 === 0 ? TAG.test(segment) : ITEM_INDEX.test(segment)));
}

/** The UIDs a path names, or undefined when it does not fit the pattern. */
function match(pattern: readonly string[], segments: readonly string[]): Omit<DicomwebResource, 'kind'> | undefined {
  const uids: { studyUid?: string; seriesUid?: string; instanceUid?: string } = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    if (expected === BULK_PATH) return isBulkPath(segments.slice(i)) ? uids : undefined;
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (expected === STUDY || expected === SERIES || expected === INSTANCE) {
      if (!isDicomUid(segment)) return undefined;
      if (expected === STUDY) uids.studyUid = segment;
      else if (expected === SERIES) uids.seriesUid = segment;
      else uids.instanceUid = segment;
    } else if (expected === FRAMES) {
      if (!isFrameList(segment)) return undefined;
    } else if (segment !== expected) {
      return undefined;
    }
  }
  return segments.length === pattern.length ? uids : undefined;
}

const COMPILED = ROUTES.map(([pattern, methods]) => ({ pattern: pattern.split('/'), methods }));

/**
 * Decides a request below a source's DICOMweb root. `rawPath` is the path after the root as the browser
 * sent it (`/studies/1.2.3/metadata`), without the query string.
 */
export function decideDicomwebRequest(method: string, rawPath: string): AllowListDecision {
  if (!rawPath.startsWith('/')) return { allowed: false, status: 404 };
  const segments = rawPath.slice(1).split('/');
  for (const route of COMPILED) {
    const uids = match(route.pattern, segments);
    if (!uids) continue;
    const kind = Object.hasOwn(route.methods, method) ? route.methods[method as AllowedMethod] : undefined;
    if (!kind) return { allowed: false, status: 405, allow: Object.keys(route.methods) as AllowedMethod[] };
    return { allowed: true, resource: { kind, ...uids } };
  }
  return { allowed: false, status: 404 };
}
