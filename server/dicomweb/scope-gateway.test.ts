import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, testConfig, type FakeUpstream } from '../test-helpers.ts';
import { addTestAccount, signInCookie, testGateway } from '../test-gateway.ts';
import { isStudyFactsQuery } from './study-facts.ts';
import { searchChain } from '../audit/queries.ts';
import type { AuditEvent } from '../audit/record.ts';
import type { Database } from '../db/database.ts';

/** Per-account scope through the whole gateway, against a stand-in archive of two institutions. */

const ALPHA_STUDY = '1.2.826.0.1.3680043.8.498.101';
const BETA_STUDY = '1.2.826.0.1.3680043.8.498.202';
const UNKNOWN_STUDY = '1.2.826.0.1.3680043.8.498.303';
const SERIES = '1.2.826.0.1.3680043.8.498.2';
const INSTANCE = '1.2.826.0.1.3680043.8.498.3';

const INSTITUTIONS: Record<string, string> = { [ALPHA_STUDY]: 'Alpha Hospital', [BETA_STUDY]: 'Beta Clinic' };

function studyJson(uid: string): Record<string, unknown> {
  return {
    '0020000D': { vr: 'UI', Value: [uid] },
    '00100020': { vr: 'LO', Value: [`PID-${uid.slice(-3)}`] },
    '00080080': { vr: 'LO', Value: [INSTITUTIONS[uid]] },
  };
}

let upstream: FakeUpstream;
let app: FastifyInstance;
let db: Database;
let usernames: { alpha: string; qa: string };
/** What the archive was asked, apart from the gateway's own study lookups. */
let received: string[] = [];
let cookies: { unscoped: string; alpha: string; alphaLoose: string; mainOnly: string; qa: string };

beforeAll(async () => {
  upstream = await startFakeUpstream(
    (req, res) => {
      const url = req.url ?? '';
      if (isStudyFactsQuery(url)) {
        const uid = /StudyInstanceUID=([0-9.]+)/.exec(url)?.[1] ?? '';
        res.writeHead(200, { 'content-type': 'application/dicom+json' });
        return res.end(JSON.stringify(INSTITUTIONS[uid] ? [studyJson(uid)] : []));
      }
      received.push(url);
      if (/\/studies(\?|$)/.test(url)) {
        if (req.headers['if-none-match']) {
          res.writeHead(304);
          return res.end();
        }
        if (url.includes('PatientID=BROKEN')) {
          res.writeHead(200, { 'content-type': 'application/dicom+json' });
          return res.end('<NativeDicomModel/>');
        }
        // Ignores every matching key: the gateway's filter must still hold.
        res.writeHead(200, {
          'content-type': 'application/dicom+json',
          'content-length': '' + Buffer.byteLength(JSON.stringify([studyJson(ALPHA_STUDY), studyJson(BETA_STUDY)])),
        });
        return res.end(JSON.stringify([studyJson(ALPHA_STUDY), studyJson(BETA_STUDY)]));
      }
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end('[]');
    },
    { studyFacts: 'handler' },
  );
  const root = `${upstream.url}/dicom-web`;
  const gateway = await testGateway(
    testConfig({
      sources: [
        { id: 'main', label: 'Main archive', upstream: { root } },
        // Reads query values as Orthanc does (no percent-decoding).
        { id: 'other', label: 'Other archive', upstream: { root }, quirks: { queryValueEncoding: 'literal' } },
      ],
    }),
  );
  app = gateway.app;
  db = gateway.db;
  const alpha = await addTestAccount(gateway.db, ['radiologist'], { scopeInstitutions: ['Alpha Hospital'] });
  const alphaLoose = await addTestAccount(gateway.db, ['radiologist'], { scopeInstitutions: ['  alpha HOSPITAL ', 'Gamma'] });
  const mainOnly = await addTestAccount(gateway.db, ['radiologist'], { scopeSources: ['main'] });
  const qa = await addTestAccount(gateway.db, ['qa']);
  usernames = { alpha: alpha.username, qa: qa.username };
  cookies = {
    qa: await signInCookie(app, qa.username),
    unscoped: gateway.cookie,
    alpha: await signInCookie(app, alpha.username),
    alphaLoose: await signInCookie(app, alphaLoose.username),
    mainOnly: await signInCookie(app, mainOnly.username),
  };
});

