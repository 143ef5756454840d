import { writePart10, type NaturalDataset } from '../../src/gsps/dcmjs.ts';
import { clip, isDefaultRepertoire } from '../../src/gsps/dicom-values.ts';
import type { SignedReport } from './signed-report.ts';
import { srUids } from './sr-uids.ts';

/**
 * The DICOM SR of a signed report: a Basic Text SR (TID 2000 "Basic Diagnostic Imaging Report") in the
 * report's study, in its own new series. Pure: the same report gives the same object byte for byte
 * (UIDs derived from the report id, dates from the signing time), so a retry stores the same instance.
 */

export const BASIC_TEXT_SR = '1.2.840.10008.5.1.4.1.1.88.11';
/** Identifies the writer in File Meta (a 2.25 UID derived once from a random UUID). */
const IMPLEMENTATION_CLASS_UID = '2.25.171397446420178412365837853601213937813';
const IMPLEMENTATION_VERSION = 'READROOM_SR_1';
/** Private coding scheme for section titles that have no DICOM code. */
const LOCAL_SCHEME = '99READROOM';

type Item = Record<string, unknown>;
interface CodeItem {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

const code = (value: string, scheme: string, meaning: string): CodeItem => ({
  CodeValue: value,
  CodingSchemeDesignator: scheme,
  CodeMeaning: clip(meaning, 64),
});

const TITLE = code('18748-4', 'LN', 'Diagnostic Imaging Report');

/** Section title → (section concept, concept of its text), DICOM codes from CID 7001 / 7002 where one fits. */
const SECTION_CODES: Record<string, [CodeItem, CodeItem]> = {
  findings: [code('121070', 'DCM', 'Findings'), code('121071', 'DCM', 'Finding')],
  impression: [code('121073', 'DCM', 'Impressions'), code('121072', 'DCM', 'Impression')],
  conclusion: [code('121076', 'DCM', 'Conclusions'), code('121077', 'DCM', 'Conclusion')],
  recommendations: [code('121074', 'DCM', 'Recommendations'), code('121075', 'DCM', 'Recommendation')],
  'clinical information': [code('121060', 'DCM', 'History'), code('121060', 'DCM', 'History')],
  history: [code('121060', 'DCM', 'History'), code('121060', 'DCM', 'History')],
  technique: [code('121064', 'DCM', 'Current Procedure Descriptions'), code('121065', 'DCM', 'Procedure Description')],
  comparison: [code('121066', 'DCM', 'Prior Procedure Descriptions'), code('121065', 'DCM', 'Procedure Description')],
};

function localCode(title: string): CodeItem {
  const value = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()
    .slice(0, 16);
  return code(value || 'SECTION', LOCAL_SCHEME, title.trim() || 'Section');
}

function sectionCodes(title: string): [CodeItem, CodeItem] {
  const known = SECTION_CODES[title.trim().toLowerCase()];
  if (known) return known;
  const local = localCode(title);
  return [local, local];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** DA, TM and DT in UTC from an ISO time (the object says +0000 in Timezone Offset From UTC). */
function utcParts(isoTime: string): { date: string; time: string; dateTime: string } {
  const t = new Date(isoTime);
  if (Number.isNaN(t.getTime())) throw new RangeError(`Not a time: ${isoTime}`);
  const date = `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}`;
  const time = `${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`;
  return { date, time, dateTime: `${date}${time}+0000` };
}

const DA = /^[0-9]{8}$/;
const dicomDateOrEmpty = (value: string) => (DA.test(value) ? value : '');
const dicomTimeOrEmpty = (value: string) => (/^[0-9]{2,6}(\.[0-9]{1,6})?$/.test(value) ? value : '');
const sexOrEmpty = (value: string) => (['M', 'F', 'O'].includes(value.trim().toUpperCase()) ? value.trim().toUpperCase() : '');

function textItem(concept: CodeItem, value: string): Item {
  return { RelationshipType: 'CONTAINS', ValueType: 'TEXT', ConceptNameCodeSequence: [concept], TextValue: value };
}

/** Storage SOP classes whose instances have frames (Referenced Frame Number is allowed only for these). */
const MULTI_FRAME_CLASSES = new Set([
  '1.2.840.10008.5.1.4.1.1.2.1', // Enhanced CT
  '1.2.840.10008.5.1.4.1.1.4.1', // Enhanced MR
  '1.2.840.10008.5.1.4.1.1.3.1', // Ultrasound Multi-frame
  '1.2.840.10008.5.1.4.1.1.12.1', // X-Ray Angiographic
  '1.2.840.10008.5.1.4.1.1.12.1.1', // Enhanced XA
  '1.2.840.10008.5.1.4.1.1.12.2', // X-Ray Radiofluoroscopic
  '1.2.840.10008.5.1.4.1.1.12.2.1', // Enhanced XRF
  '1.2.840.10008.5.1.4.1.1.20', // Nuclear Medicine
  '1.2.840.10008.5.1.4.1.1.7.1', // Multi-frame Single Bit SC
  '1.2.840.10008.5.1.4.1.1.7.2', // Multi-frame Grayscale Byte SC
  '1.2.840.10008.5.1.4.1.1.7.3', // Multi-frame Grayscale Word SC
  '1.2.840.10008.5.1.4.1.1.7.4', // Multi-frame True Color SC
  '1.2.840.10008.5.1.4.1.1.13.1.1', // X-Ray 3D Angiographic
  '1.2.840.10008.5.1.4.1.1.13.1.3', // Breast Tomosynthesis
  '1.2.840.10008.5.1.4.1.1.130', // Enhanced PET
  '1.2.840.10008.5.1.4.1.1.77.1.6', // VL Whole Slide Microscopy
  '1.2.840.10008.5.1.4.1.1.4.3', // Enhanced MR Color
  '1.2.840.10008.5.1.4.1.1.2.2', // Legacy Converted Enhanced CT
  '1.2.840.10008.5.1.4.1.1.4.4', // Legacy Converted Enhanced MR
  '1.2.840.10008.5.1.4.1.1.128.1', // Legacy Converted Enhanced PET
]);

/**
 * A display name as a DICOM Person Name: kept when it is already in PN form (has "^"), else the last word
 * as family name and the rest as given names ("Ada Reader" → "Reader^Ada").
 */
export function personNameOf(displayName: string): string {
  const name = displayName.trim();
  if (name.includes('^')) return clip(name, 64);
  const words = name.split(/\s+/).filter(Boolean);
  if (words.length < 2) return clip(name, 64);
  return clip(`${words.at(-1)!}^${words.slice(0, -1).join(' ')}`, 64);
}

function imageItems(report: SignedReport): Item[] {
  return report.references.map((ref) => ({
    RelationshipType: 'CONTAINS',
    ValueType: 'IMAGE',
    ReferencedSOPSequence: [
      {
        ReferencedSOPClassUID: ref.sopClassUid,
        ReferencedSOPInstanceUID: ref.sopInstanceUid,
        ...(ref.frameNumber !== undefined && MULTI_FRAME_CLASSES.has(ref.sopClassUid) ? { ReferencedFrameNumber: [ref.frameNumber] } : {}),
      },
    ],
  }));
}

function section(title: string, text: string, extra: Item[] = []): Item {
  const [sectionConcept, textConcept] = sectionCodes(title);
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [sectionConcept],
    ContinuityOfContent: 'SEPARATE',
    ContentSequence: [...(text.trim() ? [textItem(textConcept, text)] : []), ...extra],
  };
}

/** Studies → series → instances, as Hierarchical SOP Instance Reference Macro items. */
function evidence(studyUid: string, refs: SignedReport['references']): Item[] {
  const bySeries = new Map<string, Item[]>();
  const seen = new Set<string>();
  for (const ref of refs) {
    if (seen.has(ref.sopInstanceUid)) continue;
    seen.add(ref.sopInstanceUid);
    const list = bySeries.get(ref.seriesInstanceUid) ?? [];
    list.push({ ReferencedSOPClassUID: ref.sopClassUid, ReferencedSOPInstanceUID: ref.sopInstanceUid });
    bySeries.set(ref.seriesInstanceUid, list);
  }
  if (bySeries.size === 0) return [];
  return [
    {
      StudyInstanceUID: studyUid,
      ReferencedSeriesSequence: [...bySeries].map(([seriesUid, instances]) => ({ SeriesInstanceUID: seriesUid, ReferencedSOPSequence: instances })),
    },
  ];
}

function allText(dataset: unknown): string[] {
  if (typeof dataset === 'string') return [dataset];
  if (Array.isArray(dataset)) return dataset.flatMap(allText);
  if (dataset && typeof dataset === 'object') return Object.values(dataset).flatMap(allText);
  return [];
}

export interface SrOptions {
  /** Institution of the reading group (Author Observer, Verifying Organization). */
  institutionName: string;
  /** Series Number of the report series (a new series per report). */
  seriesNumber?: number;
}

/** The SR dataset (dcmjs naturalized form). */
export function buildReportSr(report: SignedReport, options: SrOptions): NaturalDataset {
  const { seriesInstanceUid, sopInstanceUid } = srUids(report.reportId);
  const signed = utcParts(report.signedAt);
  const final = report.status !== 'preliminary';
  const author = report.author.displayName.trim() || report.author.username;
  const observerName = [{ Alphabetic: personNameOf(author) }];
  const institution = clip(options.institutionName, 64);
  const personCode = code(clip(report.author.username, 16), LOCAL_SCHEME, author);

  const sections: Item[] = report.sections.map((s, index) => section(s.title, s.text, index === 0 ? imageItems(report) : []));
  if (report.sections.length === 0 && report.references.length > 0) sections.push(section('Findings', '', imageItems(report)));
  if (report.addendum) sections.push(section('Addendum', report.addendum.text));

  const dataset: NaturalDataset = {
    SOPClassUID: BASIC_TEXT_SR,
    SOPInstanceUID: sopInstanceUid,
    // Patient
    PatientName: [{ Alphabetic: clip(report.patient.name, 64) }],
    PatientID: clip(report.patient.id, 64),
    ...(report.patient.issuer ? { IssuerOfPatientID: clip(report.patient.issuer, 64) } : {}),
    PatientBirthDate: dicomDateOrEmpty(report.patient.birthDate),
    PatientSex: sexOrEmpty(report.patient.sex),
    // General Study
    StudyInstanceUID: report.studyInstanceUid,
    StudyDate: dicomDateOrEmpty(report.study.date),
    StudyTime: dicomTimeOrEmpty(report.study.time),
    ReferringPhysicianName: report.study.referringPhysician ? [{ Alphabetic: clip(report.study.referringPhysician, 64) }] : '',
    StudyID: '',
    AccessionNumber: clip(report.accessionNumber, 16),
    ...(report.study.description ? { StudyDescription: clip(report.study.description, 64) } : {}),
    // SR Document Series
    Modality: 'SR',
    SeriesInstanceUID: seriesInstanceUid,
    SeriesNumber: options.seriesNumber ?? 9000 + Math.min(report.version, 999),
    SeriesDescription: clip(`Report ${report.status} v${report.version}`, 64),
    ReferencedPerformedProcedureStepSequence: [],
    // General Equipment
    Manufacturer: 'Readroom',
    SoftwareVersions: IMPLEMENTATION_VERSION,
    // SR Document General
    InstanceNumber: 1,
    ContentDate: signed.date,
    ContentTime: signed.time,
    TimezoneOffsetFromUTC: '+0000',
    InstanceCreationDate: signed.date,
    InstanceCreationTime: signed.time,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: final ? 'VERIFIED' : 'UNVERIFIED',
    ...(final
      ? {
          VerifyingObserverSequence: [
            {
              VerifyingObserverName: observerName,
              VerifyingObserverIdentificationCodeSequence: [personCode],
              VerifyingOrganization: institution,
              VerificationDateTime: signed.dateTime,
            },
          ],
        }
      : {}),
    AuthorObserverSequence: [
      {
        ObserverType: 'PSN',
        PersonName: observerName,
        PersonIdentificationCodeSequence: [personCode],
        InstitutionName: institution,
        InstitutionCodeSequence: [code('READROOM', LOCAL_SCHEME, institution)],
      },
    ],
    ...(report.addendum
      ? {
          PredecessorDocumentsSequence: [
            {
              StudyInstanceUID: report.studyInstanceUid,
              ReferencedSeriesSequence: [
                {
                  SeriesInstanceUID: srUids(report.addendum.amendsReportId).seriesInstanceUid,
                  ReferencedSOPSequence: [
                    { ReferencedSOPClassUID: BASIC_TEXT_SR, ReferencedSOPInstanceUID: srUids(report.addendum.amendsReportId).sopInstanceUid },
                  ],
                },
              ],
            },
          ],
        }
      : {}),
    PerformedProcedureCodeSequence: [],
    ...(report.references.length > 0 ? { CurrentRequestedProcedureEvidenceSequence: evidence(report.studyInstanceUid, report.references) } : {}),
    // SR Document Content: the root container
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [TITLE],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2000' }],
    ContentSequence: [
      {
        RelationshipType: 'HAS CONCEPT MOD',
        ValueType: 'CODE',
        ConceptNameCodeSequence: [code('121049', 'DCM', 'Language of Content Item and Descendants')],
        ConceptCodeSequence: [code('en-US', 'RFC5646', 'English (United States)')],
      },
      {
        RelationshipType: 'HAS OBS CONTEXT',
        ValueType: 'PNAME',
        ConceptNameCodeSequence: [code('121008', 'DCM', 'Person Observer Name')],
        PersonName: observerName,
      },
      ...sections,
    ],
  };
  // dcmjs writes every string as UTF-8: declare it whenever one is not ASCII.
  if (!allText(dataset).every(isDefaultRepertoire)) dataset['SpecificCharacterSet'] = 'ISO_IR 192';
  return dataset;
}

/** The SR as a Part 10 file (Explicit VR Little Endian). */
export function writeReportSr(report: SignedReport, options: SrOptions): ArrayBuffer {
  const dataset = buildReportSr(report, options);
  return writePart10(dataset, {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: BASIC_TEXT_SR,
    MediaStorageSOPInstanceUID: dataset['SOPInstanceUID'],
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION,
  });
}
