import { fullReportText, impressionText } from './report-text.ts';
import type { SignedReport } from './signed-report.ts';

/**
 * The FHIR R4 DiagnosticReport of a signed report. Pure. The patient, the study and the interpreter are
 * logical references (identifiers, no resource ids of the receiver), so the report needs no other
 * resource to exist on the FHIR server. Identifier systems (docs/report-delivery.md):
 * - the report: `urn:readroom:report-id` with the report version's id (also the conditional-create key);
 * - the patient: from the Issuer of Patient ID — an OID as `urn:oid:<oid>`, a URI as it is, any other
 *   text as `urn:readroom:issuer-of-patient-id:<percent-encoded issuer>`; no issuer: no system;
 * - the study: `urn:dicom:uid` with `urn:oid:<Study Instance UID>`;
 * - the interpreter: `urn:readroom:username` with the Readroom account name.
 */

export const REPORT_ID_SYSTEM = 'urn:readroom:report-id';
export const USERNAME_SYSTEM = 'urn:readroom:username';
const ISSUER_PREFIX = 'urn:readroom:issuer-of-patient-id:';

export function patientIdentifierSystem(issuer: string): string | undefined {
  const value = issuer.trim();
  if (value === '') return undefined;
  if (/^[0-2](\.(0|[1-9][0-9]*))+$/.test(value)) return `urn:oid:${value}`;
  if (/^(https?:\/\/\S+|urn:[a-z0-9][a-z0-9-]{0,31}:\S+)$/i.test(value)) return value;
  return `${ISSUER_PREFIX}${encodeURIComponent(value)}`;
}

/** The FHIR search that finds this report on the server (If-None-Exist of the conditional create). */
export function reportIdentifierQuery(report: Pick<SignedReport, 'reportId'>): string {
  return `identifier=${encodeURIComponent(REPORT_ID_SYSTEM)}|${encodeURIComponent(report.reportId)}`;
}

/** `YYYY-MM-DD` from a DICOM DA, or undefined. */
function fhirDate(da: string): string | undefined {
  const match = /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(da.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** DICOM PN `Family^Given^Middle^Prefix^Suffix` as a FHIR HumanName. */
function humanName(pn: string): Record<string, unknown> {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = pn.split('=')[0]!.split('^');
  const name: Record<string, unknown> = {
    text: [prefix, given, middle, family, suffix]
      .map((p) => p.trim())
      .filter(Boolean)
      .join(' '),
  };
  if (family.trim()) name['family'] = family.trim();
  const givens = [given, middle].map((g) => g.trim()).filter(Boolean);
  if (givens.length) name['given'] = givens;
  if (prefix.trim()) name['prefix'] = [prefix.trim()];
  if (suffix.trim()) name['suffix'] = [suffix.trim()];
  return name;
}

const GENDER: Record<string, string> = { M: 'male', F: 'female', O: 'other' };

export type FhirResource = Record<string, unknown> & { resourceType: string };

export function buildDiagnosticReport(report: SignedReport): FhirResource {
  const system = patientIdentifierSystem(report.patient.issuer);
  const patientIdentifier = { ...(system ? { system } : {}), value: report.patient.id };
  const name = humanName(report.patient.name);
  const birthDate = fhirDate(report.patient.birthDate);
  const gender = GENDER[report.patient.sex.trim().toUpperCase()];
  const effective = fhirDate(report.study.date);
  const conclusion = impressionText(report);
  const description = report.study.description.trim();
  const text = fullReportText(report);

  return {
    resourceType: 'DiagnosticReport',
    // The patient travels along (contained): a receiver can match or create it from identifier, name, birth date, sex.
    contained: [
      {
        resourceType: 'Patient',
        id: 'patient',
        identifier: [patientIdentifier],
        ...(name['text'] ? { name: [name] } : {}),
        ...(gender ? { gender } : {}),
        ...(birthDate ? { birthDate } : {}),
      },
    ],
    identifier: [{ use: 'official', system: REPORT_ID_SYSTEM, value: report.reportId }],
    ...(report.accessionNumber
      ? {
          basedOn: [
            {
              type: 'ServiceRequest',
              identifier: {
                type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN', display: 'Accession ID' }] },
                value: report.accessionNumber,
              },
            },
          ],
        }
      : {}),
    status: report.status,
    category: [
      {
        coding: [
          { system: 'http://loinc.org', code: 'LP29684-5', display: 'Radiology' },
          { system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD', display: 'Radiology' },
        ],
      },
    ],
    code: {
      coding: [{ system: 'http://loinc.org', code: '18748-4', display: 'Diagnostic imaging study' }],
      ...(description ? { text: description } : {}),
    },
    subject: { reference: '#patient', type: 'Patient', identifier: patientIdentifier, ...(name['text'] ? { display: name['text'] } : {}) },
    ...(effective ? { effectiveDateTime: effective } : {}),
    issued: new Date(report.signedAt).toISOString(),
    resultsInterpreter: [
      {
        type: 'Practitioner',
        identifier: { system: USERNAME_SYSTEM, value: report.author.username },
        display: report.author.displayName || report.author.username,
      },
    ],
    imagingStudy: [{ type: 'ImagingStudy', identifier: { system: 'urn:dicom:uid', value: `urn:oid:${report.studyInstanceUid}` } }],
    ...(conclusion ? { conclusion } : {}),
    presentedForm: [
      {
        contentType: 'text/plain; charset=utf-8',
        language: 'en-US',
        data: Buffer.from(text, 'utf8').toString('base64'),
        title: `Radiology report${description ? ` — ${description}` : ''} (${report.status})`,
        creation: new Date(report.signedAt).toISOString(),
      },
    ],
  };
}
