import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { part10Bytes } from '../samples/write-part10.ts';
import type { PresentationInput } from '../../src/gsps/types.ts';

const execFileAsync = promisify(execFile);

/** Runs a tool and returns stdout + stderr and the exit code (validators report on stderr and exit non-zero). */
export async function runValidator(tool: string, args: readonly string[]): Promise<{ output: string; code: number }> {
  try {
    const { stdout, stderr } = await execFileAsync(tool, args, { maxBuffer: 16 * 1024 * 1024 });
    return { output: `${stdout}${stderr}`, code: 0 };
  } catch (error) {
    const { stdout = '', stderr = '', code } = error as { stdout?: string; stderr?: string; code?: number };
    return { output: `${stdout}${stderr}`, code: typeof code === 'number' ? code : 1 };
  }
}

/**
 * A small image matching the first referenced image of a presentation state (same study, series and
 * SOP instance UIDs, same size), so dcmp2pgm and dcentvfy can pair them.
 */
export function referencedImageFile(input: PresentationInput, index = 0): Uint8Array {
  const image = input.referencedImages[index]!;
  const frames = Math.max(1, ...input.referencedImages.filter((i) => i.sopInstanceUID === image.sopInstanceUID).map((i) => i.frameNumber ?? 1));
  const pixels = new Uint16Array(image.rows * image.columns * frames);
  for (let i = 0; i < pixels.length; i++) pixels[i] = i % 4096;
  const s = input.source;
  const dataset: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: image.sopClassUID,
    SOPInstanceUID: image.sopInstanceUID,
    PatientName: [{ Alphabetic: s.PatientName ?? '' }],
    PatientID: s.PatientID ?? '',
    IssuerOfPatientID: s.IssuerOfPatientID,
    PatientBirthDate: s.PatientBirthDate ?? '',
    PatientSex: s.PatientSex ?? '',
    StudyInstanceUID: s.StudyInstanceUID,
    StudyDate: s.StudyDate ?? '',
    StudyTime: s.StudyTime ?? '',
    ReferringPhysicianName: [{ Alphabetic: s.ReferringPhysicianName ?? '' }],
    StudyID: s.StudyID ?? '',
    AccessionNumber: s.AccessionNumber ?? '',
    StudyDescription: s.StudyDescription,
    Modality: image.sopClassUID === '1.2.840.10008.5.1.4.1.1.2' ? 'CT' : 'OT',
    SeriesInstanceUID: image.seriesInstanceUID,
    SeriesNumber: 1,
    BodyPartExamined: s.BodyPartExamined,
    Manufacturer: 'Readroom',
    InstanceNumber: 1,
    SamplesPerPixel: 1,
    PhotometricInterpretation: image.photometricInterpretation ?? 'MONOCHROME2',
    Rows: image.rows,
    Columns: image.columns,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    ...(frames > 1 ? { NumberOfFrames: frames } : {}),
    ...(image.rescale ? { RescaleIntercept: image.rescale.intercept, RescaleSlope: image.rescale.slope } : {}),
  };
  return part10Bytes(dataset, pixels);
}
