import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as DicomParser from 'dicom-parser';
import type { ManifestInstance } from './manifest.ts';

// A UMD bundle: require() it rather than rely on Node's CommonJS named-export detection.
const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParser;

/** The attributes of a Part 10 image file that the manifest records. */
export interface ImageHeader {
  transferSyntaxUID: string;
  sopClassUID: string;
  sopInstanceUID: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  modality: string;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  photometricInterpretation: string;
  frames: number;
}

function required<T>(value: T | undefined, what: string, file: string): T {
  if (value === undefined) throw new Error(`${file}: no ${what}`);
  return value;
}

/** Reads the header (up to Pixel Data) of any Part 10 file, big endian and deflated included. */
export function readImageHeader(file: string): ImageHeader {
  const data = dicomParser.parseDicom(readFileSync(file), { untilTag: 'x7fe00010' });
  const text = (tag: string) => data.string(tag)?.trim();
  return {
    transferSyntaxUID: required(text('x00020010'), 'TransferSyntaxUID', file),
    sopClassUID: required(text('x00080016'), 'SOPClassUID', file),
    sopInstanceUID: required(text('x00080018'), 'SOPInstanceUID', file),
    studyInstanceUID: required(text('x0020000d'), 'StudyInstanceUID', file),
    seriesInstanceUID: required(text('x0020000e'), 'SeriesInstanceUID', file),
    modality: text('x00080060') ?? '',
    rows: required(data.uint16('x00280010'), 'Rows', file),
    columns: required(data.uint16('x00280011'), 'Columns', file),
    samplesPerPixel: data.uint16('x00280002') ?? 1,
    bitsAllocated: required(data.uint16('x00280100'), 'BitsAllocated', file),
    photometricInterpretation: text('x00280004') ?? '',
    frames: Number(text('x00280008') ?? '1') || 1,
  };
}

/** The manifest entry of a written file, from the file itself (`file` relative to `dir`). */
export function describeInstance(dir: string, file: string): ManifestInstance {
  const header = readImageHeader(path.join(dir, file));
  return {
    sopInstanceUID: header.sopInstanceUID,
    sopClassUID: header.sopClassUID,
    file,
    frames: header.frames,
    transferSyntaxUID: header.transferSyntaxUID,
    rows: header.rows,
    columns: header.columns,
    samplesPerPixel: header.samplesPerPixel,
    bitsAllocated: header.bitsAllocated,
    photometricInterpretation: header.photometricInterpretation,
  };
}
