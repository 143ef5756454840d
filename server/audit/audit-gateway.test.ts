import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../auth/access.ts';
import type { Database } from '../db/database.ts';
import { addTestAccount, signInCookie, testGateway, TEST_PASSWORD } from '../test-gateway.ts';
import { startFakeUpstream, testConfig, type FakeUpstream } from '../test-helpers.ts';
import { searchChain, type AuditSearch } from './queries.ts';
import type { AuditEvent } from './record.ts';
import { verifyChain } from './verify.ts';
import { stowBody } from '../dicomweb/multipart-test-helpers.ts';

/** The gateway records sign-ins, queries, studies opened, retrievals and STOWs, and refuses patient data it cannot record. */

let upstream: FakeUpstream;
let app: FastifyInstance;
let db: Database;
let username: string;
const archiveRequests: string[] = [];

let uidCounter = 0;
const newStudy = () => `1.2.826.0.1.3680043.10.${process.pid}.${++uidCounter}`;
const patientOfStudy = new Map<string, { id: string; issuer: string }>();
const STORED_STUDY = '1.2.826.0.1.3680043.10.777.1';
patientOfStudy.set(STORED_STUDY, { id: 'STOW-PATIENT', issuer: 'HOSP' });

function archive(req: IncomingMessage, res: ServerResponse): void {
  archiveRequests.push(`${req.method} ${req.url}`);
  const url = new URL(req.url ?? '/', 'http://archive');
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/dicom+json' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'POST') {
    req.resume();
    req.on('end', () =>
      json(200, {
        '00081190': { vr: 'UR', Value: [`http://gw/dicom-web/studies/${STORED_STUDY}`] },
        '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: [`${STORED_STUDY}.1`] } }] },
      }),
    );
    return;
  }
  const asked = url.searchParams.get('StudyInstanceUID');
  if (url.pathname === '/dicom-web/studies' && asked) {
    const patient = patientOfStudy.get(asked);
    return json(
      200,
      patient
        ? [{ '0020000D': { vr: 'UI', Value: [asked] }, '00100020': { vr: 'LO', Value: [patient.id] }, '00100021': { vr: 'LO', Value: [patient.issuer] } }]
        : [],
    );
  }
  if (url.pathname.includes('/frames/')) {
    if (url.pathname.includes('.404.')) return json(404, { error: 'no such frame' });
    res.writeHead(200, { 'content-type': 'multipart/related; type="application/octet-stream"; boundary=b' });
    res.end('--b\r\nContent-Type: application/octet-stream\r\n\r\n\u0001\u0002\r\n--b--\r\n');
    return;
  }
  json(200, []);
}

async function events(filter: Partial<AuditSearch>): Promise<AuditEvent[]> {
  const rows = await searchChain(db, { limit: 1000, ...filter });
  return rows.reverse().map((row) => JSON.parse(row.record) as AuditEvent);
}

const codes = (list: AuditEvent[]) => list.map((e) => `${e.eventId.code}/${e.action}/${e.outcome}`);

function studyWithPatient(id: string, issuer = 'HOSP'): string {
  const uid = newStudy();
  patientOfStudy.set(uid, { id, issuer });
  return uid;
}

beforeAll(async () => {
  upstream = await startFakeUpstream(archive, { studyFacts: 'handler' });
  const gateway = await testGateway(testConfig({ sources: [{ id: 'main', label: 'Test archive', upstream: { root: `${upstream.url}/dicom-web` } }] }), [
    'radiologist',
  ]);
  ({ app, db } = gateway);
  username = gateway.account.username;
  // The test session is made in the database; one sign-in through the route for the sign-in record.
  await signInCookie(app, username);
});

afterAll(async () => {
  await app?.close();
  await upstream?.close();
});

describe('sign-in and sign-out', () => {
  it('records the successful sign-in of the test session with the client address', async () => {
    const [login] = await events({ user: username });
    expect(login).toMatchObject({ eventId: { code: '110114' }, eventTypes: [{ code: '110122', display: 'Login' }], action: 'E', outcome: 0 });
    expect(login!.participants[0]).toMatchObject({ userId: username, isRequestor: true, networkAccessPoint: { id: '127.0.0.1', type: 2 } });
  });

  it('records failed sign-ins with the username as typed and never the password', async () => {
    const account = await addTestAccount(db, ['radiologist']);
    const wrong = 'not-the-password-Zq9';
    expect(
      (await app.inject({ method: 'POST', url: '/api/session', payload: { username: account.username, password: wrong }, headers: { cookie: '' } })).statusCode,
    ).toBe(401);
    const stranger = `nobody-${process.pid}`;
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/session',
          payload: { username: stranger, password: wrong },
          headers: { cookie: '' },
          remoteAddress: '203.0.113.9',
        })
      ).statusCode,
    ).toBe(401);

    const [failed] = await events({ user: account.username });
    expect(failed).toMatchObject({ eventTypes: [{ code: '110122' }], outcome: 4, outcomeDescription: 'Wrong password or one-time code' });
    const [unknown] = await events({ user: stranger });
    expect(unknown).toMatchObject({ outcome: 4, outcomeDescription: 'No usable account with this username' });
    expect(unknown!.participants[0]).toMatchObject({ userId: stranger, networkAccessPoint: { id: '203.0.113.9' } });
    const everything = await searchChain(db, { limit: 1000 });
    expect(everything.some((row) => row.record.includes(wrong) || row.record.includes(TEST_PASSWORD))).toBe(false);
  });

  it('records a sign-out', async () => {
    const account = await addTestAccount(db, ['radiologist']);
    const own = await signInCookie(app, account.username);
    expect((await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: own } })).statusCode).toBe(204);
    expect(codes(await events({ user: account.username }))).toEqual(['110114/E/0', '110114/E/0']);
    expect((await events({ user: account.username }))[1]!.eventTypes[0]!.display).toBe('Logout');
  });
});

