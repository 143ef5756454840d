import type { StudyEntry, SeriesEntry } from '../catalogue.ts';
import { SopClass, imagePixelAttributes, instanceAttributes, seriesAttributes, studyAttributes } from '../dicom-modules.ts';
import { chartSize, colourChartPixels, type ColourChart } from '../phantoms/colour-chart.ts';
import type { SeriesPlan } from './series-plan.ts';

/** A secondary-capture colour chart, RGB with 16 bits allocated and the chart's Bits Stored. */
export function colourChartSeries(study: StudyEntry, series: SeriesEntry, phantom: { chart: ColourChart; planar: boolean }): SeriesPlan {
  const { chart, planar } = phantom;
  const { rows, columns } = chartSize(chart);
  return {
    modality: 'OT',
    instanceCount: 1,
    instance(index) {
      const dataset = {
        ...studyAttributes(study),
        ...seriesAttributes(study, series, 'OT'),
        ...instanceAttributes(study, series, SopClass.secondaryCapture, index),
        ...imagePixelAttributes({
          rows,
          columns,
          samplesPerPixel: 3,
          photometricInterpretation: 'RGB',
          bitsAllocated: 16,
          bitsStored: chart.bitsStored,
          signed: false,
        }),
        PlanarConfiguration: planar ? 1 : 0,
        ConversionType: 'SYN',
        ImageType: ['DERIVED', 'SECONDARY'],
        PatientOrientation: '',
        BurnedInAnnotation: 'NO',
      };
      return { dataset, pixelData: colourChartPixels(chart, planar) };
    },
  };
}