afterAll(async () => {
  await app.close();
  await upstream.close();
});

beforeEach(() => {
  received = [];
});

const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie, accept: 'application/dicom+json' } });

function studyUids(body: string): string[] {
  return (JSON.parse(body) as Record<string, { Value: string[] }>[]).map((item) => item['0020000D']!.Value[0]!);
}

describe('study search of an institution-scoped account', () => {
  it('shows only the studies of its institution, asking the archive for the institution', async () => {
    const res = await get('/dicom-web/studies?limit=25', cookies.alpha);
    expect(res.statusCode).toBe(200);
    expect(studyUids(res.body)).toEqual([ALPHA_STUDY]);
    expect(res.headers['content-type']).toContain('application/dicom+json');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    expect(received).toEqual(['/dicom-web/studies?limit=25&includefield=00080080&InstitutionName=Alpha%20Hospital']);
  });

  it('matches the institution at an Orthanc source without percent-encoding (spaces as ?), and still filters', async () => {
    const res = await get('/sources/other/dicom-web/studies?limit=25', cookies.alpha);
    expect(res.statusCode).toBe(200);
    expect(studyUids(res.body)).toEqual([ALPHA_STUDY]);
    expect(received).toEqual(['/dicom-web/studies?limit=25&includefield=00080080&InstitutionName=Alpha?Hospital']);
  });

  it("filters wildcard searches and the browser's own institution match too", async () => {
    const wildcard = await get('/dicom-web/studies?PatientName=*&StudyDescription=*a*', cookies.alpha);
    expect(studyUids(wildcard.body)).toEqual([ALPHA_STUDY]);
    const beta = await get('/dicom-web/studies?InstitutionName=Beta*', cookies.alpha);
    expect(beta.statusCode).toBe(200);
    expect(studyUids(beta.body)).toEqual([ALPHA_STUDY]);
    expect(received[1]).toBe('/dicom-web/studies?InstitutionName=Beta*&includefield=00080080');
  });

  it('compares institutions trimmed and case-insensitively', async () => {
    const res = await get('/sources/main/dicom-web/studies', cookies.alphaLoose);
    expect(studyUids(res.body)).toEqual([ALPHA_STUDY]);
    expect(received).toEqual(['/dicom-web/studies?includefield=00080080']);
  });

  it('asks the archive unconditionally, so there is always an answer to filter', async () => {
    const res = await app.inject({ method: 'GET', url: '/dicom-web/studies', headers: { cookie: cookies.alpha, 'if-none-match': '"old"' } });
    expect(res.statusCode).toBe(200);
    expect(studyUids(res.body)).toEqual([ALPHA_STUDY]);
  });

  it('answers 502 rather than an answer it cannot filter', async () => {
    const res = await get('/dicom-web/studies?PatientID=BROKEN', cookies.alpha);
    expect(res.statusCode).toBe(502);
    expect(res.body).not.toContain('NativeDicomModel');
  });
});

describe('requests for a study of an institution-scoped account', () => {
  const beta = [
    `/dicom-web/studies/${BETA_STUDY}/metadata`,
    `/dicom-web/studies/${BETA_STUDY}/series/${SERIES}/instances/${INSTANCE}/frames/1`,
    `/dicom-web/studies/${BETA_STUDY}/series/${SERIES}/frames-batch?frame=${INSTANCE}:1`,
    `/dicom-web/studies/${BETA_STUDY}/rendered`,
    `/dicom-web/studies/${BETA_STUDY}/series`,
    `/dicom-web/studies/${BETA_STUDY}/series/${SERIES}/instances`,
    `/dicom-web/studies/${UNKNOWN_STUDY}/metadata`,
    '/dicom-web/series?Modality=CT',
    '/dicom-web/instances',
  ];

  it.each(beta)('%s answers 404 and reaches no archive', async (url) => {
    const res = await get(url, cookies.alpha);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
    expect(received).toEqual([]);
  });

  it('forwards the requests for a study of its institution', async () => {
    const metadata = await get(`/dicom-web/studies/${ALPHA_STUDY}/metadata`, cookies.alpha);
    expect(metadata.statusCode).toBe(200);
    const series = await get(`/dicom-web/studies/${ALPHA_STUDY}/series`, cookies.alpha);
    expect(series.statusCode).toBe(200);
    expect(received).toEqual([`/dicom-web/studies/${ALPHA_STUDY}/metadata`, `/dicom-web/studies/${ALPHA_STUDY}/series`]);
  });

  it('refuses an upload that names no study, and one to a study outside the scope', async () => {
    const headers = { cookie: cookies.alpha, 'content-type': 'multipart/related; type="application/dicom"; boundary=b' };
    const stow = await app.inject({ method: 'POST', url: '/dicom-web/studies', headers, payload: '--b--' });
    expect(stow.statusCode).toBe(403);
    expect(stow.json()).toMatchObject({ error: 'scope_store_refused' });
    const toBeta = await app.inject({ method: 'POST', url: `/dicom-web/studies/${BETA_STUDY}`, headers, payload: '--b--' });
    expect(toBeta.statusCode).toBe(404);
    expect(received).toEqual([]);
  });
});

