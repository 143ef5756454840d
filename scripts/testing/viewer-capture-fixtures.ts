import type { DicomJsonDataset } from '../../src/dicomweb/dicom-json.ts';
import type { CapturedAnnotation, CapturedImage, PlanInput } from '../../src/gsps/plan-presentations.ts';

/** What the viewer captures from a CT chest reading (DICOM JSON as WADO-RS sends it), for plan and validator tests. */

export const STUDY = '2.25.900000000000000000000000000000000001';
export const CT_SERIES = '2.25.900000000000000000000000000000000002';
export const US_SERIES = '2.25.900000000000000000000000000000000003';
export const CT_SOPS = ['2.25.900000000000000000000000000000000010', '2.25.900000000000000000000000000000000011', '2.25.900000000000000000000000000000000012'];
export const US_SOP = '2.25.900000000000000000000000000000000020';

const s = (vr: string, ...values: unknown[]) => ({ vr, Value: values });

function patientAndStudy(): DicomJsonDataset {
  return {
    '00080005': s('CS', 'ISO_IR 192'),
    '00100010': s('PN', { Alphabetic: 'Müller^Jürgen' }),
    '00100020': s('LO', 'RR-0001'),
    '00100030': s('DA', '19580301'),
    '00100040': s('CS', 'M'),
    '0020000D': s('UI', STUDY),
    '00080020': s('DA', '20240314'),
    '00080030': s('TM', '101500'),
    '00080090': s('PN', { Alphabetic: 'Smith^Anne' }),
    '00200010': s('SH', 'S1'),
    '00080050': s('SH', 'ACC0001'),
    '00081030': s('LO', 'CT chest'),
    '00180015': s('CS', 'CHEST'),
  };
}

export function ctDataset(sop: string, instanceNumber: number): DicomJsonDataset {
  return {
    ...patientAndStudy(),
    '00080016': s('UI', '1.2.840.10008.5.1.4.1.1.2'),
    '00080018': s('UI', sop),
    '00080060': s('CS', 'CT'),
    '0020000E': s('UI', CT_SERIES),
    '00200011': s('IS', 2),
    '0008103E': s('LO', 'Chest 1.25 mm'),
    '00200013': s('IS', instanceNumber),
    '00280010': s('US', 512),
    '00280011': s('US', 512),
    '00280004': s('CS', 'MONOCHROME2'),
    '00281052': s('DS', -1024),
    '00281053': s('DS', 1),
    '00281050': s('DS', 50, -600),
    '00281051': s('DS', 350, 1500),
    '00281055': s('LO', 'MEDIASTINUM', 'LUNG'),
  };
}

export function usDataset(): DicomJsonDataset {
  return {
    ...patientAndStudy(),
    '00080016': s('UI', '1.2.840.10008.5.1.4.1.1.3.1'),
    '00080018': s('UI', US_SOP),
    '00080060': s('CS', 'US'),
    '0020000E': s('UI', US_SERIES),
    '00200011': s('IS', 5),
    '00280008': s('IS', 20),
    '00280010': s('US', 480),
    '00280011': s('US', 640),
    '00280004': s('CS', 'YBR_FULL_422'),
  };
}

const on = (sop: string) => ({ referencedSopInstanceUID: sop, frameNumber: 1 });

/** One of each measurement on slice 2, an arrow on slice 3, a length on the colour ultrasound. */
export const capturedAnnotations: CapturedAnnotation[] = [
  {
    kind: 'length',
    ...on(CT_SOPS[1]!),
    points: [
      [100.25, 120.5],
      [160.75, 180],
    ],
    text: '42.3 mm',
    textAnchor: [170, 185],
  },
  {
    kind: 'angle',
    ...on(CT_SOPS[1]!),
    points: [
      [200, 100],
      [250, 150.5],
      [300, 110],
    ],
    text: '87.4 °',
  },
  {
    kind: 'rectangleRoi',
    ...on(CT_SOPS[1]!),
    points: [
      [320, 300],
      [280, 260],
    ],
    text: 'Area: 1600 mm², Mean: 41 HU, Max: 80 HU, Min: 2 HU, Std Dev: 12 HU',
  },
  {
    kind: 'ellipseRoi',
    ...on(CT_SOPS[1]!),
    points: [
      [100, 300],
      [180, 350],
    ],
    text: 'Area: 2199 mm², Mean: -850 HU, Max: -800 HU, Min: -900 HU, Std Dev: 40 HU',
  },
  { kind: 'probe', ...on(CT_SOPS[1]!), points: [[256.5, 256.5]], text: '(256, 256) 35 HU' },
  {
    kind: 'arrow',
    ...on(CT_SOPS[2]!),
    points: [
      [400, 200],
      [440, 160],
    ],
    text: 'Nodule – größer',
  },
  {
    kind: 'length',
    referencedSopInstanceUID: US_SOP,
    frameNumber: 7,
    points: [
      [10, 10],
      [40, 30],
    ],
    text: '12.0 mm',
  },
];

/** The CT viewport shows slice 2 in the lung window, zoomed and turned; the ultrasound is not on screen. */
export const capturedImages: CapturedImage[] = [
  {
    dataset: ctDataset(CT_SOPS[1]!, 2),
    frameNumber: 1,
    view: {
      voi: { center: -600, width: 1500 },
      spatial: { rotation: 90, horizontalFlip: true },
      invert: false,
      displayedArea: { tlhc: [129, 129], brhc: [384, 384], sizeMode: 'SCALE TO FIT' },
    },
  },
  { dataset: ctDataset(CT_SOPS[2]!, 3), frameNumber: 1 },
  { dataset: usDataset(), frameNumber: 7 },
];

let counter = 0;
export const planInput = (): PlanInput => ({
  images: capturedImages,
  annotations: capturedAnnotations,
  creatorName: 'Reader^Rita',
  now: new Date(2024, 2, 14, 11, 22, 33),
  newUid: () => `2.25.${++counter}${'0'.repeat(30)}`,
  seriesNumber: () => 9001,
});
