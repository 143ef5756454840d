import { dicomParserKey, Tag } from '../dicomweb/tags.ts';
import * as dicomParser from 'dicom-parser';
import { bigEndianToLittleEndian } from './byte-order.ts';
import { decodeRleFrame } from './rle-lossless.ts';
import { DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, describeTransferSyntax, EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN } from './transfer-syntax-policy.ts';

/**
 * Native pixel data from a stored DICOM Part 10 instance (as WADO-RS instance retrieval with
 * `transfer-syntax=*` returns it), for pixel data that neither the archive's transcoding nor the image
 * loader's decoders get right. Frames come out as little-endian native bytes in the instance's own
 * planar configuration, exactly what a correct Explicit VR Little Endian transcoding would hold:
 * - Implicit and Explicit VR Little Endian: copied;
 * - Explicit VR Big Endian: each sample swapped by its Bits Allocated (8-bit samples in OW by pairs),
 *   the way pydicom reads such files. DCMTK (so Orthanc) swaps 32-bit samples as two 16-bit words;
 * - Deflated Explicit VR Little Endian: inflated first;
 * - RLE Lossless: decoded here (rle-lossless.ts).
 * Other encapsulated syntaxes are refused by name.
 */

const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const RLE = '1.2.840.10008.1.2.5';

export const NATIVE_FROM_INSTANCE = new Set([IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_BE, RLE]);

/** The Image Pixel attributes of an instance that the frame layout depends on. */
export interface StoredPixelFormat {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  planarConfiguration: number;
  photometricInterpretation: string;
  numberOfFrames: number;
}

export interface StoredInstance {
  transferSyntaxUID: string;
  format: StoredPixelFormat;
  dataSet: dicomParser.DataSet;
  pixelData: dicomParser.Element;
}

export class StoredInstanceError extends Error {
  /** The instance's transfer syntax, once known. */
  readonly transferSyntaxUID: string | undefined;
  constructor(message: string, transferSyntaxUID?: string) {
    super(message);
    this.name = 'StoredInstanceError';
    this.transferSyntaxUID = transferSyntaxUID;
  }
}

const PIXEL_DATA = dicomParserKey(Tag.PixelData);

/** The part of dicom-parser that its type declarations leave out. */
const parser = dicomParser as unknown as {
  readPart10Header(bytes: Uint8Array): dicomParser.DataSet & { position: number };
  readEncapsulatedImageFrame(dataSet: dicomParser.DataSet, element: dicomParser.Element, frameIndex: number): Uint8Array;
  readEncapsulatedPixelDataFromFragments(dataSet: dicomParser.DataSet, element: dicomParser.Element, startFragment: number, numFragments: number): Uint8Array;
};

async function inflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function requiredUint16(dataSet: dicomParser.DataSet, tag: string, name: string): number {
  const value = dataSet.uint16(tag);
  if (value === undefined) throw new StoredInstanceError(`The stored instance has no ${name}`);
  return value;
}

function pixelFormat(dataSet: dicomParser.DataSet): StoredPixelFormat {
  const bitsAllocated = requiredUint16(dataSet, dicomParserKey(Tag.BitsAllocated), 'Bits Allocated');
  const bitsStored = dataSet.uint16(dicomParserKey(Tag.BitsStored)) ?? bitsAllocated;
  return {
    rows: requiredUint16(dataSet, dicomParserKey(Tag.Rows), 'Rows'),
    columns: requiredUint16(dataSet, dicomParserKey(Tag.Columns), 'Columns'),
    samplesPerPixel: dataSet.uint16(dicomParserKey(Tag.SamplesPerPixel)) ?? 1,
    bitsAllocated,
    bitsStored,
    highBit: dataSet.uint16(dicomParserKey(Tag.HighBit)) ?? bitsStored - 1,
    pixelRepresentation: dataSet.uint16(dicomParserKey(Tag.PixelRepresentation)) ?? 0,
    planarConfiguration: dataSet.uint16(dicomParserKey(Tag.PlanarConfiguration)) ?? 0,
    photometricInterpretation: (dataSet.string(dicomParserKey(Tag.PhotometricInterpretation)) ?? '').trim(),
    numberOfFrames: Math.max(1, dataSet.intString(dicomParserKey(Tag.NumberOfFrames)) ?? 1),
  };
}

