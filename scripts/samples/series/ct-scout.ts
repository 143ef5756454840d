import type { StudyEntry, SeriesEntry } from '../catalogue.ts';
import { SopClass, imagePixelAttributes, instanceAttributes, seriesAttributes, studyAttributes, windowAttributes } from '../dicom-modules.ts';
import { CORONAL_ORIENTATION, type CoronalScout } from '../geometry.ts';
import { CHEST_HU, ChestPhantom, type ChestAnatomy, type ChestTissue } from '../phantoms/ct-chest.ts';
import { sampleUids } from '../uids.ts';
import { toUint16, type SeriesPlan } from './series-plan.ts';

const BITS_STORED = 12;
/** Stored value per mm of water-equivalent path: a path through the whole chest (~350 mm with bone) stays under 4096. */
const STORED_PER_WATER_MM = 8;

/**
 * The scout as a parallel anterior–posterior projection of the chest phantom: each pixel sums the
 * attenuation ((HU + 1000) / 1000, relative to water) along y through the axial plane of its row,
 * so bone and soft tissue are bright, lungs dark. Noise-free: every value follows from the anatomy.
 */
export function chestProjection(chest: ChestPhantom, scout: CoronalScout): Uint16Array {
  const { rows, columns, pixelSpacing, origin, depth } = scout;
  const samples = Math.round((depth.yMax - depth.yMin) / pixelSpacing);
  const grid = { rows: samples, columns, x0: origin[0], y0: depth.yMin + pixelSpacing / 2, spacing: pixelSpacing };
  const sums = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const { labels } = chest.labels(grid, origin[2] - row * pixelSpacing);
    for (let y = 0; y < samples; y++) {
      for (let column = 0; column < columns; column++) {
        const hu = CHEST_HU[labels[y * columns + column]! as ChestTissue];
        sums[row * columns + column]! += Math.max(0, (hu + 1000) / 1000) * pixelSpacing;
      }
    }
  }
  return toUint16(
    Array.from(sums, (waterMm) => Math.round(waterMm * STORED_PER_WATER_MM)),
    BITS_STORED,
  );
}

/** A CT localizer (topogram) of the chest: one image, ORIGINAL\PRIMARY\LOCALIZER, in the study's frame of reference. */
export function ctChestScoutSeries(study: StudyEntry, series: SeriesEntry, phantom: { anatomy: ChestAnatomy; scout: CoronalScout }): SeriesPlan {
  const { scout } = phantom;
  return {
    modality: 'CT',
    instanceCount: 1,
    instance(index) {
      const dataset = {
        ...studyAttributes(study),
        ...seriesAttributes(study, series, 'CT'),
        ...instanceAttributes(study, series, SopClass.ct, index),
        ...imagePixelAttributes({
          rows: scout.rows,
          columns: scout.columns,
          samplesPerPixel: 1,
          photometricInterpretation: 'MONOCHROME2',
          bitsAllocated: 16,
          bitsStored: BITS_STORED,
          signed: false,
        }),
        ...windowAttributes([{ centre: 1400, width: 2800, explanation: 'SCOUT' }]),
        ImageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'],
        AcquisitionNumber: 1,
        FrameOfReferenceUID: sampleUids.frameOfReference(study.key),
        PositionReferenceIndicator: '',
        PatientPosition: 'HFS',
        ImagePositionPatient: [...scout.origin],
        ImageOrientationPatient: [...CORONAL_ORIENTATION],
        PixelSpacing: [scout.pixelSpacing, scout.pixelSpacing],
        KVP: 120,
        XRayTubeCurrent: 35,
        ExposureTime: 2800,
        ConvolutionKernel: 'T20s',
        TableHeight: 150,
        RescaleIntercept: 0,
        RescaleSlope: 1,
        RescaleType: 'US',
      };
      return { dataset, pixelData: chestProjection(new ChestPhantom(phantom.anatomy), scout) };
    },
  };
}
