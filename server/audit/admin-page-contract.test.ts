import { describe, expect, it } from 'vitest';
import { auditPageOf } from '../../src/admin/audit-bundle.ts';
import { toFhirBundle } from './fhir.ts';
import { dicomQuery, instancesRetrieved, instancesStored, userAuthentication } from './record.ts';

/** The admin page (src/admin) reads the Bundle the gateway writes: one contract, tested from both ends. */

const time = new Date('2026-12-02T10:00:00.000Z');
const archive = { sourceId: 'main', label: 'Main archive' };

describe('the audit page reads what GET /api/audit sends', () => {
  it('one row per record with event, action, outcome, user, address, patients, studies and the decoded query', () => {
    const bundle = toFhirBundle(
      [
        {
          seq: 12,
          event: instancesStored({
            time,
            sourceId: 'gw',
            requestor: { userId: 'ada', userName: 'Ada Okafor', address: '10.0.0.7' },
            archive,
            studies: [{ studyUid: '1.2.3', patient: { id: 'RR100001', issuer: 'NORDKLINIK' } }, { studyUid: '1.2.4' }],
          }),
        },
        {
          seq: 11,
          event: dicomQuery({ time, sourceId: 'gw', requestor: { userId: 'ada', address: '10.0.0.7' }, archive, query: '/studies?PatientName=Müller*' }),
        },
        {
          seq: 10,
          event: userAuthentication({
            kind: 'login',
            time,
            sourceId: 'gw',
            outcome: 4,
            outcomeDescription: 'Wrong password or one-time code',
            requestor: { userId: '<script>', address: '203.0.113.9' },
          }),
        },
      ],
      { self: 'https://rr/api/audit', next: 'https://rr/api/audit?limit=3&before=10' },
    );
    const page = auditPageOf(JSON.parse(JSON.stringify(bundle)));
    expect(page.before).toBe(10);
    expect(page.rows).toEqual([
      {
        id: '12',
        recorded: time.toISOString(),
        event: 'DICOM Instances Transferred',
        action: 'Create',
        outcome: 'Success',
        outcomeDescription: '',
        user: 'ada',
        userName: 'Ada Okafor',
        address: '10.0.0.7',
        patients: ['RR100001 (NORDKLINIK)'],
        studies: ['1.2.3', '1.2.4'],
        query: '',
      },
      {
        id: '11',
        recorded: time.toISOString(),
        event: 'Query',
        action: 'Execute',
        outcome: 'Success',
        outcomeDescription: '',
        user: 'ada',
        userName: '',
        address: '10.0.0.7',
        patients: [],
        studies: [],
        query: '/studies?PatientName=Müller*',
      },
      {
        id: '10',
        recorded: time.toISOString(),
        event: 'User Authentication · Login',
        action: 'Execute',
        outcome: 'Minor failure',
        outcomeDescription: 'Wrong password or one-time code',
        user: '<script>',
        userName: '',
        address: '203.0.113.9',
        patients: [],
        studies: [],
        query: '',
      },
    ]);
  });

  it('tells a study stored from a study retrieved (same event, other action)', () => {
    const requestor = { userId: 'ada', address: '10.0.0.7' };
    const bundle = toFhirBundle(
      [
        { seq: 2, event: instancesStored({ time, sourceId: 'gw', requestor, archive, studies: [{ studyUid: '1.2.3' }] }) },
        { seq: 1, event: instancesRetrieved({ time, sourceId: 'gw', requestor, archive, studyUid: '1.2.3' }) },
      ],
      { self: 'https://rr/api/audit' },
    );
    const rows = auditPageOf(JSON.parse(JSON.stringify(bundle))).rows;
    expect(rows.map((r) => [r.event, r.action, r.studies])).toEqual([
      ['DICOM Instances Transferred', 'Create', ['1.2.3']],
      ['DICOM Instances Transferred', 'Read', ['1.2.3']],
    ]);
  });

  it('has no cursor on the last page', () => {
    expect(auditPageOf(toFhirBundle([], { self: 'x' }))).toEqual({ rows: [] });
  });
});
