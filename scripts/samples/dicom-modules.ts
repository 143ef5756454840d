import type { StudyEntry, SeriesEntry } from './catalogue.ts';
import type { AxialStack } from './geometry.ts';
import { AXIAL_ORIENTATION, slicePosition } from './geometry.ts';
import { sampleUids } from './uids.ts';
import type { NaturalDataset } from './write-part10.ts';

/** Attribute groups (IOD modules) shared by the synthetic series. */

export const SopClass = {
  ct: '1.2.840.10008.5.1.4.1.1.2',
  mr: '1.2.840.10008.5.1.4.1.1.4',
  cr: '1.2.840.10008.5.1.4.1.1.1',
  dxForPresentation: '1.2.840.10008.5.1.4.1.1.1.1',
  usMultiFrame: '1.2.840.10008.5.1.4.1.1.3.1',
  secondaryCapture: '1.2.840.10008.5.1.4.1.1.7',
} as const;

const personName = (name: string) => [{ Alphabetic: name }];

/** Patient, General Study, General Equipment and SOP Common (character set) attributes. */
export function studyAttributes(study: StudyEntry): NaturalDataset {
  const { patient } = study;
  return {
    // dcmjs writes every string as UTF-8.
    SpecificCharacterSet: 'ISO_IR 192',
    PatientName: personName(patient.name),
    PatientID: patient.id,
    IssuerOfPatientID: patient.issuer,
    PatientBirthDate: patient.birthDate,
    PatientSex: patient.sex,
    StudyInstanceUID: sampleUids.study(study.key),
    StudyDate: study.date,
    StudyTime: study.time,
    StudyID: study.studyId,
    AccessionNumber: study.accessionNumber,
    ReferringPhysicianName: personName(study.referringPhysician),
    StudyDescription: study.description,
    InstitutionName: 'Readroom Test Hospital',
    Manufacturer: 'Readroom',
    ManufacturerModelName: 'Synthetic phantom',
    StationName: 'PHANTOM01',
    ...(study.priority
      ? {
          RequestAttributesSequence: [
            { RequestedProcedureID: study.accessionNumber, ScheduledProcedureStepID: study.accessionNumber, RequestedProcedurePriority: study.priority },
          ],
        }
      : {}),
  };
}

export function seriesAttributes(study: StudyEntry, series: SeriesEntry, modality: string): NaturalDataset {
  return {
    Modality: modality,
    SeriesInstanceUID: sampleUids.series(study.key, series.key),
    SeriesNumber: series.number,
    SeriesDescription: series.description,
    SeriesDate: study.date,
    SeriesTime: study.time,
    BodyPartExamined: study.bodyPart,
  };
}

export function instanceAttributes(study: StudyEntry, series: SeriesEntry, sopClassUID: string, index: number): NaturalDataset {
  return {
    SOPClassUID: sopClassUID,
    SOPInstanceUID: sampleUids.instance(study.key, series.key, index),
    InstanceNumber: index + 1,
    ContentDate: study.date,
    ContentTime: study.time,
  };
}

/** Frame of Reference, Image Plane and patient position for one slice of an axial stack. */
export function axialSliceAttributes(study: StudyEntry, stack: AxialStack, index: number): NaturalDataset {
  const position = slicePosition(stack, index);
  return {
    FrameOfReferenceUID: sampleUids.frameOfReference(study.key),
    PositionReferenceIndicator: '',
    PatientPosition: 'HFS',
    ImagePositionPatient: [...position],
    ImageOrientationPatient: [...AXIAL_ORIENTATION],
    PixelSpacing: [stack.pixelSpacing, stack.pixelSpacing],
    SliceThickness: stack.sliceThickness,
    SliceLocation: position[2],
  };
}

export interface PixelFormat {
  rows: number;
  columns: number;
  samplesPerPixel: 1 | 3;
  photometricInterpretation: string;
  bitsAllocated: 8 | 16;
  bitsStored: number;
  signed: boolean;
}

export function imagePixelAttributes(format: PixelFormat): NaturalDataset {
  return {
    SamplesPerPixel: format.samplesPerPixel,
    PhotometricInterpretation: format.photometricInterpretation,
    Rows: format.rows,
    Columns: format.columns,
    BitsAllocated: format.bitsAllocated,
    BitsStored: format.bitsStored,
    HighBit: format.bitsStored - 1,
    PixelRepresentation: format.signed ? 1 : 0,
    ...(format.samplesPerPixel === 3 ? { PlanarConfiguration: 0 } : {}),
  };
}

export interface Window {
  centre: number;
  width: number;
  explanation: string;
}

/** VOI LUT module with one or several stored windows. */
export function windowAttributes(windows: readonly Window[]): NaturalDataset {
  return {
    WindowCenter: windows.map((w) => w.centre),
    WindowWidth: windows.map((w) => w.width),
    WindowCenterWidthExplanation: windows.map((w) => w.explanation),
  };
}
