import { describe, expect, it } from 'vitest';
import { DCM_SYSTEM, toFhirAuditEvent, toFhirBundle } from './fhir.ts';
import { dicomQuery, instancesAccessed, userAuthentication } from './record.ts';

const time = new Date('2026-12-02T10:00:00.000Z');
const requestor = { userId: 'ada', userName: 'Ada Okafor', address: '10.0.0.7' };
const archive = { sourceId: 'main', label: 'Main archive' };

describe('FHIR R4 AuditEvent', () => {
  it('maps a study opened: type, action, outcome, the user with her address, the study and the patient', () => {
    const event = instancesAccessed({ time, sourceId: 'gw-1', requestor, archive, studyUid: '1.2.840.1', patient: { id: 'RR100001', issuer: 'NORDKLINIK' } });
    expect(toFhirAuditEvent({ seq: 42, event })).toEqual({
      resourceType: 'AuditEvent',
      id: '42',
      type: { system: DCM_SYSTEM, code: '110103', display: 'DICOM Instances Accessed' },
      action: 'R',
      recorded: '2026-12-02T10:00:00.000Z',
      outcome: '0',
      agent: [
        { who: { identifier: { value: 'ada' }, display: 'Ada Okafor' }, name: 'Ada Okafor', requestor: true, network: { address: '10.0.0.7', type: '2' } },
        {
          type: { coding: [{ system: DCM_SYSTEM, code: '110153', display: 'Source Role ID' }] },
          who: { identifier: { value: 'main' }, display: 'Main archive' },
          name: 'Main archive',
          requestor: false,
        },
      ],
      source: {
        observer: { display: 'gw-1' },
        type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
      },
      entity: [
        {
          what: { identifier: { system: 'urn:dicom:uid', value: 'urn:oid:1.2.840.1' } },
          type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
          role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '3', display: 'Report' },
        },
        {
          what: { identifier: { value: 'RR100001', assigner: { display: 'NORDKLINIK' } } },
          type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
          role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
        },
      ],
    });
  });

  it('carries a failed sign-in as Login with its outcome and description, and no entity', () => {
    const event = userAuthentication({
      kind: 'login',
      time,
      sourceId: 'gw',
      outcome: 4,
      outcomeDescription: 'Wrong password or one-time code',
      requestor: { userId: 'mallory', address: '203.0.113.9' },
    });
    const resource = toFhirAuditEvent({ seq: 1, event });
    expect(resource).toMatchObject({
      type: { code: '110114' },
      subtype: [{ system: DCM_SYSTEM, code: '110122', display: 'Login' }],
      action: 'E',
      outcome: '4',
      outcomeDesc: 'Wrong password or one-time code',
      agent: [{ who: { identifier: { value: 'mallory' }, display: 'mallory' }, requestor: true, network: { address: '203.0.113.9', type: '2' } }],
    });
    expect(resource).not.toHaveProperty('entity');
  });

  it('carries a query base64-encoded in entity.query', () => {
    const event = dicomQuery({ time, sourceId: 'gw', requestor, archive, query: '/studies?PatientName=Müller*' });
    const [queryEntity] = toFhirAuditEvent({ seq: 3, event })['entity'] as Array<Record<string, unknown>>;
    expect(Buffer.from(String(queryEntity!['query']), 'base64').toString('utf8')).toBe('/studies?PatientName=Müller*');
    expect(queryEntity!['what']).toEqual({ identifier: { system: 'urn:dicom:uid', value: 'urn:oid:1.2.840.10008.5.1.4.1.2.2.1' } });
  });
});

describe('FHIR Bundle', () => {
  it('is a searchset with self and next links and one match entry per record', () => {
    const event = userAuthentication({ kind: 'logout', time, sourceId: 'gw', requestor });
    const bundle = toFhirBundle(
      [
        { seq: 9, event },
        { seq: 8, event },
      ],
      { self: 'https://rr/api/audit?user=ada', next: 'https://rr/api/audit?user=ada&before=8' },
    );
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'searchset',
      link: [
        { relation: 'self', url: 'https://rr/api/audit?user=ada' },
        { relation: 'next', url: 'https://rr/api/audit?user=ada&before=8' },
      ],
    });
    const entries = bundle['entry'] as Array<{ resource: { id: string }; search: unknown }>;
    expect(entries.map((e) => e.resource.id)).toEqual(['9', '8']);
    expect(entries[0]!.search).toEqual({ mode: 'match' });
    expect(toFhirBundle([], { self: 'x' })['link']).toEqual([{ relation: 'self', url: 'x' }]);
  });
});
