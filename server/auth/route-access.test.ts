import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.ts';
import { startFakeUpstream, testConfig, type FakeUpstream } from '../test-helpers.ts';
import { addTestAccount, signInCookie, testGateway } from '../test-gateway.ts';

/**
 * Every route × every role (and no session) against the status the access check must give. `pass`
 * means the check let the request through (whatever the handler then answered, never 401 or 403).
 * A route the gateway registers that no row names fails the test: new routes must be added here.
 */

type Caller = 'anonymous' | Role;
const CALLERS: Caller[] = ['anonymous', 'radiologist', 'qa', 'referrer', 'admin'];
type Expected = 'pass' | 401 | 403 | 404;

interface Row {
  /** The registered route(s) this row covers, as `METHOD url`. */
  routes: string[];
  method: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  expect: Record<Caller, Expected>;
}

const PUBLIC: Record<Caller, Expected> = { anonymous: 'pass', radiologist: 'pass', qa: 'pass', referrer: 'pass', admin: 'pass' };
const SIGNED_IN: Record<Caller, Expected> = { anonymous: 401, radiologist: 'pass', qa: 'pass', referrer: 'pass', admin: 'pass' };
const READ_IMAGES: Record<Caller, Expected> = { anonymous: 401, radiologist: 'pass', qa: 'pass', referrer: 403, admin: 403 };
const WRITE_IMAGES: Record<Caller, Expected> = { anonymous: 401, radiologist: 'pass', qa: 403, referrer: 403, admin: 403 };
const WORKLIST: Record<Caller, Expected> = READ_IMAGES;
const MANAGE_USERS: Record<Caller, Expected> = { anonymous: 401, radiologist: 403, qa: 403, referrer: 403, admin: 'pass' };
const WRITE_REPORTS: Record<Caller, Expected> = WRITE_IMAGES;
const CREATE_SHARES: Record<Caller, Expected> = { anonymous: 401, radiologist: 'pass', qa: 403, referrer: 403, admin: 'pass' };
const READ_DELIVERIES: Record<Caller, Expected> = CREATE_SHARES;
const MANAGE_DELIVERIES: Record<Caller, Expected> = MANAGE_USERS;
const CLAIM: Record<Caller, Expected> = { anonymous: 401, radiologist: 'pass', qa: 403, referrer: 403, admin: 403 };
const PRIORITIZE: Record<Caller, Expected> = { anonymous: 401, radiologist: 'pass', qa: 403, referrer: 403, admin: 'pass' };
const PEER_REVIEW: Record<Caller, Expected> = { anonymous: 401, radiologist: 'pass', qa: 'pass', referrer: 403, admin: 403 };
const PEER_REVIEW_ADD: Record<Caller, Expected> = { anonymous: 401, radiologist: 403, qa: 'pass', referrer: 403, admin: 403 };
// Only a qa account with the arbiter flag (server/peer-review/peer-review-gateway.test.ts); no role grants it.
const ARBITRATE: Record<Caller, Expected> = { anonymous: 401, radiologist: 403, qa: 403, referrer: 403, admin: 403 };
const READER_TASKS: Record<Caller, Expected> = { anonymous: 401, radiologist: 'pass', qa: 403, referrer: 403, admin: 403 };
const PEER_STATISTICS: Record<Caller, Expected> = { anonymous: 401, radiologist: 403, qa: 'pass', referrer: 403, admin: 'pass' };
const IDENTITIES: Record<Caller, Expected> = MANAGE_USERS;

const STUDY = '1.2.826.0.1.3680043.8.498.1';
const SERIES = '1.2.826.0.1.3680043.8.498.2';
const STOW = { 'content-type': 'multipart/related; type="application/dicom"; boundary=b' };