describe('DICOMweb requests', () => {
  it('records every query with its text, and the patient it names', async () => {
    const before = (await events({ user: username })).length;
    expect((await app.inject({ url: '/dicom-web/studies?PatientID=RR100001&IssuerOfPatientID=NORDKLINIK&limit=25' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/dicom-web/studies?PatientName=Doe*' })).statusCode).toBe(200);
    const queries = (await events({ user: username })).slice(before);
    expect(codes(queries)).toEqual(['110112/E/0', '110112/E/0']);
    expect(queries[0]!.objects).toEqual([
      expect.objectContaining({ id: '1.2.840.10008.5.1.4.1.2.2.1', query: '/studies?PatientID=RR100001&IssuerOfPatientID=NORDKLINIK&limit=25' }),
      expect.objectContaining({ id: 'RR100001', issuer: 'NORDKLINIK', typeCode: 1, role: 1 }),
    ]);
    expect(queries[1]!.objects).toHaveLength(1);
    expect(queries[0]!.participants[1]).toMatchObject({ userId: 'main', userName: 'Test archive', isRequestor: false });
  });

  it('records a study opened once per session, with its patient asked of the archive once', async () => {
    const study = studyWithPatient('PAT-OPEN');
    const series = '1.2.3';
    for (const url of [
      `/dicom-web/studies/${study}/metadata`,
      `/dicom-web/studies/${study}/series/${series}/metadata`,
      `/dicom-web/studies/${study}/metadata`,
    ]) {
      expect((await app.inject({ url })).statusCode).toBe(200);
    }
    const opened = await events({ study });
    expect(codes(opened)).toEqual(['110103/R/0']);
    expect(opened[0]!.objects).toEqual([
      expect.objectContaining({ id: study, typeCode: 2, role: 3 }),
      expect.objectContaining({ id: 'PAT-OPEN', issuer: 'HOSP' }),
    ]);

    const other = await addTestAccount(db, ['radiologist']);
    const otherCookie = await signInCookie(app, other.username);
    expect((await app.inject({ url: `/dicom-web/studies/${study}/metadata`, headers: { cookie: otherCookie } })).statusCode).toBe(200);
    expect((await events({ study })).map((e) => e.participants[0]!.userId)).toEqual([username, other.username]);
    expect(archiveRequests.filter((r) => r.includes(`StudyInstanceUID=${study}`))).toHaveLength(1);
  });

  it('records retrieval once per study per session however many frames are asked for at once', async () => {
    const studyA = studyWithPatient('PAT-A');
    const studyB = studyWithPatient('PAT-B');
    const frame = (study: string, n: number) => `/dicom-web/studies/${study}/series/1.2.3/instances/1.2.3.4/frames/${n}`;
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => app.inject({ url: frame(studyA, n) })));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect((await app.inject({ url: frame(studyB, 1) })).statusCode).toBe(200);
    expect((await app.inject({ url: frame(studyB, 2) })).statusCode).toBe(200);
    expect(codes(await events({ study: studyA }))).toEqual(['110104/R/0']);
    expect(codes(await events({ study: studyB }))).toEqual(['110104/R/0']);
    expect((await events({ patient: 'PAT-A' })).map((e) => e.objects[0]!.id)).toEqual([studyA]);
  });

  it('adds a record with the outcome when the archive fails the request it let through', async () => {
    const study = `${newStudy()}.404.1`;
    expect((await app.inject({ url: `/dicom-web/studies/${study}/series/1.2/instances/1.2.3/frames/1` })).statusCode).toBe(404);
    const recorded = await events({ study });
    expect(codes(recorded)).toEqual(['110104/R/0', '110104/R/4']);
    expect(recorded[1]!.outcomeDescription).toBe('HTTP 404');
  });

  it('records a STOW when it starts and, with the studies stored and their patient, when the archive has answered', async () => {
    const before = (await events({ user: username })).length;
    const { body, contentType } = stowBody([Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(64, 1)])]);
    const res = await app.inject({ method: 'POST', url: '/dicom-web/studies', headers: { 'content-type': contentType }, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json()['00081190'].Value[0]).toContain(STORED_STUDY);
    const stow = (await events({ user: username })).slice(before);
    expect(codes(stow)).toEqual(['110102/E/0', '110104/C/0']);
    expect(stow[1]!.objects).toEqual([expect.objectContaining({ id: STORED_STUDY }), expect.objectContaining({ id: 'STOW-PATIENT', issuer: 'HOSP' })]);
    expect(stow[1]!.participants.map((p) => p.roles?.[0]?.display)).toEqual(['Source Role ID', 'Destination Role ID']);
  });
});

describe('when the audit trail cannot be written', () => {
  it('answers 503 audit_unavailable and sends nothing of the request to the archive', async () => {
    await db.exec('ALTER TABLE audit_events ADD CONSTRAINT audit_broken CHECK (false) NOT VALID');
    try {
      const study = studyWithPatient('PAT-REFUSED');
      const asked = archiveRequests.length;
      const urls = [
        `/dicom-web/studies/${study}/metadata`,
        `/dicom-web/studies/${study}/series/1.2/instances/1.2.3/frames/1`,
        '/dicom-web/studies?PatientID=X',
      ];
      for (const url of urls) {
        const res = await app.inject({ url });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ error: 'audit_unavailable' });
        expect(res.headers['cache-control']).toBe('no-store');
      }
      const stow = await app.inject({
        method: 'POST',
        url: '/dicom-web/studies',
        headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=x' },
        payload: '--x--',
      });
      expect(stow.statusCode).toBe(503);
      expect(stow.headers['connection']).toBe('close');
      // Only the gateway's own study lookup may have gone out; none of the user's requests did.
      expect(archiveRequests.slice(asked).filter((r) => !r.includes('includefield'))).toEqual([]);
      const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: TEST_PASSWORD }, headers: { cookie: '' } });
      expect(signIn.statusCode).toBe(503);
      expect(signIn.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    } finally {
      await db.exec('ALTER TABLE audit_events DROP CONSTRAINT audit_broken');
    }
    expect((await app.inject({ url: '/dicom-web/studies?PatientID=X' })).statusCode).toBe(200);
  });
});

