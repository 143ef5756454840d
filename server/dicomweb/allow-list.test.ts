import { describe, expect, it } from 'vitest';
import { decideDicomwebRequest, type DicomwebResource } from './allow-list.ts';

const S = '1.2.840.113619.2.55.3.604688119.969.1268071029.320';
const SE = '1.2.840.113619.2.55.3.604688119.969.1268071029.321';
const I = '1.2.840.113619.2.55.3.604688119.969.1268071029.322.1';
const INSTANCE = `/studies/${S}/series/${SE}/instances/${I}`;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'constructor', '__proto__'];

/** Every resource the gateway forwards: path → what each allowed method is (all other methods: 405). */
const ALLOWED: Array<[string, Partial<Record<'GET' | 'POST', DicomwebResource>>]> = [
  ['/studies', { GET: { kind: 'search-studies' }, POST: { kind: 'store' } }],
  ['/series', { GET: { kind: 'search-series' } }],
  ['/instances', { GET: { kind: 'search-instances' } }],
  [`/studies/${S}`, { GET: { kind: 'retrieve', studyUid: S }, POST: { kind: 'store', studyUid: S } }],
  [`/studies/${S}/series`, { GET: { kind: 'search-series', studyUid: S } }],
  [`/studies/${S}/instances`, { GET: { kind: 'search-instances', studyUid: S } }],
  [`/studies/${S}/metadata`, { GET: { kind: 'metadata', studyUid: S } }],
  [`/studies/${S}/rendered`, { GET: { kind: 'rendered', studyUid: S } }],
  [`/studies/${S}/thumbnail`, { GET: { kind: 'thumbnail', studyUid: S } }],
  [`/studies/${S}/series/${SE}`, { GET: { kind: 'retrieve', studyUid: S, seriesUid: SE } }],
  [`/studies/${S}/series/${SE}/metadata`, { GET: { kind: 'metadata', studyUid: S, seriesUid: SE } }],
  [`/studies/${S}/series/${SE}/rendered`, { GET: { kind: 'rendered', studyUid: S, seriesUid: SE } }],
  [`/studies/${S}/series/${SE}/thumbnail`, { GET: { kind: 'thumbnail', studyUid: S, seriesUid: SE } }],
  [`/studies/${S}/series/${SE}/instances`, { GET: { kind: 'search-instances', studyUid: S, seriesUid: SE } }],
  [`/studies/${S}/series/${SE}/frames-batch`, { GET: { kind: 'frame-batch', studyUid: S, seriesUid: SE } }],
  [INSTANCE, { GET: { kind: 'retrieve', studyUid: S, seriesUid: SE, instanceUid: I } }],
  [`${INSTANCE}/metadata`, { GET: { kind: 'metadata', studyUid: S, seriesUid: SE, instanceUid: I } }],
  [`${INSTANCE}/rendered`, { GET: { kind: 'rendered', studyUid: S, seriesUid: SE, instanceUid: I } }],
  [`${INSTANCE}/thumbnail`, { GET: { kind: 'thumbnail', studyUid: S, seriesUid: SE, instanceUid: I } }],
  [`${INSTANCE}/frames/1`, { GET: { kind: 'frames', studyUid: S, seriesUid: SE, instanceUid: I } }],
  [`${INSTANCE}/frames/1,2,30,999999999`, { GET: { kind: 'frames', studyUid: S, seriesUid: SE, instanceUid: I } }],
  [`${INSTANCE}/frames/7/rendered`, { GET: { kind: 'rendered', studyUid: S, seriesUid: SE, instanceUid: I } }],
  [`${INSTANCE}/frames/7/thumbnail`, { GET: { kind: 'thumbnail', studyUid: S, seriesUid: SE, instanceUid: I } }],
  // Orthanc's BulkDataURIs: the attribute's tag, or a path of tags and item indexes into sequences.
  [`${INSTANCE}/bulk/7fe00010`, { GET: { kind: 'bulkdata', studyUid: S, seriesUid: SE, instanceUid: I } }],
  [`${INSTANCE}/bulk/0043102A`, { GET: { kind: 'bulkdata', studyUid: S, seriesUid: SE, instanceUid: I } }],
  [`${INSTANCE}/bulk/00540016/0/00181078/12/7fe00010`, { GET: { kind: 'bulkdata', studyUid: S, seriesUid: SE, instanceUid: I } }],
];

