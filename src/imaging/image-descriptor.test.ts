import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../dicomweb/dicom-json.ts';
import { describeImage } from './image-descriptor.ts';

const ct: DicomJsonDataset = {
  '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
  '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
  '00080008': { vr: 'CS', Value: ['ORIGINAL', 'PRIMARY', 'AXIAL '] },
  '00080018': { vr: 'UI', Value: ['1.2.3.4.5'] },
  '00080020': { vr: 'DA', Value: ['20240102'] },
  '00080060': { vr: 'CS', Value: ['CT'] },
  '00081030': { vr: 'LO', Value: ['CT CHEST'] },
  '0008103E': { vr: 'LO', Value: ['Axial 1.25 mm '] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
  '00100020': { vr: 'LO', Value: ['P-1'] },
  '00100030': { vr: 'DA', Value: ['19610502'] },
  '00100040': { vr: 'CS', Value: ['F'] },
  '00180015': { vr: 'CS', Value: ['CHEST'] },
  '00180050': { vr: 'DS', Value: [1.25] },
  '0020000D': { vr: 'UI', Value: ['1.2.3'] },
  '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
  '00200011': { vr: 'IS', Value: [2] },
  '00200032': { vr: 'DS', Value: [-200, -180.5, -12.5] },
  '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
  '00200052': { vr: 'UI', Value: ['1.2.3.9'] },
  '00201041': { vr: 'DS', Value: [-12.5] },
  '00280002': { vr: 'US', Value: [1] },
  '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
  '00280010': { vr: 'US', Value: [512] },
  '00280011': { vr: 'US', Value: [512] },
  '00280030': { vr: 'DS', Value: [0.7, 0.8] },
  '00280100': { vr: 'US', Value: [16] },
  '00280101': { vr: 'US', Value: [12] },
  '00280102': { vr: 'US', Value: [11] },
  '00280103': { vr: 'US', Value: [1] },
  '00281050': { vr: 'DS', Value: [40, -600] },
  '00281051': { vr: 'DS', Value: [400, 1500] },
  '00281052': { vr: 'DS', Value: [-1024] },
  '00281053': { vr: 'DS', Value: [1] },
  '00281054': { vr: 'LO', Value: ['HU'] },
  '00281055': { vr: 'LO', Value: ['SOFT TISSUE', 'LUNG'] },
  '00282110': { vr: 'CS', Value: ['00'] },
};

describe('describeImage', () => {
  it('reads the attributes the viewer uses, typed', () => {
    const d = describeImage(ct);
    expect(d).toMatchObject({
      studyInstanceUID: '1.2.3',
      seriesInstanceUID: '1.2.3.4',
      sopInstanceUID: '1.2.3.4.5',
      sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
      frameNumber: 1,
      patientName: 'Doe^Jane',
      patientId: 'P-1',
      patientBirthDate: '19610502',
      patientSex: 'F',
      studyDate: '20240102',
      studyDescription: 'CT CHEST',
      modality: 'CT',
      imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
      seriesNumber: 2,
      seriesDescription: 'Axial 1.25 mm',
      bodyPartExamined: 'CHEST',
      rows: 512,
      columns: 512,
      samplesPerPixel: 1,
      bitsAllocated: 16,
      bitsStored: 12,
      highBit: 11,
      pixelRepresentation: 1,
      photometricInterpretation: 'MONOCHROME2',
      transferSyntaxUID: '1.2.840.10008.1.2.1',
      lossyImageCompression: '00',
      pixelSpacing: [0.7, 0.8],
      spacing: { kind: 'pixel', rowMm: 0.7, columnMm: 0.8 },
      imagePositionPatient: [-200, -180.5, -12.5],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      frameOfReferenceUID: '1.2.3.9',
      sliceLocation: -12.5,
      sliceThickness: 1.25,
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      rescaleType: 'HU',
    });
    expect(d.numberOfFrames).toBeUndefined();
    expect(d.imagerPixelSpacing).toBeUndefined();
  });

  it('pairs every Window Center/Width with its explanation', () => {
    expect(describeImage(ct).windows).toEqual([
      { center: 40, width: 400, explanation: 'SOFT TISSUE' },
      { center: -600, width: 1500, explanation: 'LUNG' },
    ]);
  });

  it('leaves out a window pair with a malformed value, keeping the others in place', () => {
    const ds: DicomJsonDataset = {
      '00281050': { vr: 'DS', Value: ['40', 'x', '300'] },
      '00281051': { vr: 'DS', Value: ['400', '2000', ' '] },
      '00281055': { vr: 'LO', Value: ['A', 'B', 'C'] },
    };
    expect(describeImage(ds).windows).toEqual([{ center: 40, width: 400, explanation: 'A' }]);
  });

  it('gives undefined (never NaN) for absent attributes, and no windows', () => {
    const d = describeImage({});
    for (const [key, value] of Object.entries(d)) {
      if (key === 'frameNumber' || key === 'windows' || key === 'spacing') continue;
      expect(value, key).toBeUndefined();
    }
    expect(d.frameNumber).toBe(1);
    expect(d.windows).toEqual([]);
    expect(d.spacing).toEqual({ kind: 'none' });
  });

  it('treats malformed values as absent', () => {
    const d = describeImage({
      '00280010': { vr: 'US', Value: ['abc'] },
      '00280011': { vr: 'US', Value: [''] },
      '00200011': { vr: 'IS', Value: [null] },
      '00280030': { vr: 'DS', Value: [0.5] },
      '00181164': { vr: 'DS', Value: [0.1, 'x'] },
      '00200032': { vr: 'DS', Value: [1, 2] },
      '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 'NaN'] },
      '00080060': { vr: 'CS', Value: ['  '] },
      '00100010': { vr: 'PN', Value: [{}] },
      '00181063': { vr: 'DS', Value: ['Infinity'] },
    });
    expect(d.rows).toBeUndefined();
    expect(d.columns).toBeUndefined();
    expect(d.seriesNumber).toBeUndefined();
    expect(d.pixelSpacing).toBeUndefined();
    expect(d.imagerPixelSpacing).toBeUndefined();
    expect(d.spacing).toEqual({ kind: 'none' });
    expect(d.imagePositionPatient).toBeUndefined();
    expect(d.imageOrientationPatient).toBeUndefined();
    expect(d.modality).toBeUndefined();
    expect(d.patientName).toBeUndefined();
    expect(d.frameTimeMs).toBeUndefined();
  });

  it('reads numeric strings, as some archives send DS and IS', () => {
    const d = describeImage({
      '00280010': { vr: 'US', Value: ['256'] },
      '00200011': { vr: 'IS', Value: [' 7 '] },
      '00181164': { vr: 'DS', Value: ['0.15', '0.15'] },
    });
    expect(d.rows).toBe(256);
    expect(d.seriesNumber).toBe(7);
    expect(d.spacing).toEqual({ kind: 'imager', rowMm: 0.15, columnMm: 0.15 });
  });

  it('describes one frame of a multi-frame instance, with its timing', () => {
    const clip: DicomJsonDataset = {
      '00080060': { vr: 'CS', Value: ['US'] },
      '00280008': { vr: 'IS', Value: ['30'] },
      '00181063': { vr: 'DS', Value: [33.3] },
      '00082144': { vr: 'IS', Value: [30] },
      '00180040': { vr: 'IS', Value: [25] },
    };
    expect(describeImage(clip, 7)).toMatchObject({ frameNumber: 7, numberOfFrames: 30, frameTimeMs: 33.3, recommendedDisplayFrameRate: 30, cineRate: 25 });
  });
});
