import { createHash } from 'node:crypto';
import { writePart10, type NaturalDataset } from '../../src/gsps/dcmjs.ts';
import { clip, isDefaultRepertoire } from '../../src/gsps/dicom-values.ts';
import type { KosRequest } from './kos-request.ts';

/**
 * The DICOM Key Object Selection Document of a review's key images (TID 2010 "Key Object Selection"), in the
 * reviewed study, in a series of its own (modality KO). Its title is from CID 7010: 113008 "For Peer Review"
 * or 113010 "Quality Issue"; it lists every image as an IMAGE content item and in the Current Requested
 * Procedure Evidence Sequence. Pure: the same request gives the same object byte for byte (UIDs derived
 * from the review id), so a retry stores the same instance.
 */

export const KEY_OBJECT_SELECTION = '1.2.840.10008.5.1.4.1.1.88.59';
const IMPLEMENTATION_CLASS_UID = '2.25.171397446420178412365837853601213937813';
const IMPLEMENTATION_VERSION = 'READROOM_KOS_1';

type Item = Record<string, unknown>;

const code = (value: string, scheme: string, meaning: string) => ({ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning });

export const KOS_TITLE_CODES = {
  'for-peer-review': code('113008', 'DCM', 'For Peer Review'),
  'quality-issue': code('113010', 'DCM', 'Quality Issue'),
} as const;

/** Storage SOP classes whose instances have frames (Referenced Frame Number only for these). */
const MULTI_FRAME_CLASSES = new Set([
  '1.2.840.10008.5.1.4.1.1.2.1',
  '1.2.840.10008.5.1.4.1.1.4.1',
  '1.2.840.10008.5.1.4.1.1.3.1',
  '1.2.840.10008.5.1.4.1.1.12.1',
  '1.2.840.10008.5.1.4.1.1.12.1.1',
  '1.2.840.10008.5.1.4.1.1.12.2',
  '1.2.840.10008.5.1.4.1.1.12.2.1',
  '1.2.840.10008.5.1.4.1.1.20',
  '1.2.840.10008.5.1.4.1.1.7.1',
  '1.2.840.10008.5.1.4.1.1.7.2',
  '1.2.840.10008.5.1.4.1.1.7.3',
  '1.2.840.10008.5.1.4.1.1.7.4',
  '1.2.840.10008.5.1.4.1.1.13.1.1',
  '1.2.840.10008.5.1.4.1.1.13.1.3',
  '1.2.840.10008.5.1.4.1.1.130',
  '1.2.840.10008.5.1.4.1.1.77.1.6',
  '1.2.840.10008.5.1.4.1.1.2.2',
  '1.2.840.10008.5.1.4.1.1.4.4',
  '1.2.840.10008.5.1.4.1.1.128.1',
]);