const REFUSED = [
  // The DICOMweb plugin's admin routes (peers: register, delete, push, make the archive fetch URLs).
  '/servers',
  '/servers/peer',
  '/servers/peer/stow',
  '/servers/peer/get',
  '/servers/peer/post',
  '/servers/peer/retrieve',
  '/servers/peer/qido',
  '/servers/peer/wado',
  '/servers/peer/delete',
  // Orthanc's own REST API, reached by climbing out of the root or by name.
  '/../tools/execute-script',
  '/studies/../../system',
  '/%2e%2e/system',
  '/studies/%2E%2E/x',
  `/studies/${S}%2F..%2F..%2Fsystem`,
  '/a\\..\\b',
  '/tools/execute-script',
  '/system',
  '/instances/abc/file',
  `/studies/${S}/archive`,
  `${INSTANCE}/file`,
  `${INSTANCE}/frames/1/raw`,
  `/studies/${S}/series/${SE}/frames-batch/x`,
  `/studies/${S}/frames-batch`,
  `${INSTANCE}/frames`,
  // The root itself, empty segments, trailing slashes, other spellings.
  '',
  '/',
  '//studies',
  '/studies/',
  `/studies/${S}/`,
  `/studies//series`,
  '/STUDIES',
  '/Studies',
  '/%73tudies',
  '/studies;x=1',
  'studies',
  // UIDs: digits and dots, at most 64 characters.
  '/studies/1.2.x',
  '/studies/1..2',
  '/studies/.1',
  '/studies/1.',
  '/studies/%31.2',
  '/studies/+1.2',
  `/studies/1.${'2'.repeat(63)}`,
  `/studies/${S}/series/abc/metadata`,
  `/studies/${S}/series/${SE}/instances/1.2 3`,
  // Frame lists: 1-based numbers, no empty items, at most 1000.
  `${INSTANCE}/frames/0`,
  `${INSTANCE}/frames/01`,
  `${INSTANCE}/frames/1,`,
  `${INSTANCE}/frames/,1`,
  `${INSTANCE}/frames/1,,2`,
  `${INSTANCE}/frames/-1`,
  `${INSTANCE}/frames/1%2C2`,
  `${INSTANCE}/frames/1234567890`,
  `${INSTANCE}/frames/${Array.from({ length: 1001 }, (_, i) => i + 1).join(',')}`,
  // Bulk data paths: a tag, then index/tag pairs.
  `${INSTANCE}/bulk`,
  `${INSTANCE}/bulk/`,
  `${INSTANCE}/bulk/7fe0001`,
  `${INSTANCE}/bulk/7fe00010/0`,
  `${INSTANCE}/bulk/7fe00010/x/7fe00010`,
  `${INSTANCE}/bulk/7fe00010/`,
  `${INSTANCE}/bulk/zzzzzzzz`,
  `${INSTANCE}/bulk/../../../../../system`,
  `${INSTANCE}/bulk/${Array.from({ length: 9 }, () => '00081111').join('/0/')}`,
];

describe('decideDicomwebRequest', () => {
  it.each(ALLOWED)('%s: the allowed methods with their resource, 405 with Allow for every other method', (path, byMethod) => {
    const allow = Object.keys(byMethod);
    for (const method of METHODS) {
      const expected = Object.hasOwn(byMethod, method) ? byMethod[method as 'GET' | 'POST'] : undefined;
      expect(decideDicomwebRequest(method, path), `${method} ${path}`).toEqual(
        expected ? { allowed: true, resource: expected } : { allowed: false, status: 405, allow },
      );
    }
  });

  it.each(REFUSED)('%s is not a resource the gateway forwards (404 whatever the method)', (path) => {
    for (const method of METHODS) expect(decideDicomwebRequest(method, path), `${method} ${path}`).toEqual({ allowed: false, status: 404 });
  });

  it('HEAD is refused where GET is allowed: the app never sends it', () => {
    expect(decideDicomwebRequest('HEAD', '/studies')).toEqual({ allowed: false, status: 405, allow: ['GET', 'POST'] });
    expect(decideDicomwebRequest('HEAD', `${INSTANCE}/frames/1`)).toEqual({ allowed: false, status: 405, allow: ['GET'] });
  });

  it('takes a 64-character UID and refuses a 65-character one', () => {
    const uid64 = `1.${'2'.repeat(62)}`;
    expect(uid64.length).toBe(64);
    expect(decideDicomwebRequest('GET', `/studies/${uid64}/metadata`)).toEqual({ allowed: true, resource: { kind: 'metadata', studyUid: uid64 } });
    expect(decideDicomwebRequest('GET', `/studies/${uid64}2/metadata`)).toEqual({ allowed: false, status: 404 });
  });

  it('takes the 1000 frames a path may name and the deepest bulk data path', () => {
    expect(decideDicomwebRequest('GET', `${INSTANCE}/frames/${Array.from({ length: 1000 }, (_, i) => i + 1).join(',')}`)).toMatchObject({ allowed: true });
    expect(decideDicomwebRequest('GET', `${INSTANCE}/bulk/${Array.from({ length: 8 }, () => '00081111').join('/0/')}`)).toMatchObject({ allowed: true });
  });
});