describe('unscoped and source-scoped accounts', () => {
  it('an unscoped account sees every study, its query untouched', async () => {
    const res = await get('/dicom-web/studies?PatientName=*', cookies.unscoped);
    expect(studyUids(res.body)).toEqual([ALPHA_STUDY, BETA_STUDY]);
    const metadata = await get(`/dicom-web/studies/${BETA_STUDY}/metadata`, cookies.unscoped);
    expect(metadata.statusCode).toBe(200);
    expect(received).toEqual(['/dicom-web/studies?PatientName=*', `/dicom-web/studies/${BETA_STUDY}/metadata`]);
  });

  it('a source-scoped account gets 404 on every other source', async () => {
    for (const url of ['/sources/other/dicom-web/studies', `/sources/other/dicom-web/studies/${BETA_STUDY}/metadata`, '/sources/other/dicom-web/series']) {
      const res = await get(url, cookies.mainOnly);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ error: 'not_found' });
    }
    expect(received).toEqual([]);
    const main = await get('/sources/main/dicom-web/studies', cookies.mainOnly);
    expect(studyUids(main.body)).toEqual([ALPHA_STUDY, BETA_STUDY]);
    const byDefault = await get(`/dicom-web/studies/${BETA_STUDY}/metadata`, cookies.mainOnly);
    expect(byDefault.statusCode).toBe(200);
  });
});

describe('refusals in the audit trail', () => {
  const alerts = async (user: string) =>
    (await searchChain(db, { user, limit: 50 })).map((row) => JSON.parse(row.record) as AuditEvent).filter((event) => event.eventId.code === '110113');

  it('records a study outside the scope as a Security Alert naming the user, the request and the study', async () => {
    const url = `/dicom-web/studies/${BETA_STUDY}/metadata`;
    expect((await get(url, cookies.alpha)).statusCode).toBe(404);
    const [alert] = await alerts(usernames.alpha);
    expect(alert).toMatchObject({
      outcome: 4,
      eventTypes: [{ code: '110132' }],
      outcomeDescription: "Refused: a study of an institution outside the account's scope",
      participants: [{ userId: usernames.alpha, isRequestor: true }],
    });
    expect(alert!.objects.map((object) => object.id)).toEqual([`GET ${url}`, BETA_STUDY]);
  });

  it('records an upload by an account without the permission', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/dicom-web/studies',
      headers: { cookie: cookies.qa, 'content-type': 'multipart/related; type="application/dicom"; boundary=x' },
      payload: '--x--',
    });
    expect(res.statusCode).toBe(403);
    const [alert] = await alerts(usernames.qa);
    expect(alert).toMatchObject({ outcome: 4, outcomeDescription: 'Refused: needs the images:write permission', objects: [{ id: 'POST /dicom-web/studies' }] });
  });

  it('records nothing for an allowed request', async () => {
    expect((await get(`/dicom-web/studies/${ALPHA_STUDY}/metadata`, cookies.alpha)).statusCode).toBe(200);
    expect((await alerts(usernames.alpha)).map((alert) => alert.objects[0]!.id)).not.toContain(`GET /dicom-web/studies/${ALPHA_STUDY}/metadata`);
  });
});
