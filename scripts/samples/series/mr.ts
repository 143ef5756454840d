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
};

/** Spin-echo MR of the head: unsigned 12 bits in 16, no rescale. */
export function mrHeadSeries(
  study: StudyEntry,
  series: SeriesEntry,
  phantom: { weighting: MrWeighting; stack: AxialStack; echoTimeMs: number; repetitionTimeMs: number },
): SeriesPlan {
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
    ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
    AcquisitionNumber: 1,
    ScanningSequence: 'SE',
    SequenceVariant: weighting === 'T2' ? 'SK' : 'NONE',
    ScanOptions: '',
    MRAcquisitionType: '2D',
    EchoTime: phantom.echoTimeMs,
    RepetitionTime: phantom.repetitionTimeMs,
    EchoTrainLength: weighting === 'T2' ? 16 : 1,
    MagneticFieldStrength: 1.5,
    ImagingFrequency: 63.87,
    ImagedNucleus: '1H',
    SpacingBetweenSlices: Math.abs(stack.zStep),
    FlipAngle: 90,
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
