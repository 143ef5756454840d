import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { testConfig } from '../test-helpers.ts';
import { addTestAccount, signInCookie, testGateway } from '../test-gateway.ts';
import { deliveriesOfStudy, enqueueDeliveries } from './outbox-store.ts';
import { sampleReport } from './sample-report.ts';

/** The delivery state routes: who sees what, scope, "retry now" with its audit record (fail closed). */

const STUDY = '1.2.826.0.1.3680043.8.498.777';
const report = sampleReport({ reportId: 'routes-1', sourceId: 'main', studyInstanceUid: STUDY });

let app: FastifyInstance;
let db: Database;
let radiologist: string;
let admin: string;
let otherSource: string;

beforeAll(async () => {
  // No destination configured: the worker leaves the rows as the tests set them.
  const gateway = await testGateway(testConfig({ delivery: { reportSr: false } }), ['radiologist']);
  app = gateway.app;
  db = gateway.db;
  radiologist = gateway.cookie;
  admin = await signInCookie(app, (await addTestAccount(db, ['admin'])).username);
  otherSource = await signInCookie(app, (await addTestAccount(db, ['radiologist'], { scopeSources: ['elsewhere'] })).username);
  await enqueueDeliveries(db, report, ['fhir', 'hl7']);
  await db.query(
    `UPDATE report_outbox SET state = 'failed', attempts = 4, last_error = 'HTTP 422: Patient unknown' WHERE report_id = $1 AND destination = 'fhir'`,
    [report.reportId],
  );
  await db.query(
    `UPDATE report_outbox SET state = 'retrying', attempts = 2, last_error = 'HL7 receiver: no acknowledgement within 15000 ms', next_attempt_at = now() + interval '1 minute'
     WHERE report_id = $1 AND destination = 'hl7'`,
    [report.reportId],
  );
});

afterAll(async () => {
  await app.close();
});

describe('GET /api/deliveries', () => {
  it('shows a radiologist each destination of the study’s reports with state, next attempt and the receiver’s message', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/deliveries?study=${STUDY}`, headers: { cookie: radiologist } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json() as { reports: Array<{ reportId: string; status: string; destinations: Array<Record<string, unknown>> }> };
    expect(body.reports).toHaveLength(1);
    expect(body.reports[0]).toMatchObject({ reportId: 'routes-1', status: 'final' });
    const byDestination = Object.fromEntries(body.reports[0]!.destinations.map((d) => [d['destination'], d]));
    expect(byDestination['fhir']).toMatchObject({ state: 'failed', attempts: 4, lastError: 'HTTP 422: Patient unknown', nextAttemptAt: null });
    expect(byDestination['hl7']).toMatchObject({ state: 'retrying', attempts: 2, lastError: 'HL7 receiver: no acknowledgement within 15000 ms' });
    expect(byDestination['hl7']!['nextAttemptAt']).toEqual(expect.any(String));
    // Nothing of the report's text.
    expect(res.body).not.toContain('Nodule');
  });

  it('refuses a malformed study and answers 404 outside the account’s scope', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/deliveries?study=abc', headers: { cookie: radiologist } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/api/deliveries?study=${STUDY}&source=nope`, headers: { cookie: radiologist } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/deliveries?study=${STUDY}`, headers: { cookie: otherSource } })).statusCode).toBe(404);
  });
});

describe('admin deliveries', () => {
  it('lists retrying and failed deliveries across studies, failed first', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/admin/deliveries', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    const rows = (res.json() as { deliveries: Array<Record<string, unknown>> }).deliveries.filter((d) => d['reportId'] === 'routes-1');
    expect(rows.map((d) => [d['destination'], d['state']])).toEqual([
      ['fhir', 'failed'],
      ['hl7', 'retrying'],
    ]);
    expect(rows[0]).toMatchObject({ studyInstanceUid: STUDY, accessionNumber: 'ACC-2026-001' });
  });

  it('"retry now" makes a failed delivery due with fresh attempts and records who asked', async () => {
    const [fhirRow] = (await deliveriesOfStudy(db, 'main', STUDY)).filter((r) => r.destination === 'fhir');
    const res = await app.inject({ method: 'POST', url: `/api/admin/deliveries/${fhirRow!.id}/retry`, headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    const [after] = (await deliveriesOfStudy(db, 'main', STUDY)).filter((r) => r.destination === 'fhir');
    expect(after).toMatchObject({ state: 'retrying', attempts: 0 });
    expect(new Date(after!.nextAttemptAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const [audit] = await db.query<{ record: string }>(`SELECT record::text AS record FROM audit_events ORDER BY seq DESC LIMIT 1`);
    expect(JSON.parse(audit!.record)).toMatchObject({
      outcomeDescription: 'Report delivery retry requested (FHIR DiagnosticReport)',
      objects: expect.arrayContaining([expect.objectContaining({ id: 'routes-1' }), expect.objectContaining({ id: STUDY })]),
    });
    expect((await app.inject({ method: 'POST', url: '/api/admin/deliveries/999999/retry', headers: { cookie: admin } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/admin/deliveries/x/retry', headers: { cookie: admin } })).statusCode).toBe(404);
  });

  it('does not retry without its audit record (503), nor a delivered one (409)', async () => {
    const [hl7Row] = (await deliveriesOfStudy(db, 'main', STUDY)).filter((r) => r.destination === 'hl7');
    await db.exec('ALTER TABLE audit_events RENAME TO audit_events_away');
    try {
      const res = await app.inject({ method: 'POST', url: `/api/admin/deliveries/${hl7Row!.id}/retry`, headers: { cookie: admin } });
      expect(res.statusCode).toBe(503);
    } finally {
      await db.exec('ALTER TABLE audit_events_away RENAME TO audit_events');
    }
    const [unchanged] = (await deliveriesOfStudy(db, 'main', STUDY)).filter((r) => r.destination === 'hl7');
    expect(unchanged!.attempts).toBe(2);
    await db.query(`UPDATE report_outbox SET state = 'delivered' WHERE id = $1`, [hl7Row!.id]);
    expect((await app.inject({ method: 'POST', url: `/api/admin/deliveries/${hl7Row!.id}/retry`, headers: { cookie: admin } })).statusCode).toBe(409);
  });
});
