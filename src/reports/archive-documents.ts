import { getString, type DicomJsonDataset, type DicomJsonElement } from '../dicomweb/dicom-json.ts';

/**
 * Reports stored in the archive as DICOM objects, read from their WADO-RS metadata (DICOM JSON): a
 * Structured Report of any template as a tree of its content items (concept name, value, children), and
 * an Encapsulated PDF. Everything here is the archive's (untrusted) text: the app renders it as text.
 */

export const ENCAPSULATED_PDF = '1.2.840.10008.5.1.4.1.1.104.1';
const SR_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';
/** Key Object Selection documents are SRs too, but they select images rather than report. */
const KEY_OBJECT_SELECTION = '1.2.840.10008.5.1.4.1.1.88.59';

const T = {
  sopClassUid: '00080016',
  sopInstanceUid: '00080018',
  seriesInstanceUid: '0020000E',
  contentDate: '00080023',
  contentTime: '00080033',
  seriesDescription: '0008103E',
  documentTitle: '00420010',
  encapsulatedDocument: '00420011',
  mimeType: '00420012',
  conceptName: '0040A043',
  codeMeaning: '00080104',
  codeValue: '00080100',
  valueType: '0040A040',
  relationship: '0040A010',
  textValue: '0040A160',
  conceptCode: '0040A168',
  measuredValue: '0040A300',
  numericValue: '0040A30A',
  units: '004008EA',
  dateTime: '0040A120',
  date: '0040A121',
  time: '0040A122',
  personName: '0040A123',
  uid: '0040A124',
  content: '0040A730',
  referencedSop: '00081199',
  referencedSopInstance: '00081155',
  graphicType: '00700023',
  completionFlag: '0040A491',
  verificationFlag: '0040A493',
  author: '0040A078',
} as const;

export type DocumentKind = 'sr' | 'pdf';

export function documentKind(sopClassUid: string | undefined): DocumentKind | undefined {
  if (!sopClassUid) return undefined;
  if (sopClassUid === ENCAPSULATED_PDF) return 'pdf';
  if (sopClassUid.startsWith(SR_PREFIX) && sopClassUid !== KEY_OBJECT_SELECTION) return 'sr';
  return undefined;
}

export interface SrNode {
  /** The concept name ("Finding", "Impression"); '' when the item has none. */
  name: string;
  valueType: string;
  /** The value as text ('' for a container). */
  value: string;
  /** CONTAINS, HAS PROPERTIES, INFERRED FROM … ('' at the root). */
  relationship: string;
  children: SrNode[];
}

const MAX_DEPTH = 32;
const MAX_NODES = 5000;

function items(ds: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  const element = ds[tag] as DicomJsonElement | undefined;
  const value = element?.Value;
  return Array.isArray(value) ? value.filter((v): v is DicomJsonDataset => typeof v === 'object' && v !== null) : [];
}

function meaning(ds: DicomJsonDataset | undefined): string {
  if (!ds) return '';
  return getString(ds, T.codeMeaning) ?? getString(ds, T.codeValue) ?? '';
}

function personName(ds: DicomJsonDataset, tag: string): string {
  const value = (ds[tag] as DicomJsonElement | undefined)?.Value?.[0];
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'Alphabetic' in value) return String((value as { Alphabetic?: unknown }).Alphabetic ?? '');
  return '';
}

function valueOf(item: DicomJsonDataset, valueType: string): string {
  switch (valueType) {
    case 'TEXT':
      return getString(item, T.textValue) ?? '';
    case 'CODE':
      return meaning(items(item, T.conceptCode)[0]);
    case 'NUM': {
      const measured = items(item, T.measuredValue)[0];
      if (!measured) return '';
      const number = (measured[T.numericValue] as DicomJsonElement | undefined)?.Value?.[0];
      const unit = items(measured, T.units)[0];
      const unitText = unit ? (getString(unit, T.codeValue) ?? meaning(unit)) : '';
      return [number === undefined ? '' : String(number), unitText === '1' ? '' : unitText].filter(Boolean).join(' ');
    }
    case 'DATETIME':
      return getString(item, T.dateTime) ?? '';
    case 'DATE':
      return getString(item, T.date) ?? '';
    case 'TIME':
      return getString(item, T.time) ?? '';
    case 'PNAME':
      return personName(item, T.personName);
    case 'UIDREF':
      return getString(item, T.uid) ?? '';
    case 'IMAGE':
    case 'COMPOSITE':
    case 'WAVEFORM': {
      const ref = items(item, T.referencedSop)[0];
      return ref ? `${valueType.toLowerCase()} ${getString(ref, T.referencedSopInstance) ?? ''}`.trim() : '';
    }
    case 'SCOORD':
    case 'SCOORD3D':
      return getString(item, T.graphicType) ?? '';
    default:
      return '';
  }
}

/** The content tree of an SR document (its root item and every content item below it). */
export function srTree(ds: DicomJsonDataset): SrNode {
  let count = 0;
  const build = (item: DicomJsonDataset, depth: number): SrNode => {
    count += 1;
    const valueType = getString(item, T.valueType) ?? '';
    const children = depth < MAX_DEPTH ? items(item, T.content).flatMap((child) => (count < MAX_NODES ? [build(child, depth + 1)] : [])) : [];
    return {
      name: meaning(items(item, T.conceptName)[0]),
      valueType,
      value: valueOf(item, valueType),
      relationship: getString(item, T.relationship) ?? '',
      children,
    };
  };
  return build(ds, 0);
}

export interface ArchiveDocument {
  kind: DocumentKind;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** The document title, or the SR's root concept name, or the series description. */
  title: string;
  /** DA + TM as stored ('' when absent). */
  contentDate: string;
  contentTime: string;
  /** SR only: COMPLETE / PARTIAL, VERIFIED / UNVERIFIED. */
  completion: string;
  verification: string;
  /** The Encapsulated Document's BulkDataURI (PDF), when the archive gives one. */
  bulkDataUri: string | undefined;
  tree: SrNode | undefined;
}

/** The report documents among a series' instances (WADO-RS metadata). */
export function archiveDocuments(instances: readonly DicomJsonDataset[]): ArchiveDocument[] {
  return instances.flatMap((ds) => {
    const kind = documentKind(getString(ds, T.sopClassUid));
    if (!kind) return [];
    const tree = kind === 'sr' ? srTree(ds) : undefined;
    const encapsulated = ds[T.encapsulatedDocument] as DicomJsonElement | undefined;
    return [
      {
        kind,
        seriesInstanceUid: getString(ds, T.seriesInstanceUid) ?? '',
        sopInstanceUid: getString(ds, T.sopInstanceUid) ?? '',
        title: getString(ds, T.documentTitle) || tree?.name || getString(ds, T.seriesDescription) || (kind === 'pdf' ? 'PDF document' : 'Structured report'),
        contentDate: getString(ds, T.contentDate) ?? '',
        contentTime: getString(ds, T.contentTime) ?? '',
        completion: getString(ds, T.completionFlag) ?? '',
        verification: getString(ds, T.verificationFlag) ?? '',
        bulkDataUri: encapsulated?.BulkDataURI,
        tree,
      },
    ];
  });
}

/** Whether bytes are a PDF file (what is shown inline must be one, whatever the archive claims). */
export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length > 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';
}
