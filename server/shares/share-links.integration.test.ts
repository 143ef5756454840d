import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readManifest, type ManifestStudy } from '../../scripts/samples/manifest.ts';
import { createTestDatabase } from '../../scripts/testing/postgres-server.ts';
import { parseConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { buildGateway } from '../http/app.ts';
import { addTestAccount, signInCookie, testDatabase } from '../test-gateway.ts';
import { createTestShare, shareCookie } from './share-test-helpers.ts';

/**
 * Share links against the real, seeded development archive (read-only use), on both databases: a share
 * session sees the shared study and nothing else, whatever the URL asks (wildcard searches, another
 * study's metadata, frames, frame batches, renderings), stores nothing, and ends with its link.
 */

const archiveRoot = inject('dicomWebRoot');
const authorization = inject('archiveGatewayAuthorization');
const manifest = readManifest(inject('manifestPath'));
const study = (key: string): ManifestStudy => manifest.studies.find((s) => s.key === key)!;
const SHARED = study('ct-chest-current');
const OTHER = study('ct-head-prior');
const DICOM_JSON = { accept: 'application/dicom+json' };

function studyUids(body: string): string[] {
  return (JSON.parse(body) as Record<string, { Value: string[] }>[]).map((item) => item['0020000D']!.Value[0]!);
}

const DATABASES: Array<[string, () => Promise<Database>]> = [
  ['embedded', testDatabase],
  [
    'PostgreSQL',
    async () => {
      const db = await openDatabase({ kind: 'postgres', url: await createTestDatabase(inject('postgresUrl'), `shares_${process.pid}`) });
      await migrate(db);
      return db;
    },
  ],
];

describe.each(DATABASES)('share links on the %s database', (_kind, openDb) => {
  let app: FastifyInstance;
  let db: Database;
  let creator: string;

  beforeAll(async () => {
    db = await openDb();
    const config = parseConfig(
      { logLevel: 'warn', sources: [{ id: 'dev', label: 'Development archive', upstream: { root: archiveRoot, authorization } }] },
      { origin: 'integration test' },
    );
    app = await buildGateway(config, { db });
    creator = await signInCookie(app, (await addTestAccount(db, ['radiologist'])).username);
  });

  afterAll(async () => {
    await app?.close();
    if (db?.kind === 'postgres') await db.close();
  });

  const get = (url: string, cookie: string, headers: Record<string, string> = DICOM_JSON) =>
    app.inject({ method: 'GET', url, headers: { ...headers, cookie } });

  it('answers wildcard and unfiltered study searches with the shared study only', async () => {
    const cookie = await shareCookie(app, (await createTestShare(app, creator, { studyInstanceUids: [SHARED.studyInstanceUID] })).token);
    for (const url of [
      '/dicom-web/studies',
      '/dicom-web/studies?PatientName=*',
      `/dicom-web/studies?PatientID=${OTHER.patientId}`,
      '/dicom-web/studies?limit=1000',
    ]) {
      const res = await get(url, cookie);
      expect(res.statusCode, url).toBe(200);
      expect(studyUids(res.body), url).toEqual([SHARED.studyInstanceUID]);
    }
    // The signed-in reader sees every study with the same search: the filter is the share's.
    expect(studyUids((await get('/dicom-web/studies?PatientName=*', creator)).body).length).toBeGreaterThan(1);
  });

  it("opens the shared study, and answers 404 for another study's metadata, frames, frame batches and renderings", async () => {
    const cookie = await shareCookie(app, (await createTestShare(app, creator, { studyInstanceUids: [SHARED.studyInstanceUID] })).token);
    const shared = SHARED.series[0]!;
    expect((await get(`/dicom-web/studies/${SHARED.studyInstanceUID}/metadata`, cookie)).statusCode).toBe(200);
    const frame = await get(
      `/dicom-web/studies/${SHARED.studyInstanceUID}/series/${shared.seriesInstanceUID}/instances/${shared.instances[0]!.sopInstanceUID}/frames/1`,
      cookie,
      { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
    );
    expect(frame.statusCode).toBe(200);

    const series = OTHER.series[0]!;
    const instance = series.instances[0]!;
    const base = `/dicom-web/studies/${OTHER.studyInstanceUID}`;
    const frames = { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' };
    for (const [url, headers] of [
      [`${base}/metadata`, DICOM_JSON],
      [`${base}/series`, DICOM_JSON],
      [`${base}/series/${series.seriesInstanceUID}/instances`, DICOM_JSON],
      [`${base}/series/${series.seriesInstanceUID}/instances/${instance.sopInstanceUID}/frames/1`, frames],
      [`${base}/series/${series.seriesInstanceUID}/frames-batch?frame=${instance.sopInstanceUID}:1`, frames],
      [`${base}/series/${series.seriesInstanceUID}/instances/${instance.sopInstanceUID}/rendered`, { accept: 'image/jpeg' }],
      [`${base}/rendered`, { accept: 'image/jpeg' }],
      [`${base}/series/${series.seriesInstanceUID}/instances/${instance.sopInstanceUID}`, { accept: 'multipart/related; type="application/dicom"' }],
      [`/dicom-web/series?StudyInstanceUID=${OTHER.studyInstanceUID}`, DICOM_JSON],
      [`/dicom-web/instances?StudyInstanceUID=${OTHER.studyInstanceUID}`, DICOM_JSON],
    ] as const) {
      const res = await get(url, cookie, headers);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain(OTHER.patientId);
    }
  });

  it('stores nothing', async () => {
    const cookie = await shareCookie(app, (await createTestShare(app, creator, { studyInstanceUids: [SHARED.studyInstanceUID] })).token);
    const headers = { cookie, 'content-type': 'multipart/related; type="application/dicom"; boundary=b' };
    expect((await app.inject({ method: 'POST', url: '/dicom-web/studies', headers, payload: '--b--' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/dicom-web/studies/${SHARED.studyInstanceUID}`, headers, payload: '--b--' })).statusCode).toBe(403);
  });

  it('includes the priors of the same patient when asked', async () => {
    const cookie = await shareCookie(app, (await createTestShare(app, creator, { studyInstanceUids: [SHARED.studyInstanceUID], includePriors: true })).token);
    const samePatient = manifest.studies.filter((s) => s.patientId === SHARED.patientId && s.issuerOfPatientId === SHARED.issuerOfPatientId);
    expect(samePatient.length).toBeGreaterThan(1);
    const res = await get('/dicom-web/studies?PatientName=*', cookie);
    expect(studyUids(res.body).sort()).toEqual(samePatient.map((s) => s.studyInstanceUID).sort());
    const prior = samePatient.find((s) => s.studyInstanceUID !== SHARED.studyInstanceUID)!;
    expect((await get(`/dicom-web/studies/${prior.studyInstanceUID}/metadata`, cookie)).statusCode).toBe(200);
  });

  it('a revoke during a session cuts it off at the next request', async () => {
    const share = await createTestShare(app, creator, { studyInstanceUids: [SHARED.studyInstanceUID] });
    const cookie = await shareCookie(app, share.token);
    expect((await get(`/dicom-web/studies/${SHARED.studyInstanceUID}/series`, cookie)).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/shares/${share.id}`, headers: { cookie: creator } })).statusCode).toBe(204);
    const res = await get(`/dicom-web/studies/${SHARED.studyInstanceUID}/series`, cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'share_ended' });
  });

  it('refuses an expired link', async () => {
    const share = await createTestShare(app, creator, { studyInstanceUids: [SHARED.studyInstanceUID] });
    const cookie = await shareCookie(app, share.token);
    await db.query("UPDATE shares SET created_at = now() - interval '8 days', expires_at = now() - interval '1 second' WHERE id = $1", [share.id]);
    expect((await get(`/dicom-web/studies/${SHARED.studyInstanceUID}/metadata`, cookie)).statusCode).toBe(401);
    const res = await app.inject({ method: 'POST', url: '/api/share-sessions', headers: { cookie: '' }, payload: { token: share.token } });
    expect(res.statusCode).toBe(410);
    expect(res.json()).toMatchObject({ error: 'share_expired' });
  });

  it('blocks a link after five wrong passcodes', async () => {
    const share = await createTestShare(app, creator, { studyInstanceUids: [SHARED.studyInstanceUID], passcode: 'RIGHT-ONE' });
    const exchange = (passcode: string) =>
      app.inject({ method: 'POST', url: '/api/share-sessions', headers: { cookie: '' }, payload: { token: share.token, passcode } });
    // Five at once: the attempts are taken before the passcodes are checked, so parallel guesses cannot exceed five.
    const answers = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => exchange(`wrong-${n}`)));
    expect(answers.filter((res) => res.statusCode === 401)).toHaveLength(4);
    expect(answers.filter((res) => res.statusCode === 410)).toHaveLength(3);
    expect((await exchange('RIGHT-ONE')).json()).toMatchObject({ error: 'share_blocked' });
  });
});
