import type { StudyEntry, SeriesEntry } from '../catalogue.ts';
import {
  SopClass,
  axialSliceAttributes,
  imagePixelAttributes,
  instanceAttributes,
  seriesAttributes,
  studyAttributes,
  windowAttributes,
  type Window,
} from '../dicom-modules.ts';
import { planeGrid, slicePosition, type AxialStack } from '../geometry.ts';
import { ChestPhantom, type ChestAnatomy } from '../phantoms/ct-chest.ts';
import { headHounsfield } from '../phantoms/head.ts';
import type { PlaneGrid } from '../phantoms/raster.ts';
import { toInt16, type SeriesPlan } from './series-plan.ts';

/** How HU are stored: stored = HU − intercept (slope 1), in `bitsStored` signed bits. */
export interface CtStorage {
  bitsStored: number;
  rescaleIntercept: number;
}

/** Chest CT: 16 signed bits, intercept −1024 (so stored values are mostly positive). */
export const CHEST_STORAGE: CtStorage = { bitsStored: 16, rescaleIntercept: -1024 };
/** Head CT: 12 signed bits, intercept 0 (negative stored values, sign-extended in 16 bits). */
export const HEAD_STORAGE: CtStorage = { bitsStored: 12, rescaleIntercept: 0 };

interface CtProtocol {
  storage: CtStorage;
  windows: readonly Window[];
  kernel: string;
  tubeCurrentMa: number;
  hounsfield(grid: PlaneGrid, z: number, sliceNumber: number): Int32Array;
}

function ctSeries(study: StudyEntry, series: SeriesEntry, stack: AxialStack, protocol: CtProtocol): SeriesPlan {
  const common = {
    ...studyAttributes(study),
    ...seriesAttributes(study, series, 'CT'),
    ...imagePixelAttributes({
      rows: stack.rows,
      columns: stack.columns,
      samplesPerPixel: 1,
      photometricInterpretation: 'MONOCHROME2',
      bitsAllocated: 16,
      bitsStored: protocol.storage.bitsStored,
      signed: true,
    }),
    ...windowAttributes(protocol.windows),
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    AcquisitionNumber: 1,
    KVP: 120,
    XRayTubeCurrent: protocol.tubeCurrentMa,
    ExposureTime: 500,
    ConvolutionKernel: protocol.kernel,
    DataCollectionDiameter: 500,
    ReconstructionDiameter: stack.columns * stack.pixelSpacing,
    GantryDetectorTilt: 0,
    TableHeight: 150,
    RotationDirection: 'CW',
    RescaleIntercept: protocol.storage.rescaleIntercept,
    RescaleSlope: 1,
    RescaleType: 'HU',
  };
  const grid = planeGrid(stack);
  return {
    modality: 'CT',
    instanceCount: stack.count,
    instance(index) {
      const hu = protocol.hounsfield(grid, slicePosition(stack, index)[2], index);
      const stored = toInt16(
        hu.map((v) => v - protocol.storage.rescaleIntercept),
        protocol.storage.bitsStored,
      );
      return {
        dataset: { ...common, ...instanceAttributes(study, series, SopClass.ct, index), ...axialSliceAttributes(study, stack, index) },
        pixelData: stored,
      };
    },
  };
}

export const CHEST_WINDOWS: readonly Window[] = [
  { centre: 40, width: 400, explanation: 'MEDIASTINUM' },
  { centre: -600, width: 1500, explanation: 'LUNG' },
];

export function ctChestSeries(study: StudyEntry, series: SeriesEntry, phantom: { anatomy: ChestAnatomy; stack: AxialStack }): SeriesPlan {
  const chest = new ChestPhantom(phantom.anatomy);
  return ctSeries(study, series, phantom.stack, {
    storage: CHEST_STORAGE,
    windows: CHEST_WINDOWS,
    kernel: 'STANDARD',
    tubeCurrentMa: 180,
    hounsfield: (grid, z, slice) => chest.hounsfield(grid, z, slice),
  });
}

export function ctHeadSeries(study: StudyEntry, series: SeriesEntry, phantom: { stack: AxialStack }): SeriesPlan {
  return ctSeries(study, series, phantom.stack, {
    storage: HEAD_STORAGE,
    windows: [
      { centre: 40, width: 80, explanation: 'BRAIN' },
      { centre: 600, width: 2800, explanation: 'BONE' },
    ],
    kernel: 'H30s',
    tubeCurrentMa: 250,
    hounsfield: headHounsfield,
  });
}
