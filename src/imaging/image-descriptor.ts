import { getNumber, getNumberTuple, getPersonName, getString, getStrings, numberOf, type DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { Tag } from '../dicomweb/tags.ts';
import type { Vec3 } from './orientation.ts';
import { spacingOf, type Spacing } from './pixel-spacing.ts';

/** Row direction cosines, then column direction cosines. */
export type Orientation = readonly [number, number, number, number, number, number];

/** One Window Center/Width pair of the header, with its explanation when it has one. */
export interface HeaderWindow {
  center: number;
  width: number;
  explanation?: string;
}

/**
 * What the viewer knows of one displayable frame, read once from its instance's DICOM JSON.
 * Every value is typed and checked: absent or malformed attributes are undefined, never NaN
 * (lists of the wrong length are absent too). Strings are untrusted DICOM text, trimmed, never empty.
 */
export interface ImageDescriptor {
  studyInstanceUID?: string;
  seriesInstanceUID?: string;
  sopInstanceUID?: string;
  sopClassUID?: string;
  /** 1-based frame of the instance this image is. */
  frameNumber: number;
  /** Number of Frames as the header gives it (undefined for single-frame instances that omit it). */
  numberOfFrames?: number;
  instanceNumber?: number;

  /** The raw PN (Alphabetic group), e.g. "Doe^Jane". */
  patientName?: string;
  patientId?: string;
  /** DA, "YYYYMMDD". */
  patientBirthDate?: string;
  patientSex?: string;
  /** DA, "YYYYMMDD". */
  studyDate?: string;
  studyDescription?: string;
  modality?: string;
  /** Image Type values (ORIGINAL\PRIMARY\LOCALIZER …), trimmed. */
  imageType?: readonly string[];
  seriesNumber?: number;
  seriesDescription?: string;
  bodyPartExamined?: string;

  rows?: number;
  columns?: number;
  samplesPerPixel?: number;
  bitsAllocated?: number;
  bitsStored?: number;
  highBit?: number;
  pixelRepresentation?: number;
  photometricInterpretation?: string;
  planarConfiguration?: number;

  /** The transfer syntax the metadata lists (the archive's answer, which may not be the stored one). */
  transferSyntaxUID?: string;
  /** Lossy Image Compression, "00" or "01". */
  lossyImageCompression?: string;

  /** Pixel Spacing (row, column) in mm, in the patient. */
  pixelSpacing?: readonly [number, number];
  /** Imager Pixel Spacing (row, column) in mm, at the detector. */
  imagerPixelSpacing?: readonly [number, number];
  /** Which of the two measurements use (src/imaging/pixel-spacing.ts). */
  spacing: Spacing;
  imagePositionPatient?: Vec3;
  imageOrientationPatient?: Orientation;
  frameOfReferenceUID?: string;
  sliceLocation?: number;
  sliceThickness?: number;

  /** The header's Window Center/Width pairs, in order (pairs with a malformed value are left out). */
  windows: readonly HeaderWindow[];
  voiLutFunction?: string;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  rescaleType?: string;

  /** Frame Time, ms. */
  frameTimeMs?: number;
  recommendedDisplayFrameRate?: number;
  cineRate?: number;
}

function text(ds: DicomJsonDataset, tag: string): string | undefined {
  const s = getString(ds, tag)?.trim();
  return s ? s : undefined;
}

/**
 * Every Window Center/Width pair of the header, paired by position (a blank center or width drops its
 * pair, never shifts the others), with its explanation when present.
 */
export function readHeaderWindows(ds: DicomJsonDataset): HeaderWindow[] {
  const centers = ds[Tag.WindowCenter]?.Value ?? [];
  const widths = ds[Tag.WindowWidth]?.Value ?? [];
  const explanations = getStrings(ds, Tag.WindowCenterWidthExplanation);
  const out: HeaderWindow[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i++) {
    const center = numberOf(centers[i]);
    const width = numberOf(widths[i]);
    if (center === undefined || width === undefined) continue;
    const explanation = explanations[i]?.trim();
    out.push({ center, width, ...(explanation ? { explanation } : {}) });
  }
  return out;
}

function imageTypeOf(ds: DicomJsonDataset): string[] | undefined {
  const values = getStrings(ds, Tag.ImageType).map((v) => v.trim());
  return values.length > 0 ? values : undefined;
}

/** The typed description of frame `frameNumber` (1-based) of an instance. */
export function describeImage(ds: DicomJsonDataset, frameNumber = 1): ImageDescriptor {
  const pixelSpacing = getNumberTuple(ds, Tag.PixelSpacing, 2) as [number, number] | undefined;
  const imagerPixelSpacing = getNumberTuple(ds, Tag.ImagerPixelSpacing, 2) as [number, number] | undefined;
  const personName = getPersonName(ds, Tag.PatientName)?.trim();
  return {
    studyInstanceUID: text(ds, Tag.StudyInstanceUID),
    seriesInstanceUID: text(ds, Tag.SeriesInstanceUID),
    sopInstanceUID: text(ds, Tag.SOPInstanceUID),
    sopClassUID: text(ds, Tag.SOPClassUID),
    frameNumber,
    numberOfFrames: getNumber(ds, Tag.NumberOfFrames),
    instanceNumber: getNumber(ds, Tag.InstanceNumber),
    patientName: personName ? personName : undefined,
    patientId: text(ds, Tag.PatientID),
    patientBirthDate: text(ds, Tag.PatientBirthDate),
    patientSex: text(ds, Tag.PatientSex),
    studyDate: text(ds, Tag.StudyDate),
    studyDescription: text(ds, Tag.StudyDescription),
    modality: text(ds, Tag.Modality),
    imageType: imageTypeOf(ds),
    seriesNumber: getNumber(ds, Tag.SeriesNumber),
    seriesDescription: text(ds, Tag.SeriesDescription),
    bodyPartExamined: text(ds, Tag.BodyPartExamined),
    rows: getNumber(ds, Tag.Rows),
    columns: getNumber(ds, Tag.Columns),
    samplesPerPixel: getNumber(ds, Tag.SamplesPerPixel),
    bitsAllocated: getNumber(ds, Tag.BitsAllocated),
    bitsStored: getNumber(ds, Tag.BitsStored),
    highBit: getNumber(ds, Tag.HighBit),
    pixelRepresentation: getNumber(ds, Tag.PixelRepresentation),
    photometricInterpretation: text(ds, Tag.PhotometricInterpretation),
    planarConfiguration: getNumber(ds, Tag.PlanarConfiguration),
    transferSyntaxUID: text(ds, Tag.TransferSyntaxUID),
    lossyImageCompression: text(ds, Tag.LossyImageCompression),
    pixelSpacing,
    imagerPixelSpacing,
    spacing: spacingOf({ pixelSpacing, imagerPixelSpacing }),
    imagePositionPatient: getNumberTuple(ds, Tag.ImagePositionPatient, 3) as Vec3 | undefined,
    imageOrientationPatient: getNumberTuple(ds, Tag.ImageOrientationPatient, 6) as Orientation | undefined,
    frameOfReferenceUID: text(ds, Tag.FrameOfReferenceUID),
    sliceLocation: getNumber(ds, Tag.SliceLocation),
    sliceThickness: getNumber(ds, Tag.SliceThickness),
    windows: readHeaderWindows(ds),
    voiLutFunction: text(ds, Tag.VOILUTFunction),
    rescaleSlope: getNumber(ds, Tag.RescaleSlope),
    rescaleIntercept: getNumber(ds, Tag.RescaleIntercept),
    rescaleType: text(ds, Tag.RescaleType),
    frameTimeMs: getNumber(ds, Tag.FrameTime),
    recommendedDisplayFrameRate: getNumber(ds, Tag.RecommendedDisplayFrameRate),
    cineRate: getNumber(ds, Tag.CineRate),
  };
}
