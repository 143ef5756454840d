import { describe, expect, it } from 'vitest';
import { buildDiagnosticReport, patientIdentifierSystem, REPORT_ID_SYSTEM, reportIdentifierQuery } from './build-fhir.ts';
import { fhirSchemaErrors } from './fhir-schema.ts';
import { sampleReport } from './sample-report.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('FHIR R4 DiagnosticReport of a signed report', () => {
  it('validates against the official FHIR R4 JSON schema, for each status', () => {
    for (const status of ['preliminary', 'final', 'amended'] as const) {
      const resource = buildDiagnosticReport(
        sampleReport({ status, ...(status === 'amended' ? { addendum: { text: 'Also a rib fracture.', amendsReportId: 'rpt-0000' } } : {}) }),
      );
      expect(fhirSchemaErrors(resource)).toEqual([]);
      expect(resource['status']).toBe(status);
    }
  });

  it('the schema check can fail: a wrong status and an unknown element are refused', () => {
    const resource = buildDiagnosticReport(sampleReport()) as Json;
    expect(fhirSchemaErrors({ ...resource, status: 'signed' }).length).toBeGreaterThan(0);
    expect(fhirSchemaErrors({ ...resource, reader: 'x' }).length).toBeGreaterThan(0);
  });

  it('names the patient by identifier with the issuer as system, the study by its UID, the interpreter, conclusion and the full text', () => {
    const report = sampleReport();
    const resource = buildDiagnosticReport(report) as Json;
    expect(resource['identifier']).toEqual([{ use: 'official', system: REPORT_ID_SYSTEM, value: 'rpt-0001' }]);
    expect(resource['subject'].identifier).toEqual({ system: 'urn:readroom:issuer-of-patient-id:HOSPITAL_A', value: 'PAT-42' });
    expect(resource['contained'][0]).toMatchObject({ resourceType: 'Patient', birthDate: '1970-02-14', gender: 'female' });
    expect(resource['contained'][0].name[0]).toMatchObject({ family: 'Müller', given: ['Anna', 'Maria'] });
    expect(resource['imagingStudy']).toEqual([{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: `urn:oid:${report.studyInstanceUid}` } }]);
    expect(resource['resultsInterpreter'][0]).toMatchObject({ display: 'Dr. Ada Reader', identifier: { value: 'radiologist' } });
    expect(resource['conclusion']).toBe('Stable 6 mm nodule. No acute finding.');
    expect(resource['code'].coding[0]).toMatchObject({ system: 'http://loinc.org', code: '18748-4' });
    expect(resource['category'][0].coding.map((c: Json) => c['code'])).toEqual(['LP29684-5', 'RAD']);
    expect(resource['effectiveDateTime']).toBe('2026-12-01');
    expect(resource['issued']).toBe('2026-12-03T13:45:10.123Z');
    expect(resource['basedOn'][0].identifier.value).toBe('ACC-2026-001');
    const text = Buffer.from(resource['presentedForm'][0].data, 'base64').toString('utf8');
    expect(text).toContain('FINDINGS:\nNodule 6 mm | right upper lobe');
    expect(text).toContain('IMPRESSION:\nStable 6 mm nodule.');
    expect(resource['presentedForm'][0]).toMatchObject({ contentType: 'text/plain; charset=utf-8', language: 'en-US' });
  });

  it('is the same resource on every build (a retry sends the same body)', () => {
    expect(JSON.stringify(buildDiagnosticReport(sampleReport()))).toBe(JSON.stringify(buildDiagnosticReport(sampleReport())));
  });

  it('makes a URI system from the Issuer of Patient ID', () => {
    expect(patientIdentifierSystem('1.2.840.113619.6.1')).toBe('urn:oid:1.2.840.113619.6.1');
    expect(patientIdentifierSystem('https://hospital.example.org/mrn')).toBe('https://hospital.example.org/mrn');
    expect(patientIdentifierSystem('St. Mary’s / North')).toBe('urn:readroom:issuer-of-patient-id:St.%20Mary%E2%80%99s%20%2F%20North');
    expect(patientIdentifierSystem('  ')).toBeUndefined();
    const noIssuer = buildDiagnosticReport(sampleReport({ patient: { id: 'X1', issuer: '', name: '', birthDate: '', sex: '' } })) as Json;
    expect(noIssuer['subject'].identifier).toEqual({ value: 'X1' });
    expect(fhirSchemaErrors(noIssuer)).toEqual([]);
  });

  it('searches for the report by its identifier (conditional create)', () => {
    expect(reportIdentifierQuery({ reportId: 'r 1' })).toBe('identifier=urn%3Areadroom%3Areport-id|r%201');
  });
});
