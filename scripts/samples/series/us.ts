import type { StudyEntry, SeriesEntry } from '../catalogue.ts';
import { SopClass, imagePixelAttributes, instanceAttributes, seriesAttributes, studyAttributes } from '../dicom-modules.ts';
import { echoFrame, type EchoLoop } from '../phantoms/us-cardiac.ts';
import type { SeriesPlan } from './series-plan.ts';

/** Colour ultrasound cine loop, written as RGB (the JPEG baseline encoder turns it into YBR_FULL_422). */
export function usEchoSeries(study: StudyEntry, series: SeriesEntry, phantom: { loop: EchoLoop; frameTimeMs: number }): SeriesPlan {
  const { loop } = phantom;
  return {
    modality: 'US',
    instanceCount: 1,
    instance(index) {
      const pixels = new Uint8Array(loop.width * loop.height * 3 * loop.frames);
      for (let f = 0; f < loop.frames; f++) pixels.set(echoFrame(loop, f), f * loop.width * loop.height * 3);
      const dataset = {
        ...studyAttributes(study),
        ...seriesAttributes(study, series, 'US'),
        ...instanceAttributes(study, series, SopClass.usMultiFrame, index),
        ...imagePixelAttributes({
          rows: loop.height,
          columns: loop.width,
          samplesPerPixel: 3,
          photometricInterpretation: 'RGB',
          bitsAllocated: 8,
          bitsStored: 8,
          signed: false,
        }),
        ImageType: ['ORIGINAL', 'PRIMARY'],
        NumberOfFrames: loop.frames,
        FrameTime: phantom.frameTimeMs,
        // dcmjs takes AT values as numbers: (0018,1063) Frame Time.
        FrameIncrementPointer: 0x00181063,
        CineRate: Math.round(1000 / phantom.frameTimeMs),
        RecommendedDisplayFrameRate: Math.round(1000 / phantom.frameTimeMs),
        PatientOrientation: '',
        BurnedInAnnotation: 'NO',
        TransducerType: 'SECTOR_PHASED',
      };
      return { dataset, pixelData: pixels };
    },
  };
}