const ROWS: Row[] = [
  { routes: ['GET /*', 'HEAD /*'], method: 'GET', url: '/favicon.svg', expect: PUBLIC },
  { routes: ['GET /', 'HEAD /'], method: 'GET', url: '/', expect: PUBLIC },
  { routes: ['GET /index.html', 'HEAD /index.html'], method: 'GET', url: '/index.html', expect: PUBLIC },
  { routes: ['GET /app-config.json', 'HEAD /app-config.json'], method: 'GET', url: '/app-config.json', expect: PUBLIC },
  { routes: ['GET /api/health', 'HEAD /api/health'], method: 'GET', url: '/api/health', expect: PUBLIC },
  { routes: ['POST /api/session'], method: 'POST', url: '/api/session', body: {}, expect: PUBLIC },
  { routes: ['GET /api/session', 'HEAD /api/session'], method: 'GET', url: '/api/session', expect: SIGNED_IN },
  { routes: ['GET /api/worklist-hints/:key', 'HEAD /api/worklist-hints/:key'], method: 'GET', url: '/api/worklist-hints/abc', expect: WORKLIST },
  { routes: ['PUT /api/worklist-hints/:key'], method: 'PUT', url: '/api/worklist-hints/abc', body: { from: '20240101' }, expect: WORKLIST },
  { routes: ['GET /api/hanging-protocols', 'HEAD /api/hanging-protocols'], method: 'GET', url: '/api/hanging-protocols', expect: READ_IMAGES },
  { routes: ['PUT /api/hanging-protocols/:id'], method: 'PUT', url: '/api/hanging-protocols/mine', body: {}, expect: READ_IMAGES },
  { routes: ['DELETE /api/hanging-protocols/:id'], method: 'DELETE', url: '/api/hanging-protocols/mine', expect: READ_IMAGES },
  { routes: ['GET /dicom-web'], method: 'GET', url: '/dicom-web', expect: READ_IMAGES },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: '/dicom-web/studies', expect: READ_IMAGES },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `/dicom-web/studies/${STUDY}/metadata`, expect: READ_IMAGES },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `/dicom-web/studies/${STUDY}/series/${SERIES}/frames-batch?frame=1.2.3:1`, expect: READ_IMAGES },
  { routes: ['POST /dicom-web', 'POST /dicom-web/*'], method: 'POST', url: '/dicom-web/studies', headers: STOW, body: '--b--', expect: WRITE_IMAGES },
  // No route: the gate refuses the method (405) once the caller is known; a signed-out caller learns only 401.
  { routes: [], method: 'DELETE', url: `/dicom-web/studies/${STUDY}`, expect: SIGNED_IN },
  {
    routes: ['GET /sources/:sourceId/dicom-web', 'GET /sources/:sourceId/dicom-web/*'],
    method: 'GET',
    url: '/sources/main/dicom-web/studies',
    expect: READ_IMAGES,
  },
  {
    routes: ['GET /sources/:sourceId/dicom-web/*'],
    method: 'GET',
    url: `/sources/main/dicom-web/studies/${STUDY}/series/${SERIES}/frames-batch?frame=1.2.3:1`,
    expect: READ_IMAGES,
  },
  {
    routes: ['POST /sources/:sourceId/dicom-web', 'POST /sources/:sourceId/dicom-web/*'],
    method: 'POST',
    url: '/sources/main/dicom-web/studies',
    headers: STOW,
    body: '--b--',
    expect: WRITE_IMAGES,
  },
  { routes: [], method: 'PUT', url: '/sources/main/dicom-web/studies', expect: SIGNED_IN },
  { routes: ['POST /api/session/totp'], method: 'POST', url: '/api/session/totp', body: {}, expect: SIGNED_IN },
  { routes: ['POST /api/session/totp/confirm'], method: 'POST', url: '/api/session/totp/confirm', body: { code: '000000' }, expect: SIGNED_IN },
  { routes: ['GET /api/auth/providers', 'HEAD /api/auth/providers'], method: 'GET', url: '/api/auth/providers', expect: PUBLIC },
  { routes: ['GET /api/auth/oidc/:id/start', 'HEAD /api/auth/oidc/:id/start'], method: 'GET', url: '/api/auth/oidc/sso/start', expect: PUBLIC },
  { routes: ['GET /api/auth/oidc/:id/callback', 'HEAD /api/auth/oidc/:id/callback'], method: 'GET', url: '/api/auth/oidc/sso/callback', expect: PUBLIC },
  { routes: ['GET /api/admin/sessions', 'HEAD /api/admin/sessions'], method: 'GET', url: '/api/admin/sessions', expect: MANAGE_USERS },
  { routes: ['DELETE /api/admin/sessions/:id'], method: 'DELETE', url: '/api/admin/sessions/unknown', expect: MANAGE_USERS },
  { routes: ['GET /api/admin/users', 'HEAD /api/admin/users'], method: 'GET', url: '/api/admin/users', expect: MANAGE_USERS },
  { routes: ['POST /api/admin/users/:username/:action'], method: 'POST', url: '/api/admin/users/nobody/unlock', body: {}, expect: MANAGE_USERS },
  { routes: ['PUT /api/admin/users/:username/peer-review'], method: 'PUT', url: '/api/admin/users/nobody/peer-review', body: {}, expect: MANAGE_USERS },
  {
    routes: ['GET /api/audit', 'HEAD /api/audit'],
    method: 'GET',
    url: '/api/audit?limit=1',
    expect: { anonymous: 401, radiologist: 403, qa: 403, referrer: 403, admin: 'pass' },
  },
  { routes: ['GET /s/:token', 'HEAD /s/:token'], method: 'GET', url: '/s/abc', expect: PUBLIC },
  { routes: ['POST /api/share-links/status'], method: 'POST', url: '/api/share-links/status', body: { token: 'x' }, expect: PUBLIC },
  { routes: ['POST /api/share-sessions'], method: 'POST', url: '/api/share-sessions', body: { token: 'x' }, expect: PUBLIC },
  { routes: ['POST /api/shares'], method: 'POST', url: '/api/shares', body: {}, expect: CREATE_SHARES },
  { routes: ['GET /api/shares', 'HEAD /api/shares'], method: 'GET', url: `/api/shares?study=${STUDY}`, expect: CREATE_SHARES },
  { routes: ['DELETE /api/shares/:id'], method: 'DELETE', url: '/api/shares/unknown', expect: CREATE_SHARES },
  { routes: ['GET /api/shares/:id/history', 'HEAD /api/shares/:id/history'], method: 'GET', url: '/api/shares/unknown/history', expect: CREATE_SHARES },
  { routes: ['GET /api/deliveries', 'HEAD /api/deliveries'], method: 'GET', url: `/api/deliveries?study=${STUDY}`, expect: READ_DELIVERIES },
  { routes: ['GET /api/admin/deliveries', 'HEAD /api/admin/deliveries'], method: 'GET', url: '/api/admin/deliveries', expect: MANAGE_DELIVERIES },
  { routes: ['POST /api/admin/deliveries/:id/retry'], method: 'POST', url: '/api/admin/deliveries/1/retry', body: {}, expect: MANAGE_DELIVERIES },
  { routes: ['GET /api/reports/:studyUid', 'HEAD /api/reports/:studyUid'], method: 'GET', url: `/api/reports/${STUDY}`, expect: READ_IMAGES },
  { routes: ['PUT /api/reports/:studyUid/draft'], method: 'PUT', url: `/api/reports/${STUDY}/draft`, body: {}, expect: WRITE_REPORTS },
  { routes: ['POST /api/reports/:studyUid/sign'], method: 'POST', url: `/api/reports/${STUDY}/sign`, body: {}, expect: WRITE_REPORTS },
  { routes: ['POST /api/reports/:studyUid/addenda'], method: 'POST', url: `/api/reports/${STUDY}/addenda`, body: {}, expect: WRITE_REPORTS },
  { routes: ['POST /api/reading/statuses'], method: 'POST', url: '/api/reading/statuses', body: { studyInstanceUids: [STUDY] }, expect: WORKLIST },
  { routes: ['POST /api/reading/studies/:uid/claim'], method: 'POST', url: `/api/reading/studies/${STUDY}/claim`, body: {}, expect: CLAIM },
  { routes: ['POST /api/reading/studies/:uid/take-over'], method: 'POST', url: `/api/reading/studies/${STUDY}/take-over`, body: {}, expect: CLAIM },
  { routes: ['POST /api/reading/studies/:uid/heartbeat'], method: 'POST', url: `/api/reading/studies/${STUDY}/heartbeat`, body: {}, expect: CLAIM },
  { routes: ['POST /api/reading/studies/:uid/release'], method: 'POST', url: `/api/reading/studies/${STUDY}/release`, body: {}, expect: CLAIM },
  {
    routes: ['PUT /api/reading/studies/:uid/priority'],
    method: 'PUT',
    url: `/api/reading/studies/${STUDY}/priority`,
    body: { priority: 'stat' },
    expect: PRIORITIZE,
  },
  { routes: ['POST /api/reading/next'], method: 'POST', url: '/api/reading/next', body: { candidates: [STUDY] }, expect: CLAIM },
  { routes: ['GET /api/peer-review/queue', 'HEAD /api/peer-review/queue'], method: 'GET', url: '/api/peer-review/queue', expect: PEER_REVIEW },
  { routes: ['GET /api/peer-review/cases/:id', 'HEAD /api/peer-review/cases/:id'], method: 'GET', url: '/api/peer-review/cases/prc_x', expect: PEER_REVIEW },
  { routes: ['POST /api/peer-review/cases/:id/review'], method: 'POST', url: '/api/peer-review/cases/prc_x/review', body: {}, expect: PEER_REVIEW },
  { routes: ['POST /api/peer-review/cases'], method: 'POST', url: '/api/peer-review/cases', body: {}, expect: PEER_REVIEW_ADD },
  { routes: ['GET /api/peer-review/arbitration', 'HEAD /api/peer-review/arbitration'], method: 'GET', url: '/api/peer-review/arbitration', expect: ARBITRATE },
  { routes: ['POST /api/peer-review/arbitration/:reviewId'], method: 'POST', url: '/api/peer-review/arbitration/prv_x', body: {}, expect: ARBITRATE },
  { routes: ['GET /api/peer-review/tasks', 'HEAD /api/peer-review/tasks'], method: 'GET', url: '/api/peer-review/tasks', expect: READER_TASKS },
  { routes: ['POST /api/peer-review/tasks/:id/close'], method: 'POST', url: '/api/peer-review/tasks/prt_x/close', body: {}, expect: READER_TASKS },
  { routes: ['GET /api/peer-review/statistics', 'HEAD /api/peer-review/statistics'], method: 'GET', url: '/api/peer-review/statistics', expect: SIGNED_IN },
  { routes: ['GET /api/peer-review/pseudonyms', 'HEAD /api/peer-review/pseudonyms'], method: 'GET', url: '/api/peer-review/pseudonyms', expect: IDENTITIES },
  {
    routes: ['GET /api/peer-review/export.csv', 'HEAD /api/peer-review/export.csv'],
    method: 'GET',
    url: '/api/peer-review/export.csv',
    expect: PEER_STATISTICS,
  },
  { routes: ['GET /api/peer-review/summary', 'HEAD /api/peer-review/summary'], method: 'GET', url: '/api/peer-review/summary', expect: SIGNED_IN },
  // Last: it ends the caller's session.
  { routes: ['DELETE /api/session'], method: 'DELETE', url: '/api/session', expect: PUBLIC },
];

