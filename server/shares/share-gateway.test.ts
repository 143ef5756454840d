import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, testConfig, type FakeUpstream } from '../test-helpers.ts';
import { addTestAccount, signInCookie, testGateway } from '../test-gateway.ts';
import { isStudyFactsQuery } from '../dicomweb/study-facts.ts';
import type { Database } from '../db/database.ts';
import { SHARE_COOKIE } from '../auth/access.ts';
import { CLIENT_MAX_FAILURES } from '../auth/sign-in.ts';
import { searchChain } from '../audit/queries.ts';
import type { AuditEvent } from '../audit/record.ts';
import { createTestShare, shareCookie } from './share-test-helpers.ts';

/**
 * A share session through the whole gateway, against a stand-in archive: every registered route for a
 * share session (a route no row names fails the test: new routes must be classified here), and the
 * life of a link (creation, passcode lockout, use limit, expiry, revocation), with their audit records.
 */

const SHARED = '1.2.826.0.1.3680043.8.498.11';
const PRIOR = '1.2.826.0.1.3680043.8.498.12';
const OTHER = '1.2.826.0.1.3680043.8.498.21';
const OTHER_PATIENT_SAME_ID = '1.2.826.0.1.3680043.8.498.31';
const BETA = '1.2.826.0.1.3680043.8.498.41';
const SERIES = '1.2.826.0.1.3680043.8.498.2';
const INSTANCE = '1.2.826.0.1.3680043.8.498.3';

const STUDIES: Record<string, { patient: string; issuer: string; institution: string }> = {
  [SHARED]: { patient: 'PAT-1', issuer: 'HOSP', institution: 'Alpha Hospital' },
  [PRIOR]: { patient: 'PAT-1', issuer: 'HOSP', institution: 'Alpha Hospital' },
  [OTHER_PATIENT_SAME_ID]: { patient: 'PAT-1', issuer: 'ELSEWHERE', institution: 'Alpha Hospital' },
  [OTHER]: { patient: 'PAT-2', issuer: 'HOSP', institution: 'Alpha Hospital' },
  [BETA]: { patient: 'PAT-3', issuer: 'HOSP', institution: 'Beta Clinic' },
};

function studyJson(uid: string): Record<string, unknown> {
  const study = STUDIES[uid]!;
  return {
    '0020000D': { vr: 'UI', Value: [uid] },
    '00100020': { vr: 'LO', Value: [study.patient] },
    '00100021': { vr: 'LO', Value: [study.issuer] },
    '00080080': { vr: 'LO', Value: [study.institution] },
    '00081030': { vr: 'LO', Value: ['CT CHEST'] },
  };
}

let upstream: FakeUpstream;
let app: FastifyInstance;
let db: Database;
let radiologist: string;
let scopedRadiologist: string;
let otherRadiologist: string;
let qa: string;
let admin: string;
/** What the archive was asked, apart from the gateway's own study lookups. */
let received: string[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream(
    (req, res) => {
      const url = req.url ?? '';
      if (isStudyFactsQuery(url)) {
        const uid = /StudyInstanceUID=([0-9.]+)/.exec(url)?.[1] ?? '';
        res.writeHead(200, { 'content-type': 'application/dicom+json' });
        return res.end(JSON.stringify(STUDIES[uid] ? [studyJson(uid)] : []));
      }
      received.push(`${req.method} ${url}`);
      if (req.method === 'GET' && /\/studies\?/.test(url) && url.includes('PatientID=PAT-1')) {
        res.writeHead(200, { 'content-type': 'application/dicom+json' });
        return res.end(JSON.stringify([SHARED, PRIOR, OTHER_PATIENT_SAME_ID].map(studyJson)));
      }
      if (req.method === 'GET' && /\/studies(\?|$)/.test(url)) {
        // Ignores every matching key: the gateway's filter must still hold.
        res.writeHead(200, { 'content-type': 'application/dicom+json' });
        return res.end(JSON.stringify(Object.keys(STUDIES).map(studyJson)));
      }
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end('[]');
    },
    { studyFacts: 'handler' },
  );
  const gateway = await testGateway(testConfig({ sources: [{ id: 'main', label: 'Main archive', upstream: { root: `${upstream.url}/dicom-web` } }] }));
  app = gateway.app;
  db = gateway.db;
  radiologist = gateway.cookie;
  scopedRadiologist = await signInCookie(app, (await addTestAccount(db, ['radiologist'], { scopeInstitutions: ['Alpha Hospital'] })).username);
  otherRadiologist = await signInCookie(app, (await addTestAccount(db, ['radiologist'])).username);
  qa = await signInCookie(app, (await addTestAccount(db, ['qa'])).username);
  admin = await signInCookie(app, (await addTestAccount(db, ['admin'])).username);
});

