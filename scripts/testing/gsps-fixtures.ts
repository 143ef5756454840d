import type { Annotation, PresentationInput, ReferencedImage } from '../../src/gsps/types.ts';

/** Realistic presentation-state inputs shared by the GSPS unit tests and the validator tests. */

export const STUDY_UID = '2.25.111111111111111111111111111111111111';
export const CT_SERIES_UID = '2.25.222222222222222222222222222222222222';
export const CT_SOP_UID = '2.25.333333333333333333333333333333333333';
export const US_SERIES_UID = '2.25.444444444444444444444444444444444444';
export const US_SOP_UID = '2.25.555555555555555555555555555555555555';
export const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
export const US_MULTIFRAME = '1.2.840.10008.5.1.4.1.1.3.1';

const source = {
  PatientName: 'Okafor^Chinedu',
  PatientID: 'RR-0002',
  IssuerOfPatientID: 'READROOM',
  PatientBirthDate: '19700102',
  PatientSex: 'M',
  StudyInstanceUID: STUDY_UID,
  StudyDate: '20240314',
  StudyTime: '101500',
  ReferringPhysicianName: 'Smith^Anne',
  StudyID: 'S1',
  AccessionNumber: 'ACC0001',
  StudyDescription: 'CT chest',
  BodyPartExamined: 'CHEST',
};

const ctImage: ReferencedImage = {
  sopClassUID: CT_IMAGE,
  sopInstanceUID: CT_SOP_UID,
  seriesInstanceUID: CT_SERIES_UID,
  rows: 512,
  columns: 512,
  photometricInterpretation: 'MONOCHROME2',
  rescale: { slope: 1, intercept: -1024 },
  voi: { center: 40, width: 400, explanation: 'SOFT TISSUE', function: 'LINEAR' },
};

const on = CT_SOP_UID;
export const CT_ANNOTATIONS: Annotation[] = [
  {
    kind: 'length',
    referencedSopInstanceUID: on,
    points: [
      [100.25, 120.5],
      [160.75, 180],
    ],
    text: '42.3 mm',
  },
  {
    kind: 'angle',
    referencedSopInstanceUID: on,
    points: [
      [200, 100],
      [250, 150.5],
      [300, 110],
    ],
    text: '87.4°',
  },
  {
    kind: 'rectangleRoi',
    referencedSopInstanceUID: on,
    points: [
      [320, 300],
      [280, 260],
    ],
    text: 'Mean 41 HU SD 12 Area 3.2 cm²',
  },
  {
    kind: 'ellipseRoi',
    referencedSopInstanceUID: on,
    points: [
      [100, 300],
      [180, 350],
    ],
    text: 'Mean -850 HU SD 40 Area 4.1 cm²',
    textAnchor: [185, 355],
  },
  {
    kind: 'arrow',
    referencedSopInstanceUID: on,
    points: [
      [400, 200],
      [440, 160],
    ],
    text: 'Nodule',
    textBox: [
      [442, 150],
      [488, 166],
    ],
  },
  { kind: 'probe', referencedSopInstanceUID: on, points: [[256.5, 256.5]], text: '35 HU' },
];

const base = {
  creatorName: 'Reader^Rita',
  label: 'Annotations',
  description: 'Key findings',
  now: new Date(2024, 2, 14, 11, 22, 33),
  uids: { seriesInstanceUID: '2.25.666666666666666666666666666666666666', sopInstanceUID: '2.25.777777777777777777777777777777777777' },
  instanceNumber: 1,
  seriesNumber: 9001,
  spatial: { rotation: 0, horizontalFlip: false },
  invert: false,
  source,
} satisfies Partial<PresentationInput>;

/** A CT slice with one of each measurement. */
export const ctInput: PresentationInput = { ...base, referencedImages: [ctImage], annotations: CT_ANNOTATIONS };

/** Two frames of a multi-frame ultrasound, each with its own annotation. */
export const multiFrameInput: PresentationInput = {
  ...base,
  label: 'US frames',
  source: { ...source, StudyDescription: 'US echo', BodyPartExamined: 'HEART' },
  referencedImages: [1, 7].map((frameNumber) => ({
    sopClassUID: US_MULTIFRAME,
    sopInstanceUID: US_SOP_UID,
    seriesInstanceUID: US_SERIES_UID,
    frameNumber,
    rows: 48,
    columns: 64,
    photometricInterpretation: 'MONOCHROME2',
    voi: { center: 128, width: 256 },
  })),
  annotations: [
    {
      kind: 'length',
      referencedSopInstanceUID: US_SOP_UID,
      frameNumber: 1,
      points: [
        [10, 10],
        [40, 30],
      ],
      text: '12.0 mm',
    },
    { kind: 'probe', referencedSopInstanceUID: US_SOP_UID, frameNumber: 7, points: [[32, 24]], text: '120' },
  ],
};

/** Non-ASCII creator, label, description and texts (ISO_IR 192). */
export const unicodeInput: PresentationInput = {
  ...ctInput,
  creatorName: 'Müller^Jürgen',
  label: 'Befund Lunge – Größe',
  description: 'Rundherd rechts, Größe 14 mm',
  source: { ...source, PatientName: 'Müller^Jürgen' },
  annotations: [
    {
      kind: 'length',
      referencedSopInstanceUID: on,
      points: [
        [100, 100],
        [150, 150],
      ],
      text: 'Ø 14,2 mm',
    },
    {
      kind: 'arrow',
      referencedSopInstanceUID: on,
      points: [
        [300, 300],
        [340, 260],
      ],
      text: 'Rundherd – größer',
    },
  ],
};

/** Rotated, flipped, zoomed (MAGNIFY on a region), inverted. */
export const rotatedInput: PresentationInput = {
  ...ctInput,
  label: 'ZOOM',
  spatial: { rotation: 90, horizontalFlip: true },
  invert: true,
  referencedImages: [
    {
      ...ctImage,
      voi: { center: -600, width: 1500, explanation: 'LUNG' },
      displayedArea: { tlhc: [129, 129], brhc: [384, 384], sizeMode: 'MAGNIFY', magnification: 2 },
    },
  ],
  annotations: CT_ANNOTATIONS.slice(0, 2),
};

export const ALL_INPUTS = { ct: ctInput, multiFrame: multiFrameInput, unicode: unicodeInput, rotated: rotatedInput };