let upstream: FakeUpstream;
let app: FastifyInstance;
const cookies = new Map<Caller, string>();

beforeAll(async () => {
  upstream = await startFakeUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/dicom+json' });
    res.end('[]');
  });
  const gateway = await testGateway(testConfig({ sources: [{ id: 'main', label: 'Test archive', upstream: { root: `${upstream.url}/dicom-web` } }] }));
  app = gateway.app;
  for (const role of CALLERS) {
    if (role === 'anonymous') continue;
    const account = await addTestAccount(gateway.db, [role]);
    cookies.set(role, await signInCookie(app, account.username));
  }
});

afterAll(async () => {
  await app.close();
  await upstream.close();
});

describe('route × role access table', () => {
  it('names every route the gateway registers', () => {
    const covered = new Set(ROWS.flatMap((row) => row.routes));
    const registered = app.routeTable.map((route) => `${route.method} ${route.url}`);
    expect(registered.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !registered.includes(route))).toEqual([]);
  });

  it.each(ROWS.map((row) => [`${row.method} ${row.url}`, row] as const))('%s', async (_name, row) => {
    const seen: Record<string, Expected | number> = {};
    for (const caller of CALLERS) {
      const res = await app.inject({
        method: row.method as 'GET',
        url: row.url,
        headers: { accept: 'application/json', ...row.headers, cookie: cookies.get(caller) ?? '' },
        ...(row.body === undefined ? {} : { payload: typeof row.body === 'string' ? row.body : JSON.stringify(row.body) }),
        ...(row.body !== undefined && typeof row.body !== 'string'
          ? { headers: { accept: 'application/json', 'content-type': 'application/json', cookie: cookies.get(caller) ?? '' } }
          : {}),
      });
      const status = res.statusCode;
      seen[caller] =
        status === 401 || status === 403 || (status === 404 && row.expect[caller] === 404) ? status : row.expect[caller] === 'pass' ? 'pass' : status;
    }
    expect(seen).toEqual(row.expect);
  });
});