afterAll(async () => {
  await app.close();
  await upstream.close();
});

const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie, accept: 'application/dicom+json' } });

function studyUids(body: string): string[] {
  return (JSON.parse(body) as Record<string, { Value: string[] }>[]).map((item) => item['0020000D']!.Value[0]!);
}

async function auditOf(userId: string): Promise<AuditEvent[]> {
  return (await searchChain(db, { user: userId, limit: 100 })).map((row) => JSON.parse(row.record) as AuditEvent);
}

type Expected = 'pass' | 'forwarded' | 401 | 403 | 404;

interface Row {
  routes: string[];
  method: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  expect: Expected;
}

const STOW = { 'content-type': 'multipart/related; type="application/dicom"; boundary=b' };
const IN_SHARED = `/dicom-web/studies/${SHARED}`;
const IN_OTHER = `/dicom-web/studies/${OTHER}`;

/** Every route as a share session meets it. `forwarded`: the archive was asked; `pass`: neither 401 nor 403. */
const ROWS: Row[] = [
  { routes: ['GET /*', 'HEAD /*'], method: 'GET', url: '/favicon.svg', expect: 'pass' },
  { routes: ['GET /', 'HEAD /'], method: 'GET', url: '/', expect: 'pass' },
  { routes: ['GET /index.html', 'HEAD /index.html'], method: 'GET', url: '/index.html', expect: 'pass' },
  { routes: ['GET /s/:token', 'HEAD /s/:token'], method: 'GET', url: '/s/abc', expect: 'pass' },
  { routes: ['GET /app-config.json', 'HEAD /app-config.json'], method: 'GET', url: '/app-config.json', expect: 'pass' },
  { routes: ['GET /api/health', 'HEAD /api/health'], method: 'GET', url: '/api/health', expect: 'pass' },
  { routes: ['POST /api/session'], method: 'POST', url: '/api/session', body: {}, expect: 'pass' },
  { routes: ['GET /api/session', 'HEAD /api/session'], method: 'GET', url: '/api/session', expect: 'pass' },
  { routes: ['POST /api/share-links/status'], method: 'POST', url: '/api/share-links/status', body: { token: 'x' }, expect: 'pass' },
  { routes: ['POST /api/share-sessions'], method: 'POST', url: '/api/share-sessions', body: { token: 'x' }, expect: 'pass' },
  { routes: ['GET /api/worklist-hints/:key', 'HEAD /api/worklist-hints/:key'], method: 'GET', url: '/api/worklist-hints/abc', expect: 403 },
  { routes: ['PUT /api/worklist-hints/:key'], method: 'PUT', url: '/api/worklist-hints/abc', body: { from: '20240101' }, expect: 403 },
  { routes: ['GET /api/hanging-protocols', 'HEAD /api/hanging-protocols'], method: 'GET', url: '/api/hanging-protocols', expect: 403 },
  { routes: ['PUT /api/hanging-protocols/:id'], method: 'PUT', url: '/api/hanging-protocols/mine', body: {}, expect: 403 },
  { routes: ['DELETE /api/hanging-protocols/:id'], method: 'DELETE', url: '/api/hanging-protocols/mine', expect: 403 },
  { routes: ['GET /dicom-web'], method: 'GET', url: '/dicom-web', expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: '/dicom-web/studies', expect: 'forwarded' },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: '/dicom-web/studies?PatientName=*', expect: 'forwarded' },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_SHARED}/metadata`, expect: 'forwarded' },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_SHARED}/series`, expect: 'forwarded' },
  {
    routes: ['GET /dicom-web/*'],
    method: 'GET',
    url: `${IN_SHARED}/series/${SERIES}/frames-batch?frame=${INSTANCE}:1`,
    headers: { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
    expect: 'forwarded',
  },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_OTHER}/metadata`, expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_OTHER}/series`, expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_OTHER}/instances`, expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_OTHER}/series/${SERIES}/instances`, expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_OTHER}/series/${SERIES}/instances/${INSTANCE}/frames/1`, expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_OTHER}/series/${SERIES}/frames-batch?frame=${INSTANCE}:1`, expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_OTHER}/rendered`, expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_OTHER}/thumbnail`, expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_OTHER}/series/${SERIES}/instances/${INSTANCE}`, expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: `${IN_OTHER}/series/${SERIES}/instances/${INSTANCE}/bulk/7fe00010`, expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: '/dicom-web/series?Modality=CT', expect: 404 },
  { routes: ['GET /dicom-web/*'], method: 'GET', url: '/dicom-web/instances', expect: 404 },
  { routes: ['POST /dicom-web', 'POST /dicom-web/*'], method: 'POST', url: '/dicom-web/studies', headers: STOW, body: '--b--', expect: 403 },
  { routes: ['POST /dicom-web/*'], method: 'POST', url: IN_SHARED, headers: STOW, body: '--b--', expect: 403 },
  { routes: [], method: 'DELETE', url: IN_SHARED, expect: 'pass' },
  {
    routes: ['GET /sources/:sourceId/dicom-web', 'GET /sources/:sourceId/dicom-web/*'],
    method: 'GET',
    url: `/sources/main/dicom-web/studies/${SHARED}/metadata`,
    expect: 'forwarded',
  },
  { routes: ['GET /sources/:sourceId/dicom-web/*'], method: 'GET', url: `/sources/main/dicom-web/studies/${OTHER}/metadata`, expect: 404 },
  {
    routes: ['POST /sources/:sourceId/dicom-web', 'POST /sources/:sourceId/dicom-web/*'],
    method: 'POST',
    url: '/sources/main/dicom-web/studies',
    headers: STOW,
    body: '--b--',
    expect: 403,
  },
  { routes: ['POST /api/session/totp'], method: 'POST', url: '/api/session/totp', body: {}, expect: 403 },
  { routes: ['POST /api/session/totp/confirm'], method: 'POST', url: '/api/session/totp/confirm', body: { code: '000000' }, expect: 403 },
  { routes: ['GET /api/auth/providers', 'HEAD /api/auth/providers'], method: 'GET', url: '/api/auth/providers', expect: 'pass' },
  { routes: ['GET /api/auth/oidc/:id/start', 'HEAD /api/auth/oidc/:id/start'], method: 'GET', url: '/api/auth/oidc/sso/start', expect: 'pass' },
  { routes: ['GET /api/auth/oidc/:id/callback', 'HEAD /api/auth/oidc/:id/callback'], method: 'GET', url: '/api/auth/oidc/sso/callback', expect: 'pass' },
  { routes: ['GET /api/admin/sessions', 'HEAD /api/admin/sessions'], method: 'GET', url: '/api/admin/sessions', expect: 403 },
  { routes: ['DELETE /api/admin/sessions/:id'], method: 'DELETE', url: '/api/admin/sessions/unknown', expect: 403 },
  { routes: ['GET /api/admin/users', 'HEAD /api/admin/users'], method: 'GET', url: '/api/admin/users', expect: 403 },
  { routes: ['POST /api/admin/users/:username/:action'], method: 'POST', url: '/api/admin/users/nobody/unlock', body: {}, expect: 403 },
  { routes: ['PUT /api/admin/users/:username/peer-review'], method: 'PUT', url: '/api/admin/users/nobody/peer-review', body: {}, expect: 403 },
  { routes: ['GET /api/audit', 'HEAD /api/audit'], method: 'GET', url: '/api/audit?limit=1', expect: 403 },
  { routes: ['POST /api/shares'], method: 'POST', url: '/api/shares', body: { studyInstanceUids: [OTHER] }, expect: 403 },
  { routes: ['GET /api/shares', 'HEAD /api/shares'], method: 'GET', url: `/api/shares?study=${SHARED}`, expect: 403 },
  { routes: ['GET /api/deliveries', 'HEAD /api/deliveries'], method: 'GET', url: `/api/deliveries?study=${SHARED}`, expect: 403 },
  { routes: ['GET /api/admin/deliveries', 'HEAD /api/admin/deliveries'], method: 'GET', url: '/api/admin/deliveries', expect: 403 },
  { routes: ['POST /api/admin/deliveries/:id/retry'], method: 'POST', url: '/api/admin/deliveries/1/retry', body: {}, expect: 403 },
  { routes: ['DELETE /api/shares/:id'], method: 'DELETE', url: '/api/shares/whatever', expect: 403 },
  { routes: ['GET /api/shares/:id/history', 'HEAD /api/shares/:id/history'], method: 'GET', url: '/api/shares/whatever/history', expect: 403 },
  // Reports are not open to share links (yet): not even the shared study's.
  { routes: ['GET /api/reports/:studyUid', 'HEAD /api/reports/:studyUid'], method: 'GET', url: `/api/reports/${SHARED}`, expect: 403 },
  { routes: ['PUT /api/reports/:studyUid/draft'], method: 'PUT', url: `/api/reports/${SHARED}/draft`, body: {}, expect: 403 },
  { routes: ['POST /api/reports/:studyUid/sign'], method: 'POST', url: `/api/reports/${SHARED}/sign`, body: {}, expect: 403 },
  { routes: ['POST /api/reports/:studyUid/addenda'], method: 'POST', url: `/api/reports/${SHARED}/addenda`, body: {}, expect: 403 },
  { routes: ['POST /api/reading/statuses'], method: 'POST', url: '/api/reading/statuses', body: { studyInstanceUids: [SHARED] }, expect: 403 },
  { routes: ['POST /api/reading/studies/:uid/claim'], method: 'POST', url: `/api/reading/studies/${SHARED}/claim`, body: {}, expect: 403 },
  { routes: ['POST /api/reading/studies/:uid/take-over'], method: 'POST', url: `/api/reading/studies/${SHARED}/take-over`, body: {}, expect: 403 },
  { routes: ['POST /api/reading/studies/:uid/heartbeat'], method: 'POST', url: `/api/reading/studies/${SHARED}/heartbeat`, body: {}, expect: 403 },
  { routes: ['POST /api/reading/studies/:uid/release'], method: 'POST', url: `/api/reading/studies/${SHARED}/release`, body: {}, expect: 403 },
  {
    routes: ['PUT /api/reading/studies/:uid/priority'],
    method: 'PUT',
    url: `/api/reading/studies/${SHARED}/priority`,
    body: { priority: 'stat' },
    expect: 403,
  },
  { routes: ['POST /api/reading/next'], method: 'POST', url: '/api/reading/next', body: { candidates: [SHARED] }, expect: 403 },
  { routes: ['GET /api/peer-review/queue', 'HEAD /api/peer-review/queue'], method: 'GET', url: '/api/peer-review/queue', expect: 403 },
  { routes: ['GET /api/peer-review/cases/:id', 'HEAD /api/peer-review/cases/:id'], method: 'GET', url: '/api/peer-review/cases/prc_x', expect: 403 },
  { routes: ['POST /api/peer-review/cases/:id/review'], method: 'POST', url: '/api/peer-review/cases/prc_x/review', body: {}, expect: 403 },
  { routes: ['POST /api/peer-review/cases'], method: 'POST', url: '/api/peer-review/cases', body: { studyInstanceUid: SHARED, reason: 'x' }, expect: 403 },
  { routes: ['GET /api/peer-review/arbitration', 'HEAD /api/peer-review/arbitration'], method: 'GET', url: '/api/peer-review/arbitration', expect: 403 },
  { routes: ['POST /api/peer-review/arbitration/:reviewId'], method: 'POST', url: '/api/peer-review/arbitration/prv_x', body: {}, expect: 403 },
  { routes: ['GET /api/peer-review/tasks', 'HEAD /api/peer-review/tasks'], method: 'GET', url: '/api/peer-review/tasks', expect: 403 },
  { routes: ['POST /api/peer-review/tasks/:id/close'], method: 'POST', url: '/api/peer-review/tasks/prt_x/close', body: {}, expect: 403 },
  { routes: ['GET /api/peer-review/statistics', 'HEAD /api/peer-review/statistics'], method: 'GET', url: '/api/peer-review/statistics', expect: 403 },
  { routes: ['GET /api/peer-review/pseudonyms', 'HEAD /api/peer-review/pseudonyms'], method: 'GET', url: '/api/peer-review/pseudonyms', expect: 403 },
  { routes: ['GET /api/peer-review/export.csv', 'HEAD /api/peer-review/export.csv'], method: 'GET', url: '/api/peer-review/export.csv', expect: 403 },
  { routes: ['GET /api/peer-review/summary', 'HEAD /api/peer-review/summary'], method: 'GET', url: '/api/peer-review/summary', expect: 403 },
  { routes: [], method: 'GET', url: '/api/no-such-route', expect: 404 },
  // Last: it ends the share session.
  { routes: ['DELETE /api/session'], method: 'DELETE', url: '/api/session', expect: 'pass' },
];

describe('every route for a share session', () => {
  let cookie: string;
  beforeAll(async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED], recipient: 'Dr Okafor, ED' });
    cookie = await shareCookie(app, share.token);
  });

  it('names every route the gateway registers', () => {
    const covered = new Set(ROWS.flatMap((row) => row.routes));
    const registered = app.routeTable.map((route) => `${route.method} ${route.url}`);
    expect(registered.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !registered.includes(route))).toEqual([]);
  });

  it.each(ROWS.map((row) => [`${row.method} ${row.url}`, row] as const))('%s', async (_name, row) => {
    received = [];
    const json = row.body !== undefined && typeof row.body !== 'string';
    const res = await app.inject({
      method: row.method as 'GET',
      url: row.url,
      headers: { accept: 'application/json', ...row.headers, ...(json ? { 'content-type': 'application/json' } : {}), cookie },
      ...(row.body === undefined ? {} : { payload: typeof row.body === 'string' ? row.body : JSON.stringify(row.body) }),
    });
    const status = res.statusCode;
    const forwarded = received.length > 0;
    const seen: Expected | number =
      row.expect === 'forwarded'
        ? forwarded && status === 200
          ? 'forwarded'
          : status
        : row.expect === 'pass'
          ? status === 401 || status === 403
            ? status
            : 'pass'
          : status;
    expect(seen, res.body.slice(0, 300)).toBe(row.expect);
    if (row.expect !== 'forwarded' && row.url.includes('dicom-web')) expect(received).toEqual([]);
  });
});

describe('what a share session sees', () => {
  it('answers a wildcard study search with the shared study only, and asks the archive for it', async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED] });
    const cookie = await shareCookie(app, share.token);
    received = [];
    const res = await get('/dicom-web/studies?PatientName=*&limit=100', cookie);
    expect(res.statusCode).toBe(200);
    expect(studyUids(res.body)).toEqual([SHARED]);
    expect(received).toEqual([`GET /dicom-web/studies?PatientName=*&limit=100&StudyInstanceUID=${SHARED}`]);
    // A search naming another study: the archive (ignoring every key here) answers everything; the filter holds.
    const other = await get(`/dicom-web/studies?StudyInstanceUID=${OTHER}`, cookie);
    expect(studyUids(other.body)).toEqual([SHARED]);
  });

  it('says what the link is at /api/session, and nothing of the creator but the name', async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED], recipient: 'Dr Okafor, ED' });
    const res = await get('/api/session', await shareCookie(app, share.token));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      kind: 'share',
      id: share.id,
      recipient: 'Dr Okafor, ED',
      sharedBy: expect.any(String),
      expiresAt: expect.any(String),
      studies: [{ dataSource: 'main', studyInstanceUid: SHARED, isPrior: false }],
    });
    expect(res.body).not.toMatch(/username|roles/);
  });

  it('includes the priors of the same patient and issuer, resolved at creation', async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED], includePriors: true });
    const cookie = await shareCookie(app, share.token);
    const res = await get('/dicom-web/studies?PatientID=PAT-1', cookie);
    expect(studyUids(res.body).sort()).toEqual([SHARED, PRIOR].sort());
    expect((await get(`/dicom-web/studies/${PRIOR}/metadata`, cookie)).statusCode).toBe(200);
    expect((await get(`/dicom-web/studies/${OTHER_PATIENT_SAME_ID}/metadata`, cookie)).statusCode).toBe(404);
  });

  it('a signed-in session wins over a share cookie, and the share cookie never widens it', async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [BETA] });
    const both = `${scopedRadiologist}; ${await shareCookie(app, share.token)}`;
    expect((await get(`/dicom-web/studies/${BETA}/metadata`, both)).statusCode).toBe(404);
    expect((await get(`/dicom-web/studies/${SHARED}/metadata`, both)).statusCode).toBe(200);
    expect((await get('/api/session', both)).json()).toMatchObject({ roles: ['radiologist'] });
  });

  it('records the studies opened under the link with the link as the user', async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED] });
    const cookie = await shareCookie(app, share.token);
    expect((await get(`${IN_SHARED}/metadata`, cookie)).statusCode).toBe(200);
    expect((await get(`${IN_OTHER}/metadata`, cookie)).statusCode).toBe(404);
    const events = await auditOf(`share:${share.id}`);
    const opened = events.find((event) => event.eventId.code === '110103');
    expect(opened?.objects.map((o) => o.id)).toEqual([SHARED, 'PAT-1']);
    expect(opened?.participants[0]).toMatchObject({ userId: `share:${share.id}`, networkAccessPoint: { id: '127.0.0.1' } });
    const refused = events.find((event) => event.eventId.code === '110113');
    expect(refused).toMatchObject({ outcomeDescription: 'Refused: a study or search outside the shared studies' });
    expect(events.some((event) => event.eventId.code === '110114' && event.outcome === 0)).toBe(true);
  });
});

describe('creating links', () => {
  const post = (cookie: string, payload: unknown) => app.inject({ method: 'POST', url: '/api/shares', headers: { cookie }, payload: payload as object });

  it('answers 201 with the id and the path of the link, and never stores the token', async () => {
    const res = await post(radiologist, { studyInstanceUids: [SHARED], expiresInDays: 2, maxUses: 3, passcode: 'tiger-42', recipient: 'Dr Okafor, ED' });
    expect(res.statusCode).toBe(201);
    const { id, url } = res.json<{ id: string; url: string }>();
    expect(url).toMatch(/^\/s\/[A-Za-z0-9_-]{43}$/);
    const token = url.slice(3);
    const rows = await db.query<Record<string, unknown>>('SELECT * FROM shares WHERE id = $1', [id]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain('tiger-42');
    const created = (await searchChain(db, { study: SHARED, limit: 50 }))
      .map((row) => JSON.parse(row.record) as AuditEvent)
      .find((e) => e.objects[0]?.id === `share:${id}`);
    expect(created).toMatchObject({ eventId: { code: '110113' }, action: 'C', outcomeDescription: expect.stringContaining('Dr Okafor, ED') });
  });

  it.each([
    [{}, /studyInstanceUids/],
    [{ studyInstanceUids: ['not a uid'] }, /DICOM UID/],
    [{ studyInstanceUids: [SHARED], expiresInDays: 91 }, /at most 90 days/],
    [{ studyInstanceUids: [SHARED], expiresInDays: 0 }, /expiresInDays/],
    [{ studyInstanceUids: [SHARED], expiresAt: '2001-01-01T00:00:00Z' }, /in the future/],
    [{ studyInstanceUids: [SHARED], expiresAt: 'tomorrow' }, /ISO-8601/],
    [{ studyInstanceUids: [SHARED], maxUses: 0 }, /maxUses/],
    [{ studyInstanceUids: [SHARED], passcode: '12' }, /passcode/],
    [{ studyInstanceUids: [SHARED], never: true }, /unknown field never/],
  ])('refuses %j with a clear 400', async (payload, message) => {
    const res = await post(radiologist, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(message);
  });

  it('refuses a study its creator may not see (404), and qa (403)', async () => {
    expect((await post(scopedRadiologist, { studyInstanceUids: [BETA] })).statusCode).toBe(404);
    expect((await post(radiologist, { studyInstanceUids: ['1.2.3.999'] })).statusCode).toBe(404);
    expect((await post(qa, { studyInstanceUids: [SHARED] })).statusCode).toBe(403);
  });

  it('lists a study’s links without tokens: own links for a radiologist, all for an admin', async () => {
    const mine = await createTestShare(app, otherRadiologist, { studyInstanceUids: [OTHER], recipient: 'GP' });
    await createTestShare(app, radiologist, { studyInstanceUids: [OTHER] });
    const own = (await get(`/api/shares?study=${OTHER}`, otherRadiologist)).json<{ links: Array<Record<string, unknown>> }>().links;
    expect(own.map((link) => link['id'])).toEqual([mine.id]);
    expect(own[0]).toMatchObject({ recipient: 'GP', useCount: 0, maxUses: null, lastUsedAt: null, state: 'active', passcode: false });
    expect(JSON.stringify(own)).not.toContain(mine.token);
    const all = (await get(`/api/shares?study=${OTHER}`, admin)).json<{ links: unknown[] }>().links;
    expect(all).toHaveLength(2);
    expect((await get('/api/shares?study=nope', radiologist)).statusCode).toBe(400);
  });
});

describe('opening links', () => {
  const exchange = (token: string, passcode?: string) =>
    app.inject({ method: 'POST', url: '/api/share-sessions', headers: { cookie: '' }, payload: { token, ...(passcode ? { passcode } : {}) } });
  const status = async (token: string) =>
    (await app.inject({ method: 'POST', url: '/api/share-links/status', headers: { cookie: '' }, payload: { token } })).json();

  it('sets an HttpOnly SameSite=Strict cookie and answers the viewer address without the token', async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED] });
    const res = await exchange(share.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ location: `/viewer?StudyInstanceUIDs=${SHARED}` });
    const cookie = res.cookies.find((c) => c.name === SHARE_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  });

  it('the landing page and the status change nothing: no use counted', async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED], maxUses: 1 });
    const page = await app.inject({ method: 'GET', url: `/s/${share.token}`, headers: { cookie: '', accept: 'text/html' } });
    expect(page.statusCode).not.toBe(302);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(await status(share.token)).toEqual({ state: 'active', passcodeRequired: false });
    expect(await status(share.token)).toEqual({ state: 'active', passcodeRequired: false });
    expect((await exchange(share.token)).statusCode).toBe(200);
    expect(await status(share.token)).toEqual({ state: 'used-up', passcodeRequired: false });
    expect((await exchange(share.token)).json()).toMatchObject({ error: 'share_used_up' });
  });

  it('asks for the passcode, counts wrong ones, and blocks the link at the fifth', async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED], passcode: 'K7PQ-2MZX' });
    expect(await status(share.token)).toEqual({ state: 'active', passcodeRequired: true });
    expect((await exchange(share.token)).json()).toMatchObject({ error: 'passcode_required' });
    expect((await exchange(share.token, 'K7PQ-2MZX')).statusCode).toBe(200);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const res = await exchange(share.token, `wrong-${attempt}`);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'passcode_wrong', attemptsLeft: 5 - attempt });
    }
    const fifth = await exchange(share.token, 'wrong-5');
    expect(fifth.statusCode).toBe(410);
    expect(fifth.json()).toMatchObject({ error: 'share_blocked' });
    // Blocked for good: even the right passcode is refused, and the creator sees it blocked.
    expect((await exchange(share.token, 'K7PQ-2MZX')).json()).toMatchObject({ error: 'share_blocked' });
    expect(await status(share.token)).toEqual({ state: 'blocked', passcodeRequired: false });
    const [link] = (await get(`/api/shares?study=${SHARED}`, radiologist))
      .json<{ links: Array<{ id: string; state: string }> }>()
      .links.filter((l) => l.id === share.id);
    expect(link?.state).toBe('blocked');
    const events = await auditOf(`share:${share.id}`);
    expect(events.filter((e) => e.outcomeDescription === 'Share link: wrong passcode')).toHaveLength(4);
    expect(events.filter((e) => e.outcome === 8 && /blocked/.test(e.outcomeDescription ?? ''))).toHaveLength(1);
  });

  it('refuses an expired link and ends its sessions; an unknown token leaks nothing', async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED] });
    const cookie = await shareCookie(app, share.token);
    expect((await get(`${IN_SHARED}/metadata`, cookie)).statusCode).toBe(200);
    await db.query("UPDATE shares SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE id = $1", [share.id]);
    const ended = await get(`${IN_SHARED}/metadata`, cookie);
    expect(ended.statusCode).toBe(401);
    expect(ended.json()).toMatchObject({ error: 'share_ended' });
    const refused = await exchange(share.token);
    expect(refused.statusCode).toBe(410);
    expect(refused.json()).toMatchObject({ error: 'share_expired' });
    expect(refused.body).not.toMatch(/PAT-1|CHEST/);
    const unknown = await exchange('A'.repeat(43));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'share_unknown' });
    expect(await status('nonsense')).toEqual({ state: 'unknown', passcodeRequired: false });
  });

  it('revocation by the creator cuts an open session off at its next request; others get 404', async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED] });
    const cookie = await shareCookie(app, share.token);
    expect((await get(`${IN_SHARED}/metadata`, cookie)).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/shares/${share.id}`, headers: { cookie: otherRadiologist } })).statusCode).toBe(404);
    expect((await get(`${IN_SHARED}/metadata`, cookie)).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/shares/${share.id}`, headers: { cookie: radiologist } })).statusCode).toBe(204);
    const res = await get(`${IN_SHARED}/series`, cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'share_ended' });
    expect((await get('/api/session', cookie)).json()).toMatchObject({ error: 'share_ended' });
    expect((await exchange(share.token)).json()).toMatchObject({ error: 'share_revoked' });
  });

  it("ends the link's sessions when its creator's account is disabled", async () => {
    const owner = await addTestAccount(db, ['radiologist']);
    const share = await createTestShare(app, await signInCookie(app, owner.username), { studyInstanceUids: [SHARED] });
    const cookie = await shareCookie(app, share.token);
    expect((await get(`${IN_SHARED}/metadata`, cookie)).statusCode).toBe(200);
    await db.query('UPDATE accounts SET disabled = true WHERE id = $1', [owner.id]);
    expect((await get(`${IN_SHARED}/metadata`, cookie)).json()).toMatchObject({ error: 'share_ended' });
    expect(await status(share.token)).toEqual({ state: 'unknown', passcodeRequired: false });
    expect((await exchange(share.token)).json()).toMatchObject({ error: 'share_unknown' });
  });

  it("shows the link's access history to its creator and an admin only", async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED], passcode: 'right-one' });
    await exchange(share.token, 'wrong-one');
    const cookie = await shareCookie(app, share.token, 'right-one');
    await get(`${IN_SHARED}/metadata`, cookie);
    await app.inject({ method: 'DELETE', url: `/api/shares/${share.id}`, headers: { cookie: admin } });
    const res = await get(`/api/shares/${share.id}/history`, radiologist);
    expect(res.statusCode).toBe(200);
    const whats = res.json<{ events: Array<{ what: string }> }>().events.map((event) => event.what);
    expect(whats).toEqual([
      expect.stringMatching(/^Share link revoked/),
      'DICOM Instances Accessed',
      'Share link opened',
      'Share link: wrong passcode',
      expect.stringMatching(/^Share link created/),
    ]);
    expect((await get(`/api/shares/${share.id}/history`, admin)).statusCode).toBe(200);
    expect((await get(`/api/shares/${share.id}/history`, otherRadiologist)).statusCode).toBe(404);
  });

  it('makes an address that keeps guessing wait (unknown tokens and wrong passcodes), and no other address', async () => {
    const share = await createTestShare(app, radiologist, { studyInstanceUids: [SHARED], passcode: 'right-one' });
    const from = (address: string, token: string, passcode?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/share-sessions',
        remoteAddress: address,
        headers: { cookie: '' },
        payload: { token, ...(passcode ? { passcode } : {}) },
      });
    const guesser = '10.20.30.40';
    await from(guesser, share.token, 'wrong-one');
    for (let i = 1; i < CLIENT_MAX_FAILURES; i += 1) expect((await from(guesser, `${'G'.repeat(40)}${String(i).padStart(3, '0')}`)).statusCode).toBe(404);
    const waiting = await from(guesser, share.token, 'right-one');
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json()).toMatchObject({ error: 'too_many_attempts' });
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThan(0);
    const statusOfGuesser = await app.inject({
      method: 'POST',
      url: '/api/share-links/status',
      remoteAddress: guesser,
      headers: { cookie: '' },
      payload: { token: share.token },
    });
    expect(statusOfGuesser.statusCode).toBe(429);
    // The link itself is not blocked (one wrong passcode), and the recipient elsewhere opens it.
    expect((await from('10.20.30.41', share.token, 'right-one')).statusCode).toBe(200);
  });
});
