import { writePart10, type NaturalDataset } from '../gsps/dcmjs.ts';
import { clip, isDefaultRepertoire } from '../gsps/dicom-values.ts';

/**
 * A DICOM Key Object Selection Document (TID 2010 "Key Object Selection") in the study of its images, in a
 * series of its own (modality KO). Its title is from CID 7010; it lists every image as an IMAGE content
 * item — with the presentation state to show it with, when there is one — and every image and presentation
 * state in the Current Requested Procedure Evidence Sequence. Pure: the same document gives the same object
 * byte for byte. Shared by the gateway's peer review and the reader's key images ("Of Interest").
 */

export const KEY_OBJECT_SELECTION = '1.2.840.10008.5.1.4.1.1.88.59';
const IMPLEMENTATION_CLASS_UID = '2.25.171397446420178412365837853601213937813';
const IMPLEMENTATION_VERSION = 'READROOM_KOS_1';

type Item = Record<string, unknown>;

const code = (value: string, scheme: string, meaning: string) => ({ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning });

export const KOS_TITLE_CODES = {
  'of-interest': code('113000', 'DCM', 'Of Interest'),
  'for-peer-review': code('113008', 'DCM', 'For Peer Review'),
  'quality-issue': code('113010', 'DCM', 'Quality Issue'),
} as const;

export type KosTitle = keyof typeof KOS_TITLE_CODES;

/** A composite instance the document references. */
export interface KosInstanceRef {
  seriesInstanceUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

export interface KosImage extends KosInstanceRef {
  frameNumber?: number;
  /** The presentation state (e.g. a GSPS) to show the image with (PS3.3 Image Reference Macro). */
  presentationState?: KosInstanceRef;
}

export interface KeyObjectDocument {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  accessionNumber: string;
  /** DICOM forms: PN as `Family^Given`, DA, `M`/`F`/`O`. */
  patient: { id: string; issuer: string; name: string; birthDate: string; sex: string };
  study: { date: string; time: string; description: string; referringPhysician: string };
  title: KosTitle;
  /** ISO 8601: the content date and time (written in UTC). */
  createdAt: string;
  images: readonly KosImage[];
}

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

export const isMultiFrameClass = (sopClassUid: string) => MULTI_FRAME_CLASSES.has(sopClassUid);

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

function uniqueImages(images: readonly KosImage[]): KosImage[] {
  const seen = new Set<string>();
  return images.filter((image) => {
    const key = `${image.sopInstanceUid}\u0000${image.frameNumber ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function imageItem(image: KosImage): Item {
  const state = image.presentationState;
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'IMAGE',
    ReferencedSOPSequence: [
      {
        ReferencedSOPClassUID: image.sopClassUid,
        ReferencedSOPInstanceUID: image.sopInstanceUid,
        ...(image.frameNumber !== undefined && MULTI_FRAME_CLASSES.has(image.sopClassUid) ? { ReferencedFrameNumber: [image.frameNumber] } : {}),
        ...(state ? { ReferencedSOPSequence: [{ ReferencedSOPClassUID: state.sopClassUid, ReferencedSOPInstanceUID: state.sopInstanceUid }] } : {}),
      },
    ],
  };
}

/** Every referenced instance, images first then presentation states, grouped by series. */
function evidence(studyUid: string, images: readonly KosImage[]): Item[] {
  const bySeries = new Map<string, Map<string, string>>();
  const add = (ref: KosInstanceRef) => {
    const instances = bySeries.get(ref.seriesInstanceUid) ?? new Map<string, string>();
    instances.set(ref.sopInstanceUid, ref.sopClassUid);
    bySeries.set(ref.seriesInstanceUid, instances);
  };
  for (const image of images) add(image);
  for (const image of images) if (image.presentationState) add(image.presentationState);
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
export function buildKeyObjectDocument(doc: KeyObjectDocument, options: { seriesNumber?: number } = {}): NaturalDataset {
  const images = uniqueImages(doc.images);
  if (images.length === 0) throw new RangeError('A key object selection needs at least one image');
  const created = utc(doc.createdAt);
  const dataset: NaturalDataset = {
    SOPClassUID: KEY_OBJECT_SELECTION,
    SOPInstanceUID: doc.sopInstanceUid,
    // Patient
    PatientName: [{ Alphabetic: clip(doc.patient.name, 64) }],
    PatientID: clip(doc.patient.id, 64),
    ...(doc.patient.issuer ? { IssuerOfPatientID: clip(doc.patient.issuer, 64) } : {}),
    PatientBirthDate: dateOrEmpty(doc.patient.birthDate),
    PatientSex: sexOrEmpty(doc.patient.sex),
    // General Study: the images' study itself.
    StudyInstanceUID: doc.studyInstanceUid,
    StudyDate: dateOrEmpty(doc.study.date),
    StudyTime: timeOrEmpty(doc.study.time),
    ReferringPhysicianName: doc.study.referringPhysician ? [{ Alphabetic: clip(doc.study.referringPhysician, 64) }] : '',
    StudyID: '',
    AccessionNumber: clip(doc.accessionNumber, 16),
    ...(doc.study.description ? { StudyDescription: clip(doc.study.description, 64) } : {}),
    // Key Object Document Series
    Modality: 'KO',
    SeriesInstanceUID: doc.seriesInstanceUid,
    SeriesNumber: options.seriesNumber ?? 9900,
    SeriesDescription: KOS_TITLE_CODES[doc.title].CodeMeaning,
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
    CurrentRequestedProcedureEvidenceSequence: evidence(doc.studyInstanceUid, images),
    // SR Document Content (TID 2010): the title and the images, nothing else.
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [KOS_TITLE_CODES[doc.title]],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }],
    ContentSequence: images.map(imageItem),
  };
  // dcmjs writes every string as UTF-8: declare it whenever one is not ASCII.
  if (!allText(dataset).every(isDefaultRepertoire)) dataset['SpecificCharacterSet'] = 'ISO_IR 192';
  return dataset;
}

/** A KOS dataset as a Part 10 file (Explicit VR Little Endian). */
export function writeKeyObjectPart10(dataset: NaturalDataset): ArrayBuffer {
  return writePart10(dataset, {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: KEY_OBJECT_SELECTION,
    MediaStorageSOPInstanceUID: dataset['SOPInstanceUID'],
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION,
  });
}