/** `2.25.` + 128 bits of a SHA-256 of the review id, marked as a version 8 UUID (as the report SRs' UIDs). */
function derivedUid(kind: string, reviewId: string): string {
  const bits = createHash('sha256').update(`readroom-peer-review-kos\u0000${kind}\u0000${reviewId}`).digest().subarray(0, 16);
  bits[6] = (bits[6]! & 0x0f) | 0x80;
  bits[8] = (bits[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bits.toString('hex')}`).toString(10)}`;
}

export function kosUids(reviewId: string): { seriesInstanceUid: string; sopInstanceUid: string } {
  return { seriesInstanceUid: derivedUid('series', reviewId), sopInstanceUid: derivedUid('instance', reviewId) };
}

const pad = (n: number) => String(n).padStart(2, '0');
const DA = /^[0-9]{8}$/;
const dateOrEmpty = (value: string) => (DA.test(value) ? value : '');
const timeOrEmpty = (value: string) => (/^[0-9]{2,6}(\.[0-9]{1,6})?$/.test(value) ? value : '');
const sexOrEmpty = (value: string) => (['M', 'F', 'O'].includes(value.trim().toUpperCase()) ? value.trim().toUpperCase() : '');

function utc(isoTime: string): { date: string; time: string } {
  const t = new Date(isoTime);
  if (Number.isNaN(t.getTime())) throw new RangeError(`Not a time: ${isoTime}`);
  return {
    date: `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}`,
    time: `${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`,
  };
}

function uniqueImages(request: KosRequest): KosRequest['images'] {
  const seen = new Set<string>();
  return request.images.filter((image) => {
    const key = `${image.sopInstanceUid}\u0000${image.frameNumber ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function imageItem(image: KosRequest['images'][number]): Item {
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'IMAGE',
    ReferencedSOPSequence: [
      {
        ReferencedSOPClassUID: image.sopClassUid,
        ReferencedSOPInstanceUID: image.sopInstanceUid,
        ...(image.frameNumber !== undefined && MULTI_FRAME_CLASSES.has(image.sopClassUid) ? { ReferencedFrameNumber: [image.frameNumber] } : {}),
      },
    ],
  };
}

function evidence(studyUid: string, images: KosRequest['images']): Item[] {
  const bySeries = new Map<string, Map<string, string>>();
  for (const image of images) {
    const instances = bySeries.get(image.seriesInstanceUid) ?? new Map<string, string>();
    instances.set(image.sopInstanceUid, image.sopClassUid);
    bySeries.set(image.seriesInstanceUid, instances);
  }
  return [
    {
      StudyInstanceUID: studyUid,
      ReferencedSeriesSequence: [...bySeries].map(([seriesUid, instances]) => ({
        SeriesInstanceUID: seriesUid,
        ReferencedSOPSequence: [...instances].map(([sopInstanceUid, sopClassUid]) => ({
          ReferencedSOPClassUID: sopClassUid,
          ReferencedSOPInstanceUID: sopInstanceUid,
        })),
      })),
    },
  ];
}

function allText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allText);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allText);
  return [];
}

/** The KOS dataset (dcmjs naturalized form). Throws when there is no image to select. */
export function buildKos(request: KosRequest, options: { seriesNumber?: number } = {}): NaturalDataset {
  const images = uniqueImages(request);
  if (images.length === 0) throw new RangeError('A key object selection needs at least one image');
  const { seriesInstanceUid, sopInstanceUid } = kosUids(request.reviewId);
  const created = utc(request.createdAt);
  const dataset: NaturalDataset = {
    SOPClassUID: KEY_OBJECT_SELECTION,
    SOPInstanceUID: sopInstanceUid,
    // Patient
    PatientName: [{ Alphabetic: clip(request.patient.name, 64) }],
    PatientID: clip(request.patient.id, 64),
    ...(request.patient.issuer ? { IssuerOfPatientID: clip(request.patient.issuer, 64) } : {}),
    PatientBirthDate: dateOrEmpty(request.patient.birthDate),
    PatientSex: sexOrEmpty(request.patient.sex),
    // General Study: the reviewed study itself.
    StudyInstanceUID: request.studyInstanceUid,
    StudyDate: dateOrEmpty(request.study.date),
    StudyTime: timeOrEmpty(request.study.time),
    ReferringPhysicianName: request.study.referringPhysician ? [{ Alphabetic: clip(request.study.referringPhysician, 64) }] : '',
    StudyID: '',
    AccessionNumber: clip(request.accessionNumber, 16),
    ...(request.study.description ? { StudyDescription: clip(request.study.description, 64) } : {}),
    // Key Object Document Series
    Modality: 'KO',
    SeriesInstanceUID: seriesInstanceUid,
    SeriesNumber: options.seriesNumber ?? 9900,
    SeriesDescription: KOS_TITLE_CODES[request.title].CodeMeaning,
    ReferencedPerformedProcedureStepSequence: [],
    // General Equipment
    Manufacturer: 'Readroom',
    SoftwareVersions: IMPLEMENTATION_VERSION,
    // Key Object Document
    InstanceNumber: 1,
    ContentDate: created.date,
    ContentTime: created.time,
    InstanceCreationDate: created.date,
    InstanceCreationTime: created.time,
    CurrentRequestedProcedureEvidenceSequence: evidence(request.studyInstanceUid, images),
    // SR Document Content (TID 2010): the title and the images, nothing else.
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [KOS_TITLE_CODES[request.title]],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }],
    ContentSequence: images.map(imageItem),
  };
  // dcmjs writes every string as UTF-8: declare it whenever one is not ASCII.
  if (!allText(dataset).every(isDefaultRepertoire)) dataset['SpecificCharacterSet'] = 'ISO_IR 192';
  return dataset;
}

/** The KOS as a Part 10 file (Explicit VR Little Endian). */
export function writeKos(request: KosRequest): ArrayBuffer {
  const dataset = buildKos(request);
  return writePart10(dataset, {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: KEY_OBJECT_SELECTION,
    MediaStorageSOPInstanceUID: dataset['SOPInstanceUID'],
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION,
  });
}
