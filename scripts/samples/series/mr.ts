import type { StudyEntry, SeriesEntry } from '../catalogue.ts';
import {
  SopClass,
  axialSliceAttributes,
  imagePixelAttributes,
  instanceAttributes,
  seriesAttributes,
  studyAttributes,
  windowAttributes,
} from '../dicom-modules.ts';
import { planeGrid, slicePosition, type AxialStack } from '../geometry.ts';
import { headMrSignal, type MrWeighting } from '../phantoms/head.ts';
import { toUint16, type SeriesPlan } from './series-plan.ts';

const BITS_STORED = 12;

const WINDOWS: Record<MrWeighting, { centre: number; width: number }> = {
  T1: { centre: 600, width: 1200 },
  T2: { centre: 1300, width: 2600 },
  FLAIR: { centre: 650, width: 1300 },
  DWI: { centre: 400, width: 800 },
};

export interface MrHeadPhantom {
  weighting: MrWeighting;
  stack: AxialStack;
  echoTimeMs: number;
  repetitionTimeMs: number;
  /** FLAIR only: the inversion time that nulls CSF. */
  inversionTimeMs?: number;
  /** DWI only: the b value (s/mm²) of the isotropic trace image. */
  diffusionBValue?: number;
}

/** Acquisition attributes of each sequence, named as a 1.5 T scanner would name them. */
function sequenceAttributes(phantom: MrHeadPhantom) {
  switch (phantom.weighting) {
    case 'T1':
      return {
        ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
        ScanningSequence: 'SE',
        SequenceVariant: 'NONE',
        ScanOptions: '',
        SequenceName: '*se2d1',
        EchoTrainLength: 1,
        FlipAngle: 90,
      };
    case 'T2':
      return {
        ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
        ScanningSequence: 'SE',
        SequenceVariant: 'SK',
        ScanOptions: '',
        SequenceName: '*tse2d1_16',
        EchoTrainLength: 16,
        FlipAngle: 90,
      };
    case 'FLAIR':
      if (phantom.inversionTimeMs === undefined) throw new Error('A FLAIR series needs an inversion time');
      return {
        ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
        ScanningSequence: ['SE', 'IR'],
        SequenceVariant: ['SK', 'SP', 'MP'],
        ScanOptions: 'IR',
        SequenceName: '*tir2d1_16',
        InversionTime: phantom.inversionTimeMs,
        EchoTrainLength: 16,
        FlipAngle: 150,
      };
    case 'DWI':
      if (phantom.diffusionBValue === undefined) throw new Error('A diffusion series needs a b value');
      return {
        ImageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'TRACEW'],
        ScanningSequence: 'EP',
        SequenceVariant: ['SK', 'SP'],
        ScanOptions: 'FS',
        SequenceName: `*ep_b${phantom.diffusionBValue}t`,
        DiffusionBValue: phantom.diffusionBValue,
        DiffusionDirectionality: 'ISOTROPIC',
        EchoTrainLength: 1,
        FlipAngle: 90,
      };
  }
}

/** MR of the head (spin echo, FLAIR or diffusion): unsigned 12 bits in 16, no rescale. */
export function mrHeadSeries(study: StudyEntry, series: SeriesEntry, phantom: MrHeadPhantom): SeriesPlan {
  const { stack, weighting } = phantom;
  const common = {
    ...studyAttributes(study),
    ...seriesAttributes(study, series, 'MR'),
    ...imagePixelAttributes({
      rows: stack.rows,
      columns: stack.columns,
      samplesPerPixel: 1,
      photometricInterpretation: 'MONOCHROME2',
      bitsAllocated: 16,
      bitsStored: BITS_STORED,
      signed: false,
    }),
    ...windowAttributes([{ ...WINDOWS[weighting], explanation: weighting }]),
    ...sequenceAttributes(phantom),
    AcquisitionNumber: 1,
    MRAcquisitionType: '2D',
    EchoTime: phantom.echoTimeMs,
    RepetitionTime: phantom.repetitionTimeMs,
    MagneticFieldStrength: 1.5,
    ImagingFrequency: 63.87,
    ImagedNucleus: '1H',
    SpacingBetweenSlices: Math.abs(stack.zStep),
  };
  const grid = planeGrid(stack);
  return {
    modality: 'MR',
    instanceCount: stack.count,
    instance(index) {
      const signal = headMrSignal(grid, slicePosition(stack, index)[2], index, weighting);
      return {
        dataset: { ...common, ...instanceAttributes(study, series, SopClass.mr, index), ...axialSliceAttributes(study, stack, index) },
        pixelData: toUint16(signal, BITS_STORED),
      };
    },
  };
}
