// @ts-expect-error dcmjs ships no type declarations; the part used here is typed below.
import dcmjsModule from 'dcmjs';
import { Tag } from '../dicomweb/tags.ts';

/** A dataset in dcmjs's "naturalized" form: keyword → value (arrays for multi-valued and sequences). */
export type NaturalDataset = Record<string, unknown>;

interface DenaturalizedDataset {
  [tag: string]: { vr: string; Value?: unknown[] };
}

/** The part of dcmjs the GSPS code uses. */
interface Dcmjs {
  data: {
    DicomDict: new (meta: DenaturalizedDataset) => { dict: DenaturalizedDataset; write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer };
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): { meta: DenaturalizedDataset; dict: DenaturalizedDataset } };
    DicomMetaDictionary: {
      denaturalizeDataset(dataset: NaturalDataset): DenaturalizedDataset;
      naturalizeDataset(dataset: DenaturalizedDataset): NaturalDataset;
    };
  };
}

const dcmjs = dcmjsModule as Dcmjs;

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** Serialises a naturalized dataset as Part 10 in Explicit VR Little Endian. */
export function writePart10(dataset: NaturalDataset, meta: NaturalDataset): ArrayBuffer {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset({ ...meta, TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN }));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return dict.write();
}

/** windows-1252 (what TextDecoder('latin1') really is) for bytes 0x80–0x9F, reversed. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function latin1Bytes(value: string): Uint8Array | undefined {
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const high = CP1252_HIGH.indexOf(value[i]!);
    if (high >= 0) bytes[i] = 0x80 + high;
    else if (code <= 0xff) bytes[i] = code;
    else return undefined;
  }
  return bytes;
}

const TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'UC', 'PN']);

/**
 * dcmjs 0.52 applies Specific Character Set only to top-level elements: text inside sequence items is
 * decoded as latin1. Re-decode those strings with the dataset's character set.
 */
function redecodeNestedText(dict: DenaturalizedDataset, decoder: TextDecoder, nested: boolean): void {
  const fix = (value: string) => {
    const bytes = latin1Bytes(value);
    if (!bytes) return value;
    try {
      return decoder.decode(bytes);
    } catch {
      return value;
    }
  };
  for (const element of Object.values(dict)) {
    if (!element.Value) continue;
    if (element.vr === 'SQ') {
      for (const item of element.Value) if (item && typeof item === 'object') redecodeNestedText(item as DenaturalizedDataset, decoder, true);
    } else if (nested && TEXT_VRS.has(element.vr)) {
      element.Value = element.Value.map((v) => {
        if (typeof v === 'string') return fix(v);
        if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, s]) => [k, typeof s === 'string' ? fix(s) : s]));
        return v;
      });
    }
  }
}

/** Character sets dcmjs decodes at the top level that we can re-apply to nested items. */
const DECODERS: Record<string, string> = {
  'ISO_IR 192': 'utf-8',
  'ISO_IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/** Parses a Part 10 file into a naturalized dataset with every string decoded by its character set. */
export function readPart10(buffer: ArrayBuffer): { meta: NaturalDataset; dataset: NaturalDataset } {
  const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
  const message = DicomMessage.readFile(buffer);
  const charset = message.dict[Tag.SpecificCharacterSet] as { _rawValue?: unknown[]; Value?: unknown[] } | undefined;
  const declared = String((charset?._rawValue ?? charset?.Value)?.[0] ?? '').trim();
  const encoding = DECODERS[declared];
  if (encoding && encoding !== 'latin1') redecodeNestedText(message.dict, new TextDecoder(encoding, { fatal: true }), false);
  return { meta: DicomMetaDictionary.naturalizeDataset(message.meta), dataset: DicomMetaDictionary.naturalizeDataset(message.dict) };
}

/**
 * A DICOM JSON dataset (PS3.18 F.2, as WADO-RS metadata returns it) in dcmjs's naturalized form. The
 * JSON model is the one dcmjs keeps internally, and its strings are already decoded by the archive.
 */
export function naturalizeDicomJson(json: Record<string, { vr: string; Value?: unknown[] }>): NaturalDataset {
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(json as DenaturalizedDataset);
}