describe('GET /api/audit', () => {
  it('gives an administrator a FHIR Bundle of AuditEvents naming the user and the study, and records that it was read', async () => {
    const study = studyWithPatient('PAT-API');
    expect((await app.inject({ url: `/dicom-web/studies/${study}/metadata` })).statusCode).toBe(200);
    const admin = await addTestAccount(db, ['admin']);
    const adminCookie = await signInCookie(app, admin.username);

    const res = await app.inject({ url: `/api/audit?study=${study}`, headers: { cookie: adminCookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const bundle = res.json();
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(bundle.entry).toHaveLength(1);
    const resource = bundle.entry[0].resource;
    expect(resource.resourceType).toBe('AuditEvent');
    expect(resource.agent[0].who.identifier.value).toBe(username);
    expect(resource.entity[0].what.identifier.value).toBe(`urn:oid:${study}`);
    expect(resource.entity[1].what.identifier.value).toBe('PAT-API');

    const xml = await app.inject({ url: `/api/audit?study=${study}&format=dicom`, headers: { cookie: adminCookie } });
    expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(xml.body).toContain(`ParticipantObjectID="${study}"`);
    expect(xml.body.match(/<AuditMessage>/g)).toHaveLength(1);

    const used = await events({ user: admin.username });
    expect(codes(used)).toEqual(['110114/E/0', '110101/R/0', '110101/R/0']);
    expect(used[1]!.objects[0]!.query).toBe(`study=${study}`);
  });

  it('pages with a next link', async () => {
    const admin = await addTestAccount(db, ['admin']);
    const adminCookie = await signInCookie(app, admin.username);
    const first = (await app.inject({ url: `/api/audit?user=${username}&limit=2`, headers: { cookie: adminCookie } })).json();
    expect(first.entry).toHaveLength(2);
    const next = first.link.find((l: { relation: string }) => l.relation === 'next').url as string;
    expect(next).toMatch(new RegExp(`/api/audit\\?user=${username}&limit=2&before=${first.entry[1].resource.id}$`));
    const second = (await app.inject({ url: new URL(next).pathname + new URL(next).search, headers: { cookie: adminCookie } })).json();
    expect(Number(second.entry[0].resource.id)).toBeLessThan(Number(first.entry[1].resource.id));
  });

  it('is refused to other roles (403) and without a session (401), and refuses bad filters (400)', async () => {
    expect((await app.inject({ url: '/api/audit' })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/audit', headers: { cookie: '' } })).statusCode).toBe(401);
    const admin = await addTestAccount(db, ['admin']);
    const adminCookie = await signInCookie(app, admin.username);
    const bad = await app.inject({ url: '/api/audit?study=not-a-uid', headers: { cookie: adminCookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/study: expected a DICOM UID/);
  });
});

describe('the chain after all of this', () => {
  it('verifies', async () => {
    const result = await verifyChain(db);
    expect(result).toMatchObject({ ok: true });
    expect(result.count).toBeGreaterThan(20);
  });
});
