import { createRequire } from 'node:module';
import { TransferSyntax } from './transfer-syntaxes.ts';
import { deterministicUid } from './uids.ts';

/** A dataset in dcmjs's "naturalized" form: keyword → value (arrays for multi-valued). */
export type NaturalDataset = Record<string, unknown>;

/** The part of dcmjs (which ships no type declarations) that the samples use. */
interface Dcmjs {
  data: {
    DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(): ArrayBuffer };
    DicomMessage: { readFile(buffer: ArrayBuffer): { meta: Record<string, unknown>; dict: Record<string, unknown> } };
    DicomMetaDictionary: {
      denaturalizeDataset(dataset: NaturalDataset): Record<string, unknown>;
      naturalizeDataset(dataset: Record<string, unknown>): NaturalDataset;
    };
  };
}

const dcmjs = createRequire(import.meta.url)('dcmjs') as Dcmjs;
const { DicomDict, DicomMessage, DicomMetaDictionary } = dcmjs.data;

export const IMPLEMENTATION_CLASS_UID = deterministicUid('readroom/samples/implementation');
export const IMPLEMENTATION_VERSION_NAME = 'READROOM_SAMPLES';

/**
 * Serialises a dataset as a DICOM Part 10 file in Explicit VR Little Endian. `pixelData`
 * holds all frames, little endian; its VR is OB for 8-bit and OW for wider samples.
 */
export function part10Bytes(dataset: NaturalDataset, pixelData: ArrayBufferView): Uint8Array {
  const sopClassUID = dataset['SOPClassUID'];
  const sopInstanceUID = dataset['SOPInstanceUID'];
  if (typeof sopClassUID !== 'string' || typeof sopInstanceUID !== 'string') throw new Error('Dataset needs SOPClassUID and SOPInstanceUID');
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUID,
    MediaStorageSOPInstanceUID: sopInstanceUID,
    TransferSyntaxUID: TransferSyntax.explicitLittleEndian,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  };
  const pixels = pixelData.buffer.slice(pixelData.byteOffset, pixelData.byteOffset + pixelData.byteLength);
  const vr = dataset['BitsAllocated'] === 8 ? 'OB' : 'OW';
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset({ ...dataset, PixelData: [pixels], _vrMap: { PixelData: vr } });
  return new Uint8Array(dict.write());
}

export interface ParsedPart10 {
  meta: NaturalDataset;
  dataset: NaturalDataset;
}

/** Parses a Part 10 file (used by tests to check what was written). */
export function readPart10(bytes: Uint8Array): ParsedPart10 {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const message = DicomMessage.readFile(buffer);
  return {
    meta: DicomMetaDictionary.naturalizeDataset(message.meta),
    dataset: DicomMetaDictionary.naturalizeDataset(message.dict),
  };
}
