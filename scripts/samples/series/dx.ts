import type { StudyEntry, SeriesEntry } from '../catalogue.ts';
import { SopClass, imagePixelAttributes, instanceAttributes, seriesAttributes, studyAttributes, windowAttributes } from '../dicom-modules.ts';
import { DX_BITS_STORED, chestRadiograph } from '../phantoms/dx-chest.ts';
import { centredGrid } from '../phantoms/raster.ts';
import type { SeriesPlan } from './series-plan.ts';

const code = (value: string, meaning: string) => ({ CodeValue: value, CodingSchemeDesignator: 'SCT', CodeMeaning: meaning });

/** A PA chest radiograph, DX For Presentation (or CR), MONOCHROME1 (high values dark). */
export function dxChestSeries(
  study: StudyEntry,
  series: SeriesEntry,
  phantom: { rows: number; columns: number; spacing: number; modality?: 'DX' | 'CR' },
): SeriesPlan {
  const modality = phantom.modality ?? 'DX';
  return {
    modality,
    instanceCount: 1,
    instance(index) {
      const dataset = {
        ...studyAttributes(study),
        ...seriesAttributes(study, series, modality),
        ...instanceAttributes(study, series, modality === 'CR' ? SopClass.cr : SopClass.dxForPresentation, index),
        ...imagePixelAttributes({
          rows: phantom.rows,
          columns: phantom.columns,
          samplesPerPixel: 1,
          photometricInterpretation: 'MONOCHROME1',
          bitsAllocated: 16,
          bitsStored: DX_BITS_STORED,
          signed: false,
        }),
        ...windowAttributes([{ centre: 2200, width: 3400, explanation: 'DEFAULT' }]),
        ImageType: ['ORIGINAL', 'PRIMARY'],
        ...(modality === 'DX' ? { PresentationIntentType: 'FOR PRESENTATION', DetectorType: 'DIRECT' } : {}),
        PresentationLUTShape: 'INVERSE',
        RescaleIntercept: 0,
        RescaleSlope: 1,
        RescaleType: 'US',
        AcquisitionNumber: 1,
        PatientOrientation: ['L', 'F'],
        ViewPosition: 'PA',
        ViewCodeSequence: [code('399348003', 'postero-anterior')],
        ImageLaterality: 'U',
        AnatomicRegionSequence: [code('43799004', 'Chest')],
        PositionerType: '',
        AcquisitionContextSequence: [],
        // Pixel values rise with log exposure (+1: lower values mean less X-ray intensity).
        PixelIntensityRelationship: 'LOG',
        PixelIntensityRelationshipSign: 1,
        ImagerPixelSpacing: [phantom.spacing, phantom.spacing],
        KVP: 125,
        ExposureInuAs: 2500,
        DistanceSourceToDetector: 1800,
        DistanceSourceToPatient: 1650,
        BurnedInAnnotation: 'NO',
        LossyImageCompression: '00',
      };
      return { dataset, pixelData: chestRadiograph(centredGrid(phantom.rows, phantom.columns, phantom.spacing)) };
    },
  };
}