/** Parses a Part 10 instance far enough to cut frames out of it (inflating a deflated one first). */
export async function readStoredInstance(part10: Uint8Array): Promise<StoredInstance> {
  let meta: dicomParser.DataSet & { position: number };
  try {
    meta = parser.readPart10Header(part10);
  } catch (err) {
    throw new StoredInstanceError(`The stored instance is not a DICOM Part 10 file (${err instanceof Error ? err.message : String(err)})`);
  }
  const transferSyntaxUID = (meta.string(dicomParserKey(Tag.TransferSyntaxUID)) ?? '').replace(/\0/g, '').trim();
  if (!NATIVE_FROM_INSTANCE.has(transferSyntaxUID)) {
    throw new StoredInstanceError(`Pixel data stored as ${describeTransferSyntax(transferSyntaxUID)} is not decoded from whole instances`, transferSyntaxUID);
  }
  const inflated = transferSyntaxUID === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN ? await inflateRaw(part10.subarray(meta.position)) : undefined;
  let dataSet: dicomParser.DataSet;
  try {
    // With an inflater, dicom-parser reads the returned bytes from their start as Explicit VR Little Endian.
    dataSet = dicomParser.parseDicom(part10, inflated ? { inflater: (() => inflated) as never } : undefined);
  } catch (err) {
    const detail = err instanceof Error ? err.message : typeof err === 'string' ? err : ((err as { exception?: unknown }).exception ?? 'unreadable');
    throw new StoredInstanceError(`The stored instance could not be parsed (${String(detail)})`, transferSyntaxUID);
  }
  const pixelData = dataSet.elements[PIXEL_DATA];
  if (!pixelData) throw new StoredInstanceError('The stored instance has no Pixel Data (7FE0,0010)', transferSyntaxUID);
  const format = pixelFormat(dataSet);
  if (format.bitsAllocated % 8 !== 0 || format.bitsAllocated > 32) {
    throw new StoredInstanceError(`${format.bitsAllocated} bits allocated are not decoded from whole instances`, transferSyntaxUID);
  }
  return { transferSyntaxUID, format, dataSet, pixelData };
}

/** Bytes of one native (uncompressed) frame. */
export function nativeFrameLength(format: StoredPixelFormat): number {
  return format.rows * format.columns * format.samplesPerPixel * (format.bitsAllocated / 8);
}

function encapsulatedFrame(instance: StoredInstance, frameIndex: number): Uint8Array {
  const { dataSet, pixelData, format } = instance;
  const fragments = pixelData.fragments ?? [];
  if (fragments.length === 0) throw new StoredInstanceError('The stored instance has no pixel data fragments');
  if (format.numberOfFrames === 1) return parser.readEncapsulatedPixelDataFromFragments(dataSet, pixelData, 0, fragments.length);
  if ((pixelData.basicOffsetTable?.length ?? 0) === format.numberOfFrames) return parser.readEncapsulatedImageFrame(dataSet, pixelData, frameIndex);
  // RLE puts each frame in exactly one fragment (PS3.5 A.4.2).
  if (fragments.length === format.numberOfFrames) return parser.readEncapsulatedPixelDataFromFragments(dataSet, pixelData, frameIndex, 1);
  throw new StoredInstanceError(`${fragments.length} fragments and no offset table for ${format.numberOfFrames} frames`);
}

/** Frame `frameIndex` (0-based) as native little-endian bytes in the instance's planar configuration. */
export function nativeFrame(instance: StoredInstance, frameIndex: number): Uint8Array {
  const { format, transferSyntaxUID, dataSet, pixelData } = instance;
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= format.numberOfFrames) {
    throw new StoredInstanceError(`Frame ${frameIndex + 1} is outside the instance's ${format.numberOfFrames} frame(s)`);
  }
  if (transferSyntaxUID === RLE) return decodeRleFrame(encapsulatedFrame(instance, frameIndex), format);
  if (pixelData.encapsulatedPixelData) throw new StoredInstanceError(`Native pixel data was expected in ${describeTransferSyntax(transferSyntaxUID)}`);
  const length = nativeFrameLength(format);
  const start = pixelData.dataOffset + frameIndex * length;
  if ((frameIndex + 1) * length > pixelData.length) {
    throw new StoredInstanceError(`The Pixel Data holds ${pixelData.length} bytes, too few for frame ${frameIndex + 1} of ${length} bytes`);
  }
  const bytes = dataSet.byteArray.subarray(start, start + length);
  if (transferSyntaxUID !== EXPLICIT_BE) return new Uint8Array(bytes);
  // 8-bit samples in OW are byte pairs, swapped like any OW value; in OB they are single bytes.
  const bytesPerValue = format.bitsAllocated === 8 ? (pixelData.vr === 'OW' ? 2 : 1) : format.bitsAllocated / 8;
  return bigEndianToLittleEndian(bytes, bytesPerValue);
}
